//! Word documents (Office Open XML): the paragraphs of `word/document.xml` in order, headings
//! known by their style (`heading 1`, `Title`, an outline level) and written as markdown
//! headings, list paragraphs as list items, each table cell a line and each row a paragraph.
//! A line's origin is its paragraph's number and the headings above it.

use super::archive::Archive;
use super::origin::{Origin, TextBuilder};
use super::xml::{walk, Tag, Visitor};
use super::{FormatProblem, Limits};
use std::collections::HashMap;

/// Takes the text out of a DOCX.
pub(super) fn extract(
    zip: &mut Archive<'_>,
    out: &mut TextBuilder,
    limits: &Limits,
) -> Result<(), FormatProblem> {
    let levels = match zip.read_text("word/styles.xml")? {
        Some(styles) => heading_styles(&styles, limits)?,
        None => HashMap::new(),
    };
    let document = zip
        .read_text("word/document.xml")?
        .ok_or_else(|| FormatProblem::Corrupt("no word/document.xml".to_owned()))?;
    let mut body = Body {
        levels,
        out,
        paragraphs: 0,
        in_paragraph: false,
        in_text: false,
        skip: 0,
        text: String::new(),
        level: None,
        list: false,
    };
    walk(&document, "word/document.xml", limits, &mut body)
}

/// The heading level of each paragraph style that is a heading, by style id.
fn heading_styles(styles: &str, limits: &Limits) -> Result<HashMap<String, u8>, FormatProblem> {
    #[derive(Default)]
    struct Styles {
        levels: HashMap<String, u8>,
        id: Option<String>,
    }
    impl Visitor for Styles {
        fn open(&mut self, name: &str, tag: &Tag<'_>) -> Result<(), FormatProblem> {
            match name {
                "style" => self.id = tag.attr("styleId"),
                "name" => {
                    if let (Some(id), Some(level)) =
                        (&self.id, tag.attr("val").and_then(|n| style_level(&n)))
                    {
                        self.levels.insert(id.clone(), level);
                    }
                }
                "outlineLvl" => {
                    let level = tag.attr("val").and_then(|v| v.parse::<u8>().ok());
                    if let (Some(id), Some(level)) = (&self.id, level) {
                        self.levels
                            .entry(id.clone())
                            .or_insert(level.saturating_add(1).min(6));
                    }
                }
                _ => {}
            }
            Ok(())
        }
        fn close(&mut self, name: &str) -> Result<(), FormatProblem> {
            if name == "style" {
                self.id = None;
            }
            Ok(())
        }
        fn text(&mut self, _: &str) -> Result<(), FormatProblem> {
            Ok(())
        }
    }
    let mut visitor = Styles::default();
    walk(styles, "word/styles.xml", limits, &mut visitor)?;
    Ok(visitor.levels)
}

/// The heading level a style's name gives: `heading 2` is 2, `Title` 1.
fn style_level(name: &str) -> Option<u8> {
    let name = name.trim().to_ascii_lowercase();
    if name == "title" {
        return Some(1);
    }
    let n = name.strip_prefix("heading")?.trim().parse::<u8>().ok()?;
    (1..=9).contains(&n).then(|| n.min(6))
}

/// The reader of `word/document.xml`.
struct Body<'o> {
    levels: HashMap<String, u8>,
    out: &'o mut TextBuilder,
    /// Paragraphs met so far (table cells' included).
    paragraphs: u32,
    in_paragraph: bool,
    /// Inside `w:t`, whose text is the paragraph's.
    in_text: bool,
    /// Depth inside elements whose text is not the document's (deleted runs, field codes).
    skip: u32,
    text: String,
    level: Option<u8>,
    list: bool,
}

impl Body<'_> {
    fn end_paragraph(&mut self) -> Result<(), FormatProblem> {
        let origin = Origin {
            paragraph: Some(self.paragraphs),
            ..Origin::default()
        };
        let text = std::mem::take(&mut self.text);
        match self.level {
            Some(level) => self.out.heading(level, &text, origin)?,
            None if self.list => self.out.line(&format!("- {}", text.trim()), origin)?,
            None => {
                self.out.line(&text, origin)?;
                self.out.blank();
            }
        }
        Ok(())
    }
}

impl Visitor for Body<'_> {
    fn open(&mut self, name: &str, tag: &Tag<'_>) -> Result<(), FormatProblem> {
        if self.skip > 0 || matches!(name, "del" | "instrText" | "delText") {
            self.skip += 1;
            return Ok(());
        }
        match name {
            "p" => {
                self.paragraphs = self.paragraphs.saturating_add(1);
                self.in_paragraph = true;
                self.text.clear();
                self.level = None;
                self.list = false;
            }
            "pStyle" if self.in_paragraph => {
                self.level = tag.attr("val").and_then(|id| self.levels.get(&id).copied());
            }
            "outlineLvl" if self.in_paragraph => {
                if let Some(level) = tag.attr("val").and_then(|v| v.parse::<u8>().ok()) {
                    if level < 9 {
                        self.level = Some(level.saturating_add(1).min(6));
                    }
                }
            }
            "numPr" if self.in_paragraph => self.list = true,
            "t" => self.in_text = true,
            "tab" if self.in_paragraph => self.text.push('\t'),
            "br" | "cr" if self.in_paragraph => self.text.push(' '),
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, name: &str) -> Result<(), FormatProblem> {
        if self.skip > 0 {
            self.skip -= 1;
            return Ok(());
        }
        match name {
            "t" => self.in_text = false,
            "p" if self.in_paragraph => {
                self.in_paragraph = false;
                self.end_paragraph()?;
            }
            // A table row is a paragraph of its cells' lines.
            "tr" => self.out.blank(),
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str) -> Result<(), FormatProblem> {
        if self.in_text && self.skip == 0 {
            self.text.push_str(text);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_names_give_heading_levels() {
        assert_eq!(style_level("heading 1"), Some(1));
        assert_eq!(style_level("Heading 3"), Some(3));
        assert_eq!(style_level("Title"), Some(1));
        assert_eq!(style_level("heading 9"), Some(6));
        assert_eq!(style_level("Normal"), None);
        assert_eq!(style_level("Heading Char"), None);
    }
}
