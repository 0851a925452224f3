//! EPUB books: `META-INF/container.xml` names the package document, whose spine lists the
//! chapters in reading order; each chapter is XHTML, read like a web page, its lines placed in
//! their chapter (1-based, in spine order).

use super::archive::Archive;
use super::origin::TextBuilder;
use super::xml::{walk, Tag, Visitor};
use super::{html, FormatProblem, Limits};
use std::collections::HashMap;

/// Takes the text out of an EPUB, chapter by chapter.
pub(super) fn extract(
    zip: &mut Archive<'_>,
    out: &mut TextBuilder,
    limits: &Limits,
) -> Result<(), FormatProblem> {
    let container = zip
        .read_text("META-INF/container.xml")?
        .ok_or_else(|| FormatProblem::Corrupt("no META-INF/container.xml".to_owned()))?;
    let package_path = package_path(&container, limits)?;
    let package = zip.read_text(&package_path)?.ok_or_else(|| {
        FormatProblem::Corrupt(format!("the package document `{package_path}` is missing"))
    })?;
    let base = match package_path.rfind('/') {
        Some(i) => &package_path[..=i],
        None => "",
    };
    let chapters = spine(&package, &package_path, limits)?;
    for (number, href) in (1u32..).zip(chapters) {
        limits.check_time()?;
        let member = resolve(base, &href);
        let Some(chapter) = zip.read_text(&member)? else {
            continue;
        };
        out.reset_headings();
        html::extract(&chapter, Some(number), out, limits)?;
        out.blank();
    }
    Ok(())
}

/// The path of the package document (`.opf`) that `container.xml` names.
fn package_path(container: &str, limits: &Limits) -> Result<String, FormatProblem> {
    #[derive(Default)]
    struct Rootfile(Option<String>);
    impl Visitor for Rootfile {
        fn open(&mut self, name: &str, tag: &Tag<'_>) -> Result<(), FormatProblem> {
            if name == "rootfile" && self.0.is_none() {
                self.0 = tag.attr("full-path");
            }
            Ok(())
        }
        fn close(&mut self, _: &str) -> Result<(), FormatProblem> {
            Ok(())
        }
        fn text(&mut self, _: &str) -> Result<(), FormatProblem> {
            Ok(())
        }
    }
    let mut rootfile = Rootfile::default();
    walk(container, "META-INF/container.xml", limits, &mut rootfile)?;
    rootfile
        .0
        .ok_or_else(|| FormatProblem::Corrupt("container.xml names no package document".into()))
}

/// The hrefs of the spine's items, in reading order.
fn spine(package: &str, part: &str, limits: &Limits) -> Result<Vec<String>, FormatProblem> {
    #[derive(Default)]
    struct Package {
        hrefs: HashMap<String, String>,
        order: Vec<String>,
    }
    impl Visitor for Package {
        fn open(&mut self, name: &str, tag: &Tag<'_>) -> Result<(), FormatProblem> {
            match name {
                "item" => {
                    if let (Some(id), Some(href)) = (tag.attr("id"), tag.attr("href")) {
                        self.hrefs.insert(id, href);
                    }
                }
                "itemref" => {
                    if let Some(id) = tag.attr("idref") {
                        self.order.push(id);
                    }
                }
                _ => {}
            }
            Ok(())
        }
        fn close(&mut self, _: &str) -> Result<(), FormatProblem> {
            Ok(())
        }
        fn text(&mut self, _: &str) -> Result<(), FormatProblem> {
            Ok(())
        }
    }
    let mut visitor = Package::default();
    walk(package, part, limits, &mut visitor)?;
    Ok(visitor
        .order
        .iter()
        .filter_map(|id| visitor.hrefs.get(id).cloned())
        .collect())
}

/// A member's path from an href relative to the package document's folder: `..` resolved,
/// a fragment dropped, percent-escapes decoded.
fn resolve(base: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or_default();
    let mut parts: Vec<String> = base
        .split('/')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    for piece in percent_decode(href).split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p.to_owned()),
        }
    }
    parts.join("/")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let value = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(value).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_against_the_package_folder() {
        assert_eq!(
            resolve("OEBPS/", "text/ch%201.xhtml#top"),
            "OEBPS/text/ch 1.xhtml"
        );
        assert_eq!(resolve("OEBPS/text/", "../ch2.xhtml"), "OEBPS/ch2.xhtml");
        assert_eq!(resolve("", "ch3.html"), "ch3.html");
        assert_eq!(resolve("a/", "../../../x"), "x");
    }
}
