//! Where a line of extracted text stands in the original document: a page, a paragraph under
//! its headings, a spreadsheet cell, a chapter, a line of HTML source. Evidence found in the
//! extracted text is reported there too.

use super::table::StoryColumns;
use std::sync::Arc;

/// A place in the original document; each field is set where it applies to the format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// 1-based page (PDF).
    pub page: Option<u32>,
    /// 1-based paragraph of the body (Word, OpenDocument).
    pub paragraph: Option<u32>,
    /// The headings above it, outermost first.
    pub heading_path: Option<Arc<[String]>>,
    /// The sheet's name (spreadsheets; `csv` for a CSV file).
    pub sheet: Option<Arc<str>>,
    /// 1-based row (spreadsheets).
    pub row: Option<u32>,
    /// The column's letters, `A`, `B`, ... `AA` (spreadsheets).
    pub column: Option<Arc<str>>,
    /// 1-based chapter in reading order (EPUB).
    pub chapter: Option<u32>,
    /// 1-based line of the source (HTML).
    pub line: Option<u32>,
}

impl Origin {
    /// The place and the headings above it: `paragraph 12 (2 Scope > 2.1 Users)`.
    pub fn describe(&self) -> String {
        let mut text = self.place();
        if let Some(path) = &self.heading_path {
            text.push_str(&format!(" ({})", path.join(" > ")));
        }
        text
    }

    /// The place in a few words: `page 3`, `paragraph 12`, `sheet Backlog, cell B7`,
    /// `chapter 4, line 120`.
    pub fn place(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(c) = self.chapter {
            parts.push(format!("chapter {c}"));
        }
        if let Some(p) = self.page {
            parts.push(format!("page {p}"));
        }
        if let Some(p) = self.paragraph {
            parts.push(format!("paragraph {p}"));
        }
        if let Some(sheet) = &self.sheet {
            match (&self.column, self.row) {
                (Some(col), Some(row)) => parts.push(format!("sheet {sheet}, cell {col}{row}")),
                (None, Some(row)) => parts.push(format!("sheet {sheet}, row {row}")),
                _ => parts.push(format!("sheet {sheet}")),
            }
        }
        if let Some(l) = self.line {
            parts.push(format!("line {l}"));
        }
        parts.join(", ")
    }
}

/// The origin of each line of an extracted text, by the byte offset where the line starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    starts: Vec<(usize, Origin)>,
}

impl Origins {
    /// The origin of the line that holds byte `offset` of the extracted text; None for a plain
    /// text source, whose lines are its own.
    pub fn at(&self, offset: usize) -> Option<&Origin> {
        let i = self.starts.partition_point(|(start, _)| *start <= offset);
        self.starts.get(i.checked_sub(1)?).map(|(_, o)| o)
    }

    /// Whether there are none (a plain text source).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    fn push(&mut self, start: usize, origin: Origin) {
        self.starts.push((start, origin));
    }
}

/// The column letters of a 0-based column index: 0 is `A`, 25 `Z`, 26 `AA`.
pub(crate) fn column_letters(index: u32) -> String {
    let mut n = u64::from(index) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Extracted text being written line by line, each line with its origin, within a size limit.
#[derive(Debug)]
pub(crate) struct TextBuilder {
    text: String,
    origins: Origins,
    limit: usize,
    /// The headings in force, one title per level, and their path as lines are given it.
    headings: Vec<(u8, String)>,
    path: Option<Arc<[String]>>,
    /// The cells of the table row being read.
    row: Vec<(String, Origin)>,
    /// Whether the table being read has had its header row, and its story columns.
    header_seen: bool,
    stories: Option<StoryColumns>,
}

/// The extracted text would pass the size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TextTooLarge;

impl TextBuilder {
    pub(crate) fn new(limit: usize) -> Self {
        TextBuilder {
            text: String::new(),
            origins: Origins::default(),
            limit,
            headings: Vec::new(),
            path: None,
            row: Vec::new(),
            header_seen: false,
            stories: None,
        }
    }

    /// Appends a line (inner line breaks become spaces) with its origin, placed under the
    /// headings in force unless it names its own; empty text is skipped.
    pub(crate) fn line(&mut self, line: &str, origin: Origin) -> Result<(), TextTooLarge> {
        // A paragraph that starts with `#` (`# of users per week`) is text, not a heading.
        let escape = line.trim_start().starts_with('#');
        self.write_line(line, origin, escape)
    }

    fn write_line(
        &mut self,
        line: &str,
        mut origin: Origin,
        escape: bool,
    ) -> Result<(), TextTooLarge> {
        let line = line.trim();
        if line.is_empty() {
            return Ok(());
        }
        if self.text.len() + line.len() + 2 > self.limit {
            return Err(TextTooLarge);
        }
        if origin.heading_path.is_none() {
            origin.heading_path = self.path.clone();
        }
        self.origins.push(self.text.len(), origin);
        if escape {
            self.text.push('\\');
        }
        for (i, part) in line.split(['\n', '\r']).enumerate() {
            if i > 0 {
                self.text.push(' ');
            }
            self.text.push_str(part);
        }
        self.text.push('\n');
        Ok(())
    }

    /// A cell of the table row being read (empty cells are skipped).
    pub(crate) fn cell(&mut self, text: &str, origin: Origin) {
        if !text.trim().is_empty() {
            self.row.push((text.to_owned(), origin));
        }
    }

    /// Ends a table row: each cell a line with its own origin, the row a paragraph. The first
    /// row of a table is its header; when it names a story table's columns, each later row is
    /// also written as the story it stands for (see `table`).
    pub(crate) fn end_row(&mut self) -> Result<(), TextTooLarge> {
        let cells = std::mem::take(&mut self.row);
        if cells.is_empty() {
            return Ok(());
        }
        let lettered: Vec<(&str, &str)> = cells
            .iter()
            .map(|(text, o)| (o.column.as_deref().unwrap_or(""), text.as_str()))
            .collect();
        match &self.stories {
            // A title row of one cell comes before the header.
            None if !self.header_seen && cells.len() > 1 => {
                self.header_seen = true;
                self.stories = StoryColumns::detect(&lettered);
            }
            Some(columns) => {
                if let Some(story) = columns.story(&lettered) {
                    self.line(&story, cells[0].1.clone())?;
                }
            }
            None => {}
        }
        for (text, origin) in cells {
            for line in text.lines() {
                self.line(line, origin.clone())?;
            }
        }
        self.blank();
        Ok(())
    }

    /// Ends a paragraph: one blank line, never two.
    pub(crate) fn blank(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
    }

    /// A heading of `level` (1 to 6): a markdown heading line, so the text splits into
    /// sections there, and the path later lines are placed under.
    pub(crate) fn heading(
        &mut self,
        level: u8,
        title: &str,
        mut origin: Origin,
    ) -> Result<(), TextTooLarge> {
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            return Ok(());
        }
        let level = level.clamp(1, 6);
        self.headings.retain(|(l, _)| *l < level);
        self.headings.push((level, title.clone()));
        self.path = self.heading_path();
        origin.heading_path = self.path.clone();
        self.blank();
        let marks = "#".repeat(usize::from(level));
        self.write_line(&format!("{marks} {title}"), origin, false)?;
        self.blank();
        Ok(())
    }

    /// The headings in force, outermost first.
    fn heading_path(&self) -> Option<Arc<[String]>> {
        (!self.headings.is_empty()).then(|| self.headings.iter().map(|(_, t)| t.clone()).collect())
    }

    /// Forgets the headings in force (a new chapter or sheet starts), and the table.
    pub(crate) fn reset_headings(&mut self) {
        self.headings.clear();
        self.path = None;
        self.header_seen = false;
        self.stories = None;
    }

    pub(crate) fn finish(self) -> (String, Origins) {
        (self.text, self.origins)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }

    #[test]
    fn each_line_keeps_its_origin_and_headings_their_path() {
        let mut b = TextBuilder::new(1000);
        let at = |p: u32| Origin {
            paragraph: Some(p),
            ..Origin::default()
        };
        b.heading(1, "Scope", at(1)).unwrap();
        b.line("The system shall log in.", at(2)).unwrap();
        b.heading(2, "Users", at(3)).unwrap();
        b.line("Each user has a role.", at(4)).unwrap();
        let (text, origins) = b.finish();
        assert_eq!(
            text,
            "# Scope\n\nThe system shall log in.\n\n## Users\n\nEach user has a role.\n"
        );
        let offset = text.find("Each").unwrap();
        assert_eq!(origins.at(offset).and_then(|o| o.paragraph), Some(4));
        let path = origins.at(offset).and_then(|o| o.heading_path.clone());
        assert_eq!(
            path.as_deref(),
            Some(&["Scope".to_owned(), "Users".to_owned()][..])
        );
        assert_eq!(
            origins.at(offset).map(Origin::describe).as_deref(),
            Some("paragraph 4 (Scope > Users)")
        );
    }

    #[test]
    fn a_paragraph_that_starts_with_a_hash_is_not_a_heading() {
        let mut b = TextBuilder::new(100);
        b.heading(2, "Metrics", Origin::default()).unwrap();
        b.line("# of accounts per week", Origin::default()).unwrap();
        assert_eq!(b.finish().0, "## Metrics\n\n\\# of accounts per week\n");
    }

    #[test]
    fn the_limit_holds() {
        let mut b = TextBuilder::new(10);
        assert!(b.line("12345", Origin::default()).is_ok());
        assert_eq!(b.line("123456", Origin::default()), Err(TextTooLarge));
    }
}
