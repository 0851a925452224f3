//! Scoring an inventory against a gold set marked by hand (`tests/inventory/`): which marked
//! statements were listed (recall), and which listed statements were marked (precision), in
//! all and by kind.
//!
//! A gold file is a TSV with a header and the columns `line`, `end_line`, `kind`, `anchor` and
//! `text`: the 1-based lines a statement spans, its kind, optional words that tell it from
//! another statement on the same lines, and its first words for the reader. A listed statement
//! matches a marked one when their lines overlap and, where the mark has an anchor, the listed
//! text holds the anchor (white space ignored). Matching by overlap lets a list item with its
//! parts, or a scenario's steps, count against one mark.

use std::collections::BTreeMap;

/// A statement marked in a gold file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// First line (1-based).
    pub line: usize,
    /// Last line.
    pub end_line: usize,
    /// Its kind, as the inventory names kinds.
    pub kind: String,
    /// Words a listed statement must hold to match (empty: any on those lines).
    pub anchor: String,
}

/// A statement as an inventory lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// First line (1-based).
    pub line: usize,
    /// Last line.
    pub end_line: usize,
    /// Its kind.
    pub kind: String,
    /// Its text.
    pub text: String,
}

/// The marks of a gold file; an error names the line that is not one.
pub fn parse(tsv: &str) -> Result<Vec<Marked>, String> {
    let mut marks = Vec::new();
    for (n, row) in tsv.lines().enumerate().skip(1) {
        if row.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = row.split('\t').collect();
        let number = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<usize>().ok())
                .ok_or_else(|| format!("line {}: column {} is not a line number", n + 1, i + 1))
        };
        let (line, end_line) = (number(0)?, number(1)?);
        let kind = fields.get(2).copied().unwrap_or_default();
        if !kinds().any(|k| k == kind) || end_line < line {
            return Err(format!("line {}: not a mark: {row}", n + 1));
        }
        marks.push(Marked {
            line,
            end_line,
            kind: kind.to_owned(),
            anchor: fields.get(3).copied().unwrap_or_default().to_owned(),
        });
    }
    Ok(marks)
}

/// The kinds of statement, as the inventory names them.
fn kinds() -> impl Iterator<Item = &'static str> {
    super::Kind::ALL.into_iter().map(super::Kind::as_str)
}

/// Counts for recall and precision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Statements marked.
    pub marked: usize,
    /// Marked statements that were listed.
    pub found: usize,
    /// Statements listed.
    pub listed: usize,
    /// Listed statements that were marked.
    pub correct: usize,
}

impl Tally {
    /// Marked statements listed, of all marked (1 when none were marked).
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.marked)
    }

    /// Listed statements marked, of all listed (1 when none were listed).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.listed)
    }

    fn add(&mut self, other: Tally) {
        self.marked += other.marked;
        self.found += other.found;
        self.listed += other.listed;
        self.correct += other.correct;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// The score of one document or of several.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    /// Statements, whatever their kind.
    pub statements: Tally,
    /// Statements whose kind matches too.
    pub kinds: Tally,
    /// By kind (kinds must match).
    pub by_kind: BTreeMap<&'static str, Tally>,
}

impl Score {
    /// Adds another document's score.
    pub fn add(&mut self, other: &Score) {
        self.statements.add(other.statements);
        self.kinds.add(other.kinds);
        for (kind, tally) in &other.by_kind {
            self.by_kind.entry(kind).or_default().add(*tally);
        }
    }
}

fn matches(listed: &Listed, mark: &Marked, same_kind: bool) -> bool {
    let overlap = listed.line <= mark.end_line && listed.end_line >= mark.line;
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let anchored = mark.anchor.is_empty() || squeeze(&listed.text).contains(&squeeze(&mark.anchor));
    overlap && anchored && (!same_kind || listed.kind == mark.kind)
}

/// The score of `listed` against `marks`.
pub fn score(marks: &[Marked], listed: &[Listed]) -> Score {
    let tally = |same_kind: bool, keep: &dyn Fn(&str) -> bool| Tally {
        marked: marks.iter().filter(|m| keep(&m.kind)).count(),
        found: marks
            .iter()
            .filter(|m| keep(&m.kind))
            .filter(|m| listed.iter().any(|l| matches(l, m, same_kind)))
            .count(),
        listed: listed.iter().filter(|l| keep(&l.kind)).count(),
        correct: listed
            .iter()
            .filter(|l| keep(&l.kind))
            .filter(|l| marks.iter().any(|m| matches(l, m, same_kind)))
            .count(),
    };
    Score {
        statements: tally(false, &|_| true),
        kinds: tally(true, &|_| true),
        by_kind: kinds()
            .map(|kind| (kind, tally(true, &|k| k == kind)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(line: usize, end_line: usize, kind: &str, text: &str) -> Listed {
        Listed {
            line,
            end_line,
            kind: kind.to_owned(),
            text: text.to_owned(),
        }
    }

    #[test]
    fn overlap_anchor_and_kind_decide_a_match() {
        let marks = parse(
            "line\tend_line\tkind\tanchor\ttext\n3\t5\tacceptance-criterion\t\tScenario\n\
             9\t9\tobligation\tThe app must\tx\n9\t9\tobligation\tIt shall\tx\n",
        )
        .unwrap();
        let got = [
            listed(4, 4, "acceptance-criterion", "When I log in"),
            listed(5, 5, "acceptance-criterion", "Then I see it"),
            listed(9, 9, "obligation", "The app must  log."),
            listed(12, 12, "feature-item", "Export"),
        ];
        let s = score(&marks, &got);
        assert_eq!(
            s.statements,
            Tally {
                marked: 3,
                found: 2,
                listed: 4,
                correct: 3
            }
        );
        assert_eq!(s.by_kind["obligation"].found, 1);
        assert_eq!(s.by_kind["feature-item"].listed, 1);
        assert!((s.statements.recall() - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn bad_rows_are_named() {
        assert!(parse("h\nx\t2\tobligation\t\t\n")
            .unwrap_err()
            .contains("line 2"));
        assert!(parse("h\n1\t2\tstatement\t\t\n").is_err());
        assert!(parse("h\n3\t2\tobligation\t\t\n").is_err());
    }
}
