//! The project verdict from the judged sources and the findings, first match wins:
//! unreadable sources, no sources, pass, news reports, no requirements.

use crate::rules::Genre;
use serde::Serialize;

/// Why a check was blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// A linked source could not be read as text.
    UnreadableSources,
    /// INDEX.md links no source.
    NoSources,
    /// The sources are news reports.
    NewsReports,
    /// No source carries requirements, and they are not news.
    NoRequirements,
}

impl Reason {
    /// The code of a check blocked for this reason.
    pub fn code(self) -> crate::codes::Code {
        use crate::codes::Code;
        match self {
            Reason::UnreadableSources => Code::BlockedUnreadableSources,
            Reason::NoSources => Code::BlockedNoSources,
            Reason::NewsReports => Code::BlockedNewsReports,
            Reason::NoRequirements => Code::BlockedNoRequirements,
        }
    }

    /// The reason as JSON gives it (`news-reports`).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::UnreadableSources => "unreadable-sources",
            Reason::NoSources => "no-sources",
            Reason::NewsReports => "news-reports",
            Reason::NoRequirements => "no-requirements",
        }
    }
}

/// The gate's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The sources carry requirements: the pipeline may go on.
    Pass,
    /// The pipeline stops, for a `Reason`.
    Blocked,
}

/// What the verdict needs to know of one source.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Counted {
    pub genre: Genre,
    /// Background sources are reported but never counted.
    pub background: bool,
}

/// Decides the verdict. `unreadable` is true when any linked source could not be read as text.
pub(crate) fn decide(unreadable: bool, sources: &[Counted]) -> (Verdict, Option<Reason>) {
    let counted: Vec<Genre> = sources
        .iter()
        .filter(|s| !s.background)
        .map(|s| s.genre)
        .collect();
    if unreadable {
        (Verdict::Blocked, Some(Reason::UnreadableSources))
    } else if counted.is_empty() {
        (Verdict::Blocked, Some(Reason::NoSources))
    } else if counted.contains(&Genre::Requirements) {
        (Verdict::Pass, None)
    } else if counted.contains(&Genre::News) {
        (Verdict::Blocked, Some(Reason::NewsReports))
    } else {
        (Verdict::Blocked, Some(Reason::NoRequirements))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(genre: Genre) -> Counted {
        Counted {
            genre,
            background: false,
        }
    }

    #[test]
    fn first_match_wins() {
        use Genre::*;
        assert_eq!(
            decide(true, &[c(Requirements)]).1,
            Some(Reason::UnreadableSources)
        );
        assert_eq!(decide(false, &[]).1, Some(Reason::NoSources));
        assert_eq!(
            decide(false, &[c(News), c(Requirements)]),
            (Verdict::Pass, None)
        );
        assert_eq!(
            decide(false, &[c(Other), c(News)]).1,
            Some(Reason::NewsReports)
        );
        assert_eq!(decide(false, &[c(Other)]).1, Some(Reason::NoRequirements));
        let bg = Counted {
            genre: Requirements,
            background: true,
        };
        assert_eq!(decide(false, &[bg]).1, Some(Reason::NoSources));
    }
}
