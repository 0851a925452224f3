//! Excel workbooks (Office Open XML): each sheet, in the workbook's order, a section under its
//! name; each row a paragraph of its cells; each cell with text a line whose origin is its
//! sheet, row and column. Shared strings are read once; phonetic runs (furigana) are not text.

use super::archive::Archive;
use super::origin::{column_letters, Origin, TextBuilder};
use super::xml::{walk, Tag, Visitor};
use super::{FormatProblem, Limits};
use std::collections::HashMap;
use std::sync::Arc;

/// Takes the text out of an XLSX.
pub(super) fn extract(
    zip: &mut Archive<'_>,
    out: &mut TextBuilder,
    limits: &Limits,
) -> Result<(), FormatProblem> {
    let strings = match zip.read_text("xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml, limits)?,
        None => Vec::new(),
    };
    let targets = match zip.read_text("xl/_rels/workbook.xml.rels")? {
        Some(xml) => relationships(&xml, limits)?,
        None => HashMap::new(),
    };
    let workbook = zip
        .read_text("xl/workbook.xml")?
        .ok_or_else(|| FormatProblem::Corrupt("no xl/workbook.xml".to_owned()))?;
    for (name, id) in sheets(&workbook, limits)? {
        let Some(target) = targets.get(&id) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_owned(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = zip.read_text(&path)? else {
            continue;
        };
        out.reset_headings();
        let sheet_origin = Origin {
            sheet: Some(Arc::from(name.as_str())),
            ..Origin::default()
        };
        out.heading(1, &name, sheet_origin)?;
        let mut sheet = Sheet {
            out,
            strings: &strings,
            sheet: Arc::from(name.as_str()),
            row: 0,
            cell: None,
            kind: String::new(),
            value: String::new(),
            in_value: false,
            row_has_text: false,
            next_column: 0,
        };
        walk(&xml, &path, limits, &mut sheet)?;
    }
    Ok(())
}

/// The workbook's sheets in order: name and relationship id.
fn sheets(xml: &str, limits: &Limits) -> Result<Vec<(String, String)>, FormatProblem> {
    struct Sheets(Vec<(String, String)>);
    impl Visitor for Sheets {
        fn open(&mut self, name: &str, tag: &Tag<'_>) -> Result<(), FormatProblem> {
            if name == "sheet" {
                if let (Some(title), Some(id)) = (tag.attr("name"), tag.attr("id")) {
                    self.0.push((title, id));
                }
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
    let mut visitor = Sheets(Vec::new());
    walk(xml, "xl/workbook.xml", limits, &mut visitor)?;
    Ok(visitor.0)
}

/// The workbook's relationships: id to target.
fn relationships(xml: &str, limits: &Limits) -> Result<HashMap<String, String>, FormatProblem> {
    struct Rels(HashMap<String, String>);
    impl Visitor for Rels {
        fn open(&mut self, name: &str, tag: &Tag<'_>) -> Result<(), FormatProblem> {
            if name == "Relationship" {
                if let (Some(id), Some(target)) = (tag.attr("Id"), tag.attr("Target")) {
                    self.0.insert(id, target);
                }
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
    let mut visitor = Rels(HashMap::new());
    walk(xml, "xl/_rels/workbook.xml.rels", limits, &mut visitor)?;
    Ok(visitor.0)
}

/// The shared strings, by index: each `si`'s text runs, phonetic runs left out.
fn shared_strings(xml: &str, limits: &Limits) -> Result<Vec<String>, FormatProblem> {
    #[derive(Default)]
    struct Strings {
        list: Vec<String>,
        current: String,
        in_text: bool,
        phonetic: u32,
    }
    impl Visitor for Strings {
        fn open(&mut self, name: &str, _: &Tag<'_>) -> Result<(), FormatProblem> {
            match name {
                "si" => self.current.clear(),
                "t" => self.in_text = true,
                "rPh" | "phoneticPr" => self.phonetic += 1,
                _ => {}
            }
            Ok(())
        }
        fn close(&mut self, name: &str) -> Result<(), FormatProblem> {
            match name {
                "si" => self.list.push(std::mem::take(&mut self.current)),
                "t" => self.in_text = false,
                "rPh" | "phoneticPr" => self.phonetic = self.phonetic.saturating_sub(1),
                _ => {}
            }
            Ok(())
        }
        fn text(&mut self, text: &str) -> Result<(), FormatProblem> {
            if self.in_text && self.phonetic == 0 {
                self.current.push_str(text);
            }
            Ok(())
        }
    }
    let mut visitor = Strings::default();
    walk(xml, "xl/sharedStrings.xml", limits, &mut visitor)?;
    Ok(visitor.list)
}

/// The row and 0-based column of a cell reference (`B7`).
fn cell_position(reference: &str) -> Option<(u32, u32)> {
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (col, row) = reference.split_at(letters);
    let mut column = 0u32;
    for b in col.bytes() {
        column = column
            .checked_mul(26)?
            .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)?;
    }
    Some((row.parse().ok()?, column.checked_sub(1)?))
}

/// The reader of one sheet.
struct Sheet<'o, 's> {
    out: &'o mut TextBuilder,
    strings: &'s [String],
    sheet: Arc<str>,
    row: u32,
    /// Row and 0-based column of the cell open.
    cell: Option<(u32, u32)>,
    kind: String,
    value: String,
    in_value: bool,
    row_has_text: bool,
    /// The column a cell without a reference stands in.
    next_column: u32,
}

impl Visitor for Sheet<'_, '_> {
    fn open(&mut self, name: &str, tag: &Tag<'_>) -> Result<(), FormatProblem> {
        match name {
            "row" => {
                self.row = tag
                    .attr("r")
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(self.row.saturating_add(1));
                self.next_column = 0;
                self.row_has_text = false;
            }
            "c" => {
                let position = tag.attr("r").and_then(|r| cell_position(&r));
                self.cell = Some(position.unwrap_or((self.row, self.next_column)));
                self.kind = tag.attr("t").unwrap_or_default();
                self.value.clear();
            }
            "v" | "t" if self.cell.is_some() => self.in_value = true,
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, name: &str) -> Result<(), FormatProblem> {
        match name {
            "v" | "t" => self.in_value = false,
            "c" => {
                let Some((row, column)) = self.cell.take() else {
                    return Ok(());
                };
                self.next_column = column.saturating_add(1);
                let value = std::mem::take(&mut self.value);
                let text = match self.kind.as_str() {
                    "s" => value
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| self.strings.get(i))
                        .cloned()
                        .unwrap_or_default(),
                    "b" | "e" => String::new(),
                    _ => value,
                };
                if !text.trim().is_empty() {
                    let origin = Origin {
                        sheet: Some(self.sheet.clone()),
                        row: Some(row),
                        column: Some(Arc::from(column_letters(column))),
                        ..Origin::default()
                    };
                    self.out.cell(&text, origin);
                    self.row_has_text = true;
                }
            }
            "row" => self.out.end_row()?,
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str) -> Result<(), FormatProblem> {
        if self.in_value {
            self.value.push_str(text);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(cell_position("A1"), Some((1, 0)));
        assert_eq!(cell_position("B7"), Some((7, 1)));
        assert_eq!(cell_position("AA10"), Some((10, 26)));
        assert_eq!(cell_position("7"), None);
        assert_eq!(cell_position("ZZZZZZZZ1"), None);
    }
}
