//! The links of INDEX.md, with their byte spans, read by a real markdown parser: inline,
//! reference-style (used or only defined), autolinks and images.

use pulldown_cmark::{Event, Options, Parser, Tag};
use std::ops::Range;

/// The mark that makes a linked source background material (read and reported, never counted).
pub(crate) const BACKGROUND_MARK: &str = "<!-- intake: background -->";

/// A link of INDEX.md.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written (not percent-decoded).
    pub dest: String,
    /// Byte span of the link in INDEX.md.
    pub span: Range<usize>,
    /// The line carries the background mark.
    pub background: bool,
}

/// Every link of INDEX.md in document order; reference definitions that no link uses follow,
/// sorted by position.
pub fn links(text: &str) -> Vec<Link> {
    let parser = Parser::new_ext(text, Options::empty());
    let definitions: Vec<(String, Range<usize>)> = {
        let mut defs: Vec<(String, Range<usize>)> = parser
            .reference_definitions()
            .iter()
            .map(|(_, def)| (def.dest.to_string(), def.span.clone()))
            .collect();
        defs.sort_by_key(|d| d.1.start);
        defs
    };
    let mut out = Vec::new();
    for (event, range) in parser.into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            out.push(Link {
                dest: dest_url.to_string(),
                background: line_has_mark(text, range.start),
                span: range,
            });
        }
    }
    for (dest, span) in definitions {
        if !out.iter().any(|l| l.dest == dest) {
            out.push(Link {
                dest,
                background: line_has_mark(text, span.start),
                span,
            });
        }
    }
    out
}

fn line_has_mark(text: &str, offset: usize) -> bool {
    let offset = crate::text::position::floor_char_boundary(text, offset);
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text[start..end].contains(BACKGROUND_MARK)
}

/// Byte spans of background marks that stand on a line with no link.
pub fn stray_background_marks(text: &str, links: &[Link]) -> Vec<Range<usize>> {
    text.match_indices(BACKGROUND_MARK)
        .map(|(i, m)| i..i + m.len())
        .filter(|r| {
            let line_start = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[r.end..].find('\n').map_or(text.len(), |i| r.end + i);
            !links
                .iter()
                .any(|l| l.span.start < line_end && l.span.end > line_start)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::markdownish;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn links_stay_inside_the_text(text in markdownish()) {
            for l in links(&text) {
                prop_assert!(l.span.end <= text.len());
                prop_assert!(text.is_char_boundary(l.span.start) && text.is_char_boundary(l.span.end));
            }
        }
    }

    fn dests(text: &str) -> Vec<String> {
        links(text).into_iter().map(|l| l.dest).collect()
    }

    #[test]
    fn inline_reference_and_autolinks() {
        let text = "- [a](a.md)\n- [b][ref]\n- <https://example.com/x>\n\n[ref]: b%20c.md\n";
        assert_eq!(dests(text), ["a.md", "b%20c.md", "https://example.com/x"]);
    }

    #[test]
    fn spans_point_at_the_link() {
        let text = "intro\n- [新闻](新闻.txt)\n";
        let l = &links(text)[0];
        assert_eq!(&text[l.span.clone()], "[新闻](新闻.txt)");
    }

    #[test]
    fn unused_definitions_count_as_links() {
        assert_eq!(dests("text\n\n[spec]: spec.md\n"), ["spec.md"]);
    }

    #[test]
    fn background_mark_on_the_line() {
        let text = "- [a](a.md) <!-- intake: background -->\n- [b](b.md)\n";
        let l = links(text);
        assert!(l[0].background);
        assert!(!l[1].background);
        assert!(stray_background_marks(text, &l).is_empty());
        assert_eq!(
            stray_background_marks("<!-- intake: background -->\n", &[]).len(),
            1
        );
    }
}
