//! Every diagnostic the tool gives, in one list: its code, its default severity, what it means
//! and what to do about it. Reports, the SARIF rule metadata and `docs/codes.md` are made from
//! this list, so a code is spelled one way everywhere.

use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing; nothing to fix.
    Advice,
    /// Worth fixing; the verdict stands.
    Warning,
    /// Stops the pipeline.
    Error,
}

impl Severity {
    /// The severity as reports print it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Advice => "advice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a code is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The verdict of a check run (exit 0 or 1).
    Verdict,
    /// A finding beside the verdict: a link, a source, a call, the configuration.
    Finding,
    /// A problem that stops the run before a verdict (exit 2).
    Error,
}

/// A diagnostic's code; `docs/codes.md` describes each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// `intake::pass`
    Pass,
    /// `intake::blocked::unreadable-sources`
    BlockedUnreadableSources,
    /// `intake::blocked::no-sources`
    BlockedNoSources,
    /// `intake::blocked::news-reports`
    BlockedNewsReports,
    /// `intake::blocked::no-requirements`
    BlockedNoRequirements,
    /// `intake::source::news`
    SourceNews,
    /// `intake::link::duplicate`
    LinkDuplicate,
    /// `intake::link::remote`
    LinkRemote,
    /// `intake::link::outside`
    LinkOutside,
    /// `intake::background::unused`
    BackgroundUnused,
    /// `intake::background::requirements`
    BackgroundRequirements,
    /// `intake::source::unreadable`
    SourceUnreadable,
    /// `intake::source::encoding`
    SourceEncoding,
    /// `intake::unlinked-file`
    UnlinkedFile,
    /// `intake::language::unsupported`
    LanguageUnsupported,
    /// `intake::low-confidence`
    LowConfidence,
    /// `intake::too-little-text`
    TooLittleText,
    /// `intake::news-beside-requirements`
    NewsBesideRequirements,
    /// `intake::config::deprecated`
    ConfigDeprecated,
    /// `intake::rules::deprecated-key`
    RulesDeprecatedKey,
    /// `intake::dir::missing`
    DirMissing,
    /// `intake::dir::not-a-folder`
    DirNotAFolder,
    /// `intake::index::missing`
    IndexMissing,
    /// `intake::index::not-text`
    IndexNotText,
    /// `intake::io`
    Io,
    /// `intake::output`
    Output,
    /// `intake::rules::invalid`
    RulesInvalid,
    /// `intake::rules::unknown-id`
    RulesUnknownId,
    /// `intake::config::invalid`
    ConfigInvalid,
    /// `intake::model::invalid`
    ModelInvalid,
    /// `intake::corpus::invalid`
    CorpusInvalid,
}

/// What is known of a code.
struct Info {
    code: &'static str,
    kind: Kind,
    severity: Severity,
    description: &'static str,
    help: Option<&'static str>,
}

impl Code {
    /// Every code, in the order of the documentation.
    pub const ALL: [Code; 31] = [
        Code::Pass,
        Code::BlockedUnreadableSources,
        Code::BlockedNoSources,
        Code::BlockedNewsReports,
        Code::BlockedNoRequirements,
        Code::SourceNews,
        Code::LinkDuplicate,
        Code::LinkRemote,
        Code::LinkOutside,
        Code::BackgroundUnused,
        Code::BackgroundRequirements,
        Code::SourceUnreadable,
        Code::SourceEncoding,
        Code::UnlinkedFile,
        Code::LanguageUnsupported,
        Code::LowConfidence,
        Code::TooLittleText,
        Code::NewsBesideRequirements,
        Code::ConfigDeprecated,
        Code::RulesDeprecatedKey,
        Code::DirMissing,
        Code::DirNotAFolder,
        Code::IndexMissing,
        Code::IndexNotText,
        Code::Io,
        Code::Output,
        Code::RulesInvalid,
        Code::RulesUnknownId,
        Code::ConfigInvalid,
        Code::ModelInvalid,
        Code::CorpusInvalid,
    ];

    /// The code as reports print it: `intake::` and kebab-case segments.
    pub fn as_str(self) -> &'static str {
        self.info().code
    }

    /// Whether it is a verdict, a finding or an error.
    pub fn kind(self) -> Kind {
        self.info().kind
    }

    /// Its severity unless the configuration says otherwise.
    pub fn severity(self) -> Severity {
        self.info().severity
    }

    /// What it means, in one sentence.
    pub fn description(self) -> &'static str {
        self.info().description
    }

    /// What to do about it, where one thing always applies.
    pub fn help(self) -> Option<&'static str> {
        self.info().help
    }

    // A data table, one row per code: long by design.
    #[allow(clippy::too_many_lines)]
    fn info(self) -> Info {
        use Kind::{Error as Stop, Finding, Verdict};
        use Severity::{Advice, Error, Warning};
        let (code, kind, severity, description, help) = match self {
            Code::Pass => ("intake::pass", Verdict, Advice,
                "The sources carry requirements: the pipeline may go on (exit 0).", None),
            Code::BlockedUnreadableSources => ("intake::blocked::unreadable-sources", Verdict, Error,
                "A linked source is missing, outside the folder or not readable text (exit 1).",
                Some("fix the links above; every linked source must be a readable text file in the seeds folder")),
            Code::BlockedNoSources => ("intake::blocked::no-sources", Verdict, Error,
                "INDEX.md links no source document (exit 1).",
                Some("link each seed document from INDEX.md, e.g. `- [spec](spec.md)`")),
            Code::BlockedNewsReports => ("intake::blocked::news-reports", Verdict, Error,
                "No source carries requirements and the sources read as news reports (exit 1).",
                Some("link a requirements document (a spec, a PRD, user stories, a design card) from INDEX.md; mark news kept for context as background")),
            Code::BlockedNoRequirements => ("intake::blocked::no-requirements", Verdict, Error,
                "No source carries requirements, and they are not news either (exit 1).",
                Some("requirements read as statements of what a system must do (`the system shall`, 系统应), user stories, acceptance criteria or a spec's structure; link such a document from INDEX.md")),
            Code::SourceNews => ("intake::source::news", Finding, Error,
                "One more source of a news-reports verdict, with its evidence.", None),
            Code::LinkDuplicate => ("intake::link::duplicate", Finding, Advice,
                "A file is linked more than once from INDEX.md; it is read once.", None),
            Code::LinkRemote => ("intake::link::remote", Finding, Warning,
                "A link to a remote document: it is never fetched, so never checked.",
                Some("vendor the document into the seeds folder and link the copy to check it")),
            Code::LinkOutside => ("intake::link::outside", Finding, Error,
                "A link that leaves the seeds folder (`../`, an absolute path, a symlink out): refused, not read.",
                Some("copy the document into the seeds folder and link it relatively")),
            Code::BackgroundUnused => ("intake::background::unused", Finding, Warning,
                "A background mark on a line of INDEX.md without a link marks nothing.",
                Some("put the mark on the same line as the link it applies to")),
            Code::BackgroundRequirements => ("intake::background::requirements", Finding, Advice,
                "A source marked background carries requirements; background sources are not counted.", None),
            Code::SourceUnreadable => ("intake::source::unreadable", Finding, Error,
                "A linked source is missing, not a regular file, too large, or not text.", None),
            Code::SourceEncoding => ("intake::source::encoding", Finding, Advice,
                "A source is not UTF-8 and was decoded from the encoding named.", None),
            Code::UnlinkedFile => ("intake::unlinked-file", Finding, Warning,
                "A file in the seeds folder that INDEX.md does not link: not checked.",
                Some("link it from INDEX.md, or move it out of the seeds folder")),
            Code::LanguageUnsupported => ("intake::language::unsupported", Finding, Warning,
                "A source is in a language no rule pack covers: it is reported, not judged.",
                Some("add a rule pack for the language with --rules, or link a translation")),
            Code::LowConfidence => ("intake::low-confidence", Finding, Warning,
                "A call less sure than the configured threshold, with its evidence both ways.",
                Some("check the call by hand; `--verbose` shows the probabilities per section")),
            Code::TooLittleText => ("intake::too-little-text", Finding, Warning,
                "A source with no rule match and too few words to judge: counted as other.",
                Some("link the document itself, not a stub or a page of links")),
            Code::NewsBesideRequirements => ("intake::news-beside-requirements", Finding, Warning,
                "The sources pass, and a source among them reads as news.",
                Some("mark it `<!-- intake: background -->` in INDEX.md if it is kept for context")),
            Code::ConfigDeprecated => ("intake::config::deprecated", Finding, Warning,
                "A configuration setting that the learned decision no longer reads: ignored.",
                Some("`intake-lint config` shows the settings in force")),
            Code::RulesDeprecatedKey => ("intake::rules::deprecated-key", Finding, Warning,
                "A rule file spells a key the old way (`max_per_section`): still read.",
                Some("rule keys are kebab-case, like the configuration's: write `max-per-section`")),
            Code::DirMissing => ("intake::dir::missing", Stop, Error,
                "The seeds folder given does not exist (exit 2).",
                Some("pass the folder that holds INDEX.md: `intake-lint check seeds`")),
            Code::DirNotAFolder => ("intake::dir::not-a-folder", Stop, Error,
                "The seeds folder given is a file (exit 2).",
                Some("pass the folder that holds INDEX.md, not a file in it")),
            Code::IndexMissing => ("intake::index::missing", Stop, Error,
                "The seeds folder has no INDEX.md (exit 2).",
                Some("list the seed documents in INDEX.md with markdown links, e.g. `- [spec](spec.md)`")),
            Code::IndexNotText => ("intake::index::not-text", Stop, Error,
                "INDEX.md is not a regular text file, or is over the size limit (exit 2).", None),
            Code::Io => ("intake::io", Stop, Error,
                "A file the run needs could not be read (exit 2).", None),
            Code::Output => ("intake::output", Stop, Error,
                "The report could not be written (exit 2).", None),
            Code::RulesInvalid => ("intake::rules::invalid", Stop, Error,
                "A rule pack has problems; each is reported at its file, line and column (exit 2).",
                Some("`intake-lint rules test` checks rule files; the schema is in rules/README.md")),
            Code::RulesUnknownId => ("intake::rules::unknown-id", Stop, Error,
                "No rule or model feature has the id given (exit 2).",
                Some("`intake-lint rules` lists the rule ids")),
            Code::ConfigInvalid => ("intake::config::invalid", Stop, Error,
                "The configuration file has problems; each is reported at its line and column (exit 2).",
                Some("the keys are described in the README (Configuration); `intake-lint config` prints the effective values")),
            Code::ModelInvalid => ("intake::model::invalid", Stop, Error,
                "A model file has problems; each is reported at its line (exit 2).",
                Some("model files are written by `intake-lint train CORPUS... -o FILE`")),
            Code::CorpusInvalid => ("intake::corpus::invalid", Stop, Error,
                "A labelled corpus cannot be read: labels.tsv or a document it names (exit 2).", None),
        };
        Info {
            code,
            kind,
            severity,
            description,
            help,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The reference of every code, as `docs/codes.md` holds it (a test keeps the file fresh).
pub fn reference() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\nEvery code `intake-lint` reports, made from `src/codes.rs` \
         (a test keeps this file fresh).\n",
    );
    for (kind, title) in [
        (Kind::Verdict, "Verdicts"),
        (Kind::Finding, "Findings"),
        (Kind::Error, "Errors that stop a run"),
    ] {
        out.push_str(&format!(
            "\n## {title}\n\n| code | severity | meaning | help |\n| --- | --- | --- | --- |\n"
        ));
        for code in Code::ALL.iter().filter(|c| c.kind() == kind) {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                code.as_str(),
                code.severity().as_str(),
                code.description(),
                code.help().unwrap_or("").replace('|', "\\|")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            let rest = text.strip_prefix("intake::").unwrap_or("");
            assert!(
                rest.split("::").all(
                    |s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                ),
                "{text}"
            );
            assert!(code.description().ends_with('.'), "{text}");
        }
    }
}
