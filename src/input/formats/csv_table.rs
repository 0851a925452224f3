//! CSV and TSV files: each record a paragraph, each non-empty field a line whose origin is its
//! row and column. The delimiter of a `.csv` is the comma unless the first line holds more
//! semicolons (as spreadsheets in many locales write).

use super::origin::{column_letters, Origin, TextBuilder};
use super::{FormatProblem, Limits};
use std::sync::Arc;

/// Records between two checks of the deadline.
const RECORDS_PER_TIME_CHECK: u32 = 1024;

/// Takes the text out of decoded CSV (or TSV) text.
pub(super) fn extract(
    text: &str,
    tabs: bool,
    limits: &Limits,
) -> Result<(String, super::Origins), FormatProblem> {
    let first = text.lines().next().unwrap_or("");
    let delimiter = if tabs {
        b'\t'
    } else if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut out = TextBuilder::new(limits.text_limit());
    let sheet: Arc<str> = Arc::from("csv");
    let mut record = csv::StringRecord::new();
    let mut row = 0u32;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(FormatProblem::Corrupt(format!("not readable as CSV: {e}"))),
        }
        row = row.saturating_add(1);
        if row.is_multiple_of(RECORDS_PER_TIME_CHECK) {
            limits.check_time()?;
        }
        for (column, field) in record.iter().enumerate() {
            let origin = Origin {
                sheet: Some(sheet.clone()),
                row: Some(row),
                column: Some(Arc::from(column_letters(
                    u32::try_from(column).unwrap_or(u32::MAX),
                ))),
                ..Origin::default()
            };
            out.cell(field, origin);
        }
        out.end_row()?;
    }
    Ok(out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn fields_are_lines_and_records_paragraphs() {
        let limits = Limits::new(1 << 20, Duration::from_secs(20));
        let (text, origins) = extract(
            "id,story\n1,\"As a user, I want to log in\"\n",
            false,
            &limits,
        )
        .unwrap();
        assert_eq!(text, "id\nstory\n\n1\nAs a user, I want to log in\n\n");
        let at = origins.at(text.find("As a").unwrap()).unwrap();
        assert_eq!((at.row, at.column.as_deref()), (Some(2), Some("B")));
    }
}
