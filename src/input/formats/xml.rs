//! XML read as a stream of opened elements, closed elements and text, by local name (the
//! namespace prefix dropped: `w:p` is `p`), within limits: nesting deeper than `MAX_DEPTH` is
//! refused, entity references other than XML's five and character references are never
//! expanded (so no entity can expand into a billion laughs), and the deadline is checked as
//! it goes.

use super::{FormatProblem, Limits};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Deepest nesting read; real documents stay under a few dozen levels.
const MAX_DEPTH: usize = 256;

/// Events between two checks of the deadline.
const EVENTS_PER_TIME_CHECK: u32 = 4096;

/// An element as opened: its local name and its attributes.
pub(crate) struct Tag<'a> {
    start: &'a BytesStart<'a>,
}

impl Tag<'_> {
    /// The value of the attribute of local name `name`, with references resolved.
    pub(crate) fn attr(&self, name: &str) -> Option<String> {
        self.start
            .attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == name)
            .map(
                |a| match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                    Ok(v) => v.into_owned(),
                    Err(_) => a.value.into_owned(),
                },
            )
    }
}

/// What a reader of one XML part does with its events.
pub(crate) trait Visitor {
    /// An element opens (an empty element opens and closes at once).
    fn open(&mut self, name: &str, tag: &Tag<'_>) -> Result<(), FormatProblem>;
    /// An element closes.
    fn close(&mut self, name: &str) -> Result<(), FormatProblem>;
    /// Text inside the element open last.
    fn text(&mut self, text: &str) -> Result<(), FormatProblem>;
}

/// Reads `xml`, telling `visitor` of each event.
pub(crate) fn walk(
    xml: &str,
    part: &str,
    limits: &Limits,
    visitor: &mut impl Visitor,
) -> Result<(), FormatProblem> {
    let mut reader = Reader::from_str(xml);
    let config = reader.config_mut();
    config.allow_dangling_amp = true;
    config.check_end_names = false;
    let mut depth = 0usize;
    let mut events = 0u32;
    let corrupt = |e: quick_xml::Error, at: u64| {
        FormatProblem::Corrupt(format!("`{part}` is not well-formed XML at byte {at}: {e}"))
    };
    loop {
        events = events.wrapping_add(1);
        if events.is_multiple_of(EVENTS_PER_TIME_CHECK) {
            limits.check_time()?;
        }
        let event = reader
            .read_event()
            .map_err(|e| corrupt(e, reader.buffer_position()))?;
        match event {
            Event::Start(start) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(FormatProblem::Corrupt(format!(
                        "`{part}` nests elements more than {MAX_DEPTH} deep"
                    )));
                }
                let name = start.local_name();
                visitor.open(name.as_ref(), &Tag { start: &start })?;
            }
            Event::Empty(start) => {
                let name = start.local_name();
                visitor.open(name.as_ref(), &Tag { start: &start })?;
                visitor.close(name.as_ref())?;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                visitor.close(end.local_name().as_ref())?;
            }
            Event::Text(text) => {
                visitor.text(&text.xml_content(quick_xml::XmlVersion::Implicit1_0))?
            }
            Event::CData(data) => {
                visitor.text(&data.xml_content(quick_xml::XmlVersion::Implicit1_0))?
            }
            Event::GeneralRef(reference) => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    visitor.text(c.encode_utf8(&mut [0; 4]))?;
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&reference) {
                    visitor.text(s)?;
                }
                // Any other entity is dropped, never expanded.
            }
            Event::Eof => return Ok(()),
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[derive(Default)]
    struct Collect(Vec<String>);

    impl Visitor for Collect {
        fn open(&mut self, name: &str, tag: &Tag<'_>) -> Result<(), FormatProblem> {
            self.0.push(format!(
                "<{name}{}>",
                tag.attr("val").map(|v| format!(" {v}")).unwrap_or_default()
            ));
            Ok(())
        }
        fn close(&mut self, name: &str) -> Result<(), FormatProblem> {
            self.0.push(format!("</{name}>"));
            Ok(())
        }
        fn text(&mut self, text: &str) -> Result<(), FormatProblem> {
            self.0.push(text.to_owned());
            Ok(())
        }
    }

    fn limits() -> Limits {
        Limits::new(1 << 20, Duration::from_secs(20))
    }

    #[test]
    fn local_names_references_and_empty_elements() {
        let mut c = Collect::default();
        walk(
            r#"<w:p><w:pStyle w:val="Heading1"/><w:t>a &amp; &#x4E2D;</w:t></w:p>"#,
            "x",
            &limits(),
            &mut c,
        )
        .unwrap();
        assert_eq!(
            c.0.concat(),
            "<p><pStyle Heading1></pStyle><t>a & 中</t></p>"
        );
    }

    #[test]
    fn entities_are_never_expanded_and_depth_is_bounded() {
        let laughs =
            r#"<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;&b;</r>"#;
        let mut c = Collect::default();
        walk(laughs, "x", &limits(), &mut c).unwrap();
        assert_eq!(c.0.concat(), "<r></r>");
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(matches!(
            walk(&deep, "x", &limits(), &mut Collect::default()),
            Err(FormatProblem::Corrupt(_))
        ));
    }
}
