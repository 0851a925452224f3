//! OpenDocument files (`content.xml` of an ODT or ODS). A text's headings (`text:h`, with
//! their outline level) become markdown headings, its paragraphs lines, list items list items,
//! table cells lines; a spreadsheet's sheets become sections and each row a paragraph of its
//! cells, each cell a line whose origin is its sheet, row and column. Repeated empty rows and
//! cells only move the counters: a sheet of a million empty cells costs nothing.

use super::archive::Archive;
use super::origin::{column_letters, Origin, TextBuilder};
use super::xml::{walk, Tag, Visitor};
use super::{FormatProblem, Limits};
use std::sync::Arc;

/// Takes the text out of an ODT.
pub(super) fn extract_text(
    zip: &mut Archive<'_>,
    out: &mut TextBuilder,
    limits: &Limits,
) -> Result<(), FormatProblem> {
    let content = content(zip)?;
    let mut reader = TextReader {
        out,
        paragraphs: 0,
        open: 0,
        text: String::new(),
        level: None,
        list_depth: 0,
        skip: 0,
    };
    walk(&content, "content.xml", limits, &mut reader)
}

/// Takes the text out of an ODS.
pub(super) fn extract_spreadsheet(
    zip: &mut Archive<'_>,
    out: &mut TextBuilder,
    limits: &Limits,
) -> Result<(), FormatProblem> {
    let content = content(zip)?;
    let mut reader = SheetReader {
        out,
        sheet: None,
        row: 0,
        column: 0,
        rows_repeated: 1,
        columns_repeated: 1,
        in_cell: false,
        row_has_text: false,
        text: String::new(),
    };
    walk(&content, "content.xml", limits, &mut reader)
}

fn content(zip: &mut Archive<'_>) -> Result<String, FormatProblem> {
    zip.read_text("content.xml")?
        .ok_or_else(|| FormatProblem::Corrupt("no content.xml".to_owned()))
}

/// The reader of an ODT's body.
struct TextReader<'o> {
    out: &'o mut TextBuilder,
    paragraphs: u32,
    /// Paragraphs and headings open (a note's paragraph inside a paragraph counts once).
    open: u32,
    text: String,
    level: Option<u8>,
    list_depth: u32,
    /// Depth inside elements whose text is not the body's (notes' citations, annotations,
    /// tracked deletions).
    skip: u32,
}

impl Visitor for TextReader<'_> {
    fn open(&mut self, name: &str, tag: &Tag<'_>) -> Result<(), FormatProblem> {
        if self.skip > 0 || matches!(name, "note-citation" | "annotation" | "tracked-changes") {
            self.skip += 1;
            return Ok(());
        }
        match name {
            "h" | "p" => {
                if self.open == 0 {
                    self.paragraphs = self.paragraphs.saturating_add(1);
                    self.text.clear();
                    self.level = (name == "h").then(|| {
                        tag.attr("outline-level")
                            .and_then(|l| l.parse::<u8>().ok())
                            .unwrap_or(1)
                    });
                }
                self.open += 1;
            }
            "list" => self.list_depth += 1,
            "s" => {
                let n = tag
                    .attr("c")
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1);
                self.text.push_str(&" ".repeat(n.min(16)));
            }
            "tab" | "line-break" => self.text.push(' '),
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
            "h" | "p" => {
                self.open = self.open.saturating_sub(1);
                if self.open == 0 {
                    let origin = Origin {
                        paragraph: Some(self.paragraphs),
                        ..Origin::default()
                    };
                    let text = std::mem::take(&mut self.text);
                    match self.level {
                        Some(level) => self.out.heading(level, &text, origin)?,
                        None if self.list_depth > 0 => {
                            self.out.line(&format!("- {}", text.trim()), origin)?
                        }
                        None => {
                            self.out.line(&text, origin)?;
                            self.out.blank();
                        }
                    }
                }
            }
            "list" => {
                self.list_depth = self.list_depth.saturating_sub(1);
                if self.list_depth == 0 {
                    self.out.blank();
                }
            }
            "table-row" => self.out.blank(),
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str) -> Result<(), FormatProblem> {
        if self.skip == 0 && self.open > 0 {
            self.text.push_str(text);
        }
        Ok(())
    }
}

/// The reader of an ODS's sheets.
struct SheetReader<'o> {
    out: &'o mut TextBuilder,
    sheet: Option<Arc<str>>,
    /// 1-based row and 0-based column of the row and cell open.
    row: u32,
    column: u32,
    rows_repeated: u32,
    columns_repeated: u32,
    in_cell: bool,
    row_has_text: bool,
    text: String,
}

fn repeated(tag: &Tag<'_>, attr: &str) -> u32 {
    tag.attr(attr)
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

impl Visitor for SheetReader<'_> {
    fn open(&mut self, name: &str, tag: &Tag<'_>) -> Result<(), FormatProblem> {
        match name {
            "table" => {
                let title = tag.attr("name").unwrap_or_default();
                self.out.reset_headings();
                self.sheet = Some(Arc::from(title.as_str()));
                let origin = Origin {
                    sheet: self.sheet.clone(),
                    ..Origin::default()
                };
                self.out.heading(1, &title, origin)?;
                self.row = 0;
            }
            "table-row" => {
                self.row = self.row.saturating_add(1);
                self.column = 0;
                self.rows_repeated = repeated(tag, "number-rows-repeated");
                self.row_has_text = false;
            }
            "table-cell" | "covered-table-cell" => {
                self.in_cell = true;
                self.text.clear();
                self.columns_repeated = repeated(tag, "number-columns-repeated");
            }
            "p" if self.in_cell && !self.text.is_empty() => self.text.push(' '),
            "s" | "tab" | "line-break" if self.in_cell => self.text.push(' '),
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, name: &str) -> Result<(), FormatProblem> {
        match name {
            "table-cell" | "covered-table-cell" => {
                self.in_cell = false;
                let text = std::mem::take(&mut self.text);
                if !text.trim().is_empty() {
                    let origin = Origin {
                        sheet: self.sheet.clone(),
                        row: Some(self.row),
                        column: Some(Arc::from(column_letters(self.column))),
                        ..Origin::default()
                    };
                    // A repeated cell with text is written once: its copies say nothing new.
                    self.out.cell(&text, origin);
                    self.row_has_text = true;
                }
                self.column = self.column.saturating_add(self.columns_repeated);
            }
            "table-row" => {
                self.out.end_row()?;
                self.row = self.row.saturating_add(self.rows_repeated - 1);
            }
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str) -> Result<(), FormatProblem> {
        if self.in_cell {
            self.text.push_str(text);
        }
        Ok(())
    }
}
