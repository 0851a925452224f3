//! `--format github`: GitHub Actions workflow commands, one per finding and per top piece of
//! evidence, then the verdict, so a pull request shows annotations at the lines that decided.

use crate::check::Outcome;
use crate::check::Verdict;
use crate::codes::Severity;
use std::fmt::Write as _;

/// Escapes the message part of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (file, title) of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(
    level: &str,
    file: Option<&str>,
    line: Option<usize>,
    col: Option<usize>,
    title: &str,
    message: &str,
) -> String {
    let mut props = Vec::new();
    if let Some(f) = file {
        props.push(format!("file={}", escape_property(f)));
    }
    if let Some(l) = line {
        props.push(format!("line={l}"));
    }
    if let Some(c) = col {
        props.push(format!("col={c}"));
    }
    props.push(format!("title={}", escape_property(title)));
    format!("::{level} {}::{}\n", props.join(","), escape_data(message))
}

/// The outcome as workflow commands: an annotation per finding and top evidence, and the verdict.
pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for f in &outcome.diagnostics {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "notice",
        };
        out.push_str(&command(
            level,
            f.path.as_deref(),
            f.line,
            f.column,
            f.code.as_str(),
            &f.message,
        ));
    }
    let blocked = outcome.verdict == Verdict::Blocked;
    for s in outcome.counted() {
        for e in s.evidence.iter().filter(|e| e.top && e.genre == s.genre) {
            let level = if blocked && s.genre == crate::rules::Genre::News {
                "error"
            } else {
                "notice"
            };
            let message = format!("{} evidence: {} ({})", e.genre, e.label, e.text);
            out.push_str(&command(
                level,
                Some(&s.path),
                Some(e.line),
                Some(e.column),
                e.rule.as_deref().unwrap_or(&e.feature),
                &message,
            ));
        }
    }
    let verdict = match outcome.reason {
        Some(r) => format!("intake blocked ({}): {}", r.as_str(), outcome.summary()),
        None => format!("intake passed: {}", outcome.summary()),
    };
    let _ = write!(
        out,
        "{}",
        command(
            if blocked { "error" } else { "notice" },
            None,
            None,
            None,
            "intake-lint verdict",
            &verdict
        )
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(escape_data("a%b\nc\r"), "a%25b%0Ac%0D");
        assert_eq!(escape_property("seeds/a,b:c.md"), "seeds/a%2Cb%3Ac.md");
        let c = command(
            "error",
            Some("s/a.md"),
            Some(3),
            Some(1),
            "news.zh.byline",
            "50%\nx",
        );
        assert_eq!(
            c,
            "::error file=s/a.md,line=3,col=1,title=news.zh.byline::50%25%0Ax\n"
        );
    }
}
