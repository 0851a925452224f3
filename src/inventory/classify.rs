//! What a unit of a requirements text states: its kind, its modality, its subject and the id
//! the document gives it. English modality follows RFC 2119 / BCP 14 (MUST, SHALL, SHOULD,
//! MAY and their negations, in capitals or not; `will` is a statement of intent); Chinese
//! follows GB/T 1.1's tables of equivalent expressions (应/应当/必须/须, 不应/不得/禁止, 宜,
//! 不宜, 可/可以).

use super::roles::Role;
use super::units::Shape;
use crate::text::lang::is_han;
use regex_automata::meta::Regex;
use std::sync::LazyLock;

/// What kind of requirement statement a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A sentence that obliges, forbids, recommends or permits (`The system shall…`, `系统应…`).
    Obligation,
    /// `As a <role>, I want <goal>, so that <benefit>` (`作为…，我想…，以便…`).
    UserStory,
    /// Given/When/Then, or an item of an acceptance checklist.
    AcceptanceCriterion,
    /// A numbered step of a use case's flow.
    UseCaseStep,
    /// An item or row of a requirements list or table that states no modality.
    FeatureItem,
}

impl Kind {
    /// Every kind, in the order reports show them.
    pub const ALL: [Kind; 5] = [
        Kind::Obligation,
        Kind::UserStory,
        Kind::AcceptanceCriterion,
        Kind::UseCaseStep,
        Kind::FeatureItem,
    ];

    /// The kind as reports name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Obligation => "obligation",
            Kind::UserStory => "user-story",
            Kind::AcceptanceCriterion => "acceptance-criterion",
            Kind::UseCaseStep => "use-case-step",
            Kind::FeatureItem => "feature-item",
        }
    }
}

/// How strongly a statement binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Modality {
    /// MUST, SHALL, REQUIRED; 应, 应当, 必须, 须.
    Must,
    /// MUST NOT, SHALL NOT; 不应, 不得, 禁止.
    MustNot,
    /// SHOULD, RECOMMENDED; 宜.
    Should,
    /// SHOULD NOT, NOT RECOMMENDED; 不宜.
    ShouldNot,
    /// MAY, OPTIONAL, can; 可, 可以.
    May,
    /// `will`, a statement of intent; 将.
    Will,
    /// None of these.
    None,
}

impl Modality {
    /// Every modality, strongest first.
    pub const ALL: [Modality; 7] = [
        Modality::Must,
        Modality::MustNot,
        Modality::Should,
        Modality::ShouldNot,
        Modality::May,
        Modality::Will,
        Modality::None,
    ];

    /// The modality as reports name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Must => "must",
            Modality::MustNot => "must-not",
            Modality::Should => "should",
            Modality::ShouldNot => "should-not",
            Modality::May => "may",
            Modality::Will => "will",
            Modality::None => "none",
        }
    }
}

/// What the classification found in one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub kind: Kind,
    pub modality: Modality,
    pub subject: Option<String>,
    /// The document's own id of the statement (`FR-001`).
    pub id: Option<String>,
}

fn regex(pattern: &str) -> Regex {
    // The patterns are constants of this file, tested below.
    Regex::builder()
        .configure(small_cache())
        .build(pattern)
        .unwrap_or_else(|e| panic!("inventory pattern {pattern}: {e}"))
}

/// The inventory's patterns run on short units: a small lazy-DFA cache each serves them (the
/// default is sized for long haystacks, and there is one per thread).
pub(super) fn small_cache() -> regex_automata::meta::Config {
    Regex::config().hybrid_cache_capacity(1 << 18)
}

/// English modal phrases, in one alternation: the leftmost match decides, and at one place
/// the stronger reading comes first (`must not` before `must`).
static EN_MODAL: LazyLock<Regex> = LazyLock::new(|| {
    let words: Vec<&str> = EN_WORDS
        .iter()
        .flat_map(|(words, _)| words.iter().copied())
        .collect();
    // ASCII case folding and word boundaries: the words are English, and a lazy DFA built
    // for them stays small.
    regex(&format!(r"(?i-u)(?-u:\b)(?:{})(?-u:\b)", words.join("|")))
});

const EN_WORDS: &[(&[&str], Modality)] = &[
    (
        &[
            "must not",
            "shall not",
            "may not",
            "mustn't",
            "shan't",
            "is not permitted to",
            "are not permitted to",
            "is prohibited from",
        ],
        Modality::MustNot,
    ),
    (
        &["should not", "shouldn't", "not recommended"],
        Modality::ShouldNot,
    ),
    (
        &[
            "must",
            "shall",
            "is required to",
            "are required to",
            "required",
            "has to",
            "have to",
            "needs to",
            "need to",
        ],
        Modality::Must,
    ),
    (&["should", "recommended"], Modality::Should),
    (
        &[
            "may",
            "optional",
            "can",
            "is able to",
            "are able to",
            "is allowed to",
            "are allowed to",
        ],
        Modality::May,
    ),
    (&["will"], Modality::Will),
];

/// A Chinese modal word (GB/T 1.1), with the characters that must not stand just before or
/// just after it for it to be one: 应 is not read in 应用, 响应, 对应, 应付; 可 not in 可能,
/// 许可; 宜 not in 便宜, 事宜; 将 not in 将来.
struct ZhWord {
    word: &'static str,
    not_before: &'static str,
    not_after: &'static str,
    modality: Modality,
}

const fn zh(word: &'static str, modality: Modality) -> ZhWord {
    ZhWord {
        word,
        not_before: "",
        not_after: "",
        modality,
    }
}

const fn zh_guarded(
    not_before: &'static str,
    word: &'static str,
    not_after: &'static str,
    modality: Modality,
) -> ZhWord {
    ZhWord {
        word,
        not_before,
        not_after,
        modality,
    }
}

/// Strongest reading first: at one place, the first word listed that stands there decides.
const ZH_WORDS: &[ZhWord] = &[
    zh("不应", Modality::MustNot),
    zh("不得", Modality::MustNot),
    zh("禁止", Modality::MustNot),
    zh("严禁", Modality::MustNot),
    zh("不允许", Modality::MustNot),
    zh("不可以", Modality::MustNot),
    zh("不可", Modality::MustNot),
    zh("不能", Modality::MustNot),
    zh("不宜", Modality::ShouldNot),
    zh("不建议", Modality::ShouldNot),
    zh("应当", Modality::Must),
    zh("应该", Modality::Must),
    zh("必须", Modality::Must),
    zh("必需", Modality::Must),
    zh("需要", Modality::Must),
    zh_guarded("必", "须", "知", Modality::Must),
    zh_guarded("无必所急", "需", "求知", Modality::Must),
    zh_guarded(
        "响对相适反供回效感答呼理报",
        "应",
        "用答急对变付收",
        Modality::Must,
    ),
    zh("建议", Modality::Should),
    zh_guarded("便事适", "宜", "人", Modality::Should),
    zh("可以", Modality::May),
    zh("允许", Modality::May),
    zh_guarded("许认不", "可", "能靠用视选行见信控读写以", Modality::May),
    zh("将会", Modality::Will),
    zh_guarded("即必", "将", "来军近", Modality::Will),
];

/// The first Chinese modal word of `text`: its modality, where it starts and whether it is
/// one of GB/T 1.1's normative words themselves (必须, 应当, 不得 and kin).
fn zh_modality(text: &str) -> Option<(Modality, usize, bool)> {
    let mut previous: Option<char> = None;
    for (i, c) in text.char_indices() {
        // The first characters of the words: most characters start none.
        if !matches!(
            c,
            '不' | '禁' | '严' | '应' | '必' | '需' | '须' | '建' | '宜' | '可' | '允' | '将'
        ) {
            previous = Some(c);
            continue;
        }
        let rest = &text[i..];
        // `是否需要`, `是否可以`: whether, not a modal.
        if text[..i].ends_with("是否") {
            previous = Some(c);
            continue;
        }
        for w in ZH_WORDS {
            if !rest.starts_with(w.word) {
                continue;
            }
            let after = rest[w.word.len()..].chars().next();
            let guarded = previous.is_some_and(|p| w.not_before.contains(p))
                || after.is_some_and(|a| w.not_after.contains(a));
            if !guarded {
                let normative = matches!(
                    w.word,
                    "必须" | "应当" | "应该" | "不得" | "不应" | "禁止" | "严禁" | "不宜"
                );
                return Some((w.modality, i, normative));
            }
        }
        previous = Some(c);
    }
    None
}

/// The first English modal phrase of `text`: its modality, where it starts and whether it
/// is a BCP 14 keyword in capitals (MUST, SHALL NOT, REQUIRED).
fn en_modality(text: &str) -> Option<(Modality, usize, bool)> {
    let found = EN_MODAL.find(text)?;
    let written = &text[found.range()];
    let phrase = written.to_ascii_lowercase();
    let modality = EN_WORDS
        .iter()
        .find(|(words, _)| words.contains(&phrase.as_str()))
        .map_or(Modality::None, |(_, m)| *m);
    let capitals = !written.bytes().any(|b| b.is_ascii_lowercase()) && modality != Modality::Will;
    Some((modality, found.start(), capitals))
}

static USER_STORY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:^|[\s:：|-])as an?\s+(?P<role>[^,，]{1,80}?)[,，]?\s+I\s+(?:want|need|would like|wish|can|should be able|am able)|作为(?:一[名个位])?(?P<zhrole>[^，,。]{1,24})[，,]\s*我(?:想|希望|要|需要|可以|能够)",
    )
});

/// A heading or label that opens a list of a role's wishes (`作为客户我想要：`, `As an
/// admin, I want:`): each item under it is a story of that role.
static STORY_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:#+\s*)?(?:as an?\s+(?P<role>[^,，]{1,60}?)[,，]?\s+I\s+(?:want|need|would like)(?:\s+to)?|作为(?:一[名个位])?(?P<zhrole>[^，,。:：]{1,24}?)[，,]?\s*我(?:想要|想|希望|要|需要))\s*[:：]?\s*$",
    )
});

/// The role named by a heading or label that opens a list of stories, if it is one.
pub(crate) fn story_lead(heading: &str) -> Option<String> {
    let mut caps = STORY_LEAD.create_captures();
    STORY_LEAD.captures(heading.trim(), &mut caps);
    caps.get_group_by_name("role")
        .or_else(|| caps.get_group_by_name("zhrole"))
        .map(|span| heading.trim()[span].trim().to_owned())
}

/// The document's own id at the start of a unit (after a list marker): `FR-001`, `REQ-12`,
/// `US-3`, `NFR 4.2`, `[R7]`.
static OWN_ID: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?:[-*+•]\s+|\|\s*)?[\[【]?(?P<id>[A-Z][A-Za-z]{0,9}(?:[-_.][A-Z]{1,8})*[-_ ]?\d{1,5}(?:\.\d{1,4}){0,3})[\]】]?(?:\s*[:：.)|\-–]\s*|\s+)",
    )
});

/// A quoted note, an example, or a line that is all bold (a label standing for a heading).
fn is_note_or_example(text: &str, is_item: bool) -> bool {
    const EXAMPLE: [&str; 9] = [
        "例如",
        "比如",
        "举例",
        "例子",
        "示例",
        "e.g.",
        "E.g.",
        "For example",
        "For instance",
    ];
    let bold = !is_item && text.starts_with("**") && text.ends_with("**") && text.len() > 4;
    text.starts_with('>') || bold || EXAMPLE.iter().any(|e| text.starts_with(e))
}

/// A question (`Should status go with the tags?`) or an aside in parentheses (`*(May
/// integrate later.)*`): an open point or a note, not a statement.
fn is_question_or_aside(text: &str) -> bool {
    let bare = text.trim().trim_matches(['*', '_', ' ']);
    let aside = (bare.starts_with('(') && bare.ends_with(')'))
        || (bare.starts_with('（') && bare.ends_with('）'));
    let inner = bare.trim_end_matches([')', '）', '*', '_', ' ']);
    aside || inner.ends_with(['?', '？'])
}

/// The BCP 14 boilerplate that cites RFC 2119: not itself a statement.
fn is_bcp14_boilerplate(text: &str) -> bool {
    if !text.contains("2119") && !text.contains("14") {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    (lower.contains("rfc 2119") || lower.contains("rfc2119") || lower.contains("bcp 14"))
        && lower.contains("key word")
}

/// The modality of `text`, its subject, and whether the modal word is a normative keyword
/// itself (MUST in capitals, 必须).
fn modality(text: &str) -> (Modality, Option<String>, bool) {
    let han = text.chars().any(is_han);
    let found = if han {
        zh_modality(text)
    } else {
        en_modality(text)
    };
    match found {
        Some((modality, at, normative)) => (modality, subject(&text[..at], han), normative),
        None => (Modality::None, None, false),
    }
}

/// The subject of a modal sentence: the last few words before its modal word, without list
/// markers, ids and leading conjunctions.
fn subject(before: &str, han: bool) -> Option<String> {
    let before = OWN_ID
        .find(before)
        .map_or(before, |m| &before[m.end()..])
        .trim_start_matches(['-', '*', '+', '•', '|', ' '])
        .trim();
    let before = before
        .rsplit([',', '，', ':', '：', '；', ';'])
        .next()
        .unwrap_or(before)
        .trim();
    if han {
        let chars: Vec<char> = before.chars().collect();
        let kept: String = chars[chars.len().saturating_sub(12)..].iter().collect();
        let kept = kept.trim_start_matches(['在', '当', '则']).trim();
        return (!kept.is_empty()).then(|| kept.to_owned());
    }
    let words: Vec<&str> = before.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    let skip = usize::from(matches!(
        words[0].to_ascii_lowercase().as_str(),
        "and" | "or" | "then" | "but"
    ));
    let kept = words[skip..].join(" ");
    (!kept.is_empty()).then_some(kept)
}

/// Where a unit stands: the role of its section, the role of a story list it is an item of
/// (`作为客户我想要：`), and whether it is an item nested under an item with the document's own
/// id (without a modal word it is then a part of that requirement or a note on it, not one of
/// its own).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    pub role: Role,
    pub story_role: Option<&'a str>,
    pub under_identified_item: bool,
}

/// What `text` (a unit of shape `shape` in `context`) states, if it is a requirement
/// statement at all.
pub(crate) fn classify(text: &str, shape: &Shape, context: Context<'_>) -> Option<Found> {
    let is_item = matches!(shape, Shape::Item { .. } | Shape::Row);
    // An item or row may be a short name of a feature (`导出报表`); a sentence says more.
    let least = if is_item { 2 } else { 3 };
    if words(text) < least || is_bcp14_boilerplate(text) || is_question_or_aside(text) {
        return None;
    }
    let id = own_id(text);
    let (modality, subject, normative) = modality(text);
    if context.under_identified_item && modality == Modality::None {
        return None;
    }
    if let Some(story_role) = story(text, is_item, context) {
        // A story's `I can` or `will` is its form, not a permission or an intent.
        let modality = match modality {
            Modality::May | Modality::Will => Modality::None,
            other => other,
        };
        return Some(Found {
            kind: Kind::UserStory,
            modality,
            subject: story_role,
            id,
        });
    }
    // A quoted note (`> 说明：…`) and an example (`比如…`, `e.g. …`) are read like
    // background.
    // A label of its own says what the unit is (`验收标准：…`, `Rationale: …`).
    let role = match (is_note_or_example(text, is_item), label_role(text)) {
        (true, _) => Role::Background,
        (false, Some(role)) => role,
        (false, None) => context.role,
    };
    let kind = if *shape == Shape::Step
        || matches!(shape, Shape::Item { checkbox: true, .. })
        || (is_item && role == Role::Acceptance)
    {
        Kind::AcceptanceCriterion
    } else if *shape == Shape::Row && (modality != Modality::None || role == Role::Requirements) {
        // A row is an entry of its table whatever verb it holds; its modality is told apart.
        Kind::FeatureItem
    } else if matches!(
        shape,
        Shape::Item {
            number: Some(_),
            ..
        }
    ) && role == Role::Flow
    {
        Kind::UseCaseStep
    } else if modality != Modality::None && (role != Role::Background || normative) {
        Kind::Obligation
    } else if is_item && (id.is_some() || role == Role::Requirements) {
        Kind::FeatureItem
    } else {
        return None;
    };
    Some(Found {
        kind,
        modality,
        subject,
        id,
    })
}

/// The role named by a unit's own short label (`验收标准：在1000个并发用户下…`), if it has one
/// that names a role.
fn label_role(text: &str) -> Option<Role> {
    let (label, _) = text.split_once(['：', ':'])?;
    let label = label.trim_start_matches(['-', '*', '+', '•', ' ']).trim();
    if label.is_empty() || label.chars().count() > 12 {
        return None;
    }
    // Only a narrower role than its section's: a label does not make prose a requirement.
    match super::roles::heading_role(label).unwrap_or(Role::Unknown) {
        Role::Unknown | Role::Requirements => None,
        role => Some(role),
    }
}

/// Words of a text: two Han characters count as one, beside the words in Latin letters
/// (`报修单 CRUD`).
fn words(text: &str) -> usize {
    let han = text.chars().filter(|c| is_han(*c)).count();
    let latin = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.bytes().any(|b| b.is_ascii_alphabetic()))
        .count();
    han / 2 + latin
}

/// The document's own id at the start of a unit (`FR-001`).
fn own_id(text: &str) -> Option<String> {
    // Cheap test first: most units have none.
    let may_have_id = text
        .trim_start_matches(['-', '*', '+', '•', '|', ' ', '[', '【'])
        .starts_with(|c: char| c.is_ascii_uppercase());
    may_have_id
        .then(|| OWN_ID.captures_iter(text).next())
        .flatten()
        .and_then(|c| c.get_group_by_name("id"))
        .map(|span| text[span].trim().to_owned())
}

/// Whether a unit is a user story, and then its role (where it names one): a story sentence
/// (`As a clerk, I want…`, `作为学生，我想…`), or an item under a heading that opens a
/// role's wishes.
fn story(text: &str, is_item: bool, context: Context<'_>) -> Option<Option<String>> {
    let may_be_story = text.contains("作为")
        || memchr::memmem::find(text.as_bytes(), b"s a").is_some()
        || memchr::memmem::find(text.as_bytes(), b"S A").is_some();
    if may_be_story {
        let mut caps = USER_STORY.create_captures();
        USER_STORY.captures(text, &mut caps);
        if caps.is_match() {
            let role = caps
                .get_group_by_name("role")
                .or_else(|| caps.get_group_by_name("zhrole"))
                .map(|span| text[span].trim().to_owned());
            return Some(role);
        }
    }
    is_item
        .then(|| context.story_role.map(|role| Some(role.to_owned())))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(
        text: &str,
        shape: Shape,
        section: &[&str],
    ) -> Option<(Kind, Modality, Option<String>, Option<String>)> {
        // The path as `role` reads it: without the document's title.
        let section: Vec<String> = section.iter().map(|s| (*s).to_owned()).collect();
        let story_role = section.last().and_then(|h| story_lead(h));
        let context = Context {
            role: super::super::roles::role(&section),
            story_role: story_role.as_deref(),
            under_identified_item: false,
        };
        classify(text, &shape, context).map(|f| (f.kind, f.modality, f.subject, f.id))
    }

    /// Each text is an obligation of its modality with its subject.
    fn assert_obligations(cases: &[(&str, Modality, &str)]) {
        for (text, modality, subject) in cases {
            let (kind, m, subj, _) = found(text, Shape::Sentence, &[]).unwrap();
            assert_eq!(
                (kind, m, subj.as_deref()),
                (Kind::Obligation, *modality, Some(*subject)),
                "{text}"
            );
        }
    }

    #[test]
    fn english_obligations_after_rfc_2119() {
        let s = Shape::Sentence;
        let cases = [
            (
                "The system MUST NOT store passwords in clear.",
                Modality::MustNot,
                "The system",
            ),
            (
                "FR-12: The exporter shall write CSV files.",
                Modality::Must,
                "The exporter",
            ),
            (
                "Clients SHOULD retry after a delay.",
                Modality::Should,
                "Clients",
            ),
            (
                "The server MAY close idle connections.",
                Modality::May,
                "The server",
            ),
            (
                "The app will show a weekly summary.",
                Modality::Will,
                "The app",
            ),
            (
                "Users should not share accounts with others.",
                Modality::ShouldNot,
                "Users",
            ),
        ];
        assert_obligations(&cases);
        assert_eq!(
            found("FR-12: The exporter shall write CSV files.", s.clone(), &[])
                .unwrap()
                .3
                .as_deref(),
            Some("FR-12")
        );
        let boilerplate = "The key words \"MUST\", \"MUST NOT\" and \"MAY\" in this document are to be interpreted as described in RFC 2119.";
        assert_eq!(found(boilerplate, s.clone(), &[]), None);
        assert_eq!(
            found("This chapter describes the history of the project.", s, &[]),
            None
        );
    }

    #[test]
    fn chinese_obligations_after_gb_t_1_1() {
        let s = Shape::Sentence;
        let cases = [
            ("系统应支持按日期导出报表。", Modality::Must, "系统"),
            ("用户密码不得以明文存储。", Modality::MustNot, "用户密码"),
            ("管理员宜每周审核一次日志。", Modality::Should, "管理员"),
            ("学生可以查看本人的成绩单。", Modality::May, "学生"),
            ("系统必须在三秒内响应查询请求。", Modality::Must, "系统"),
        ];
        assert_obligations(&cases);
        // 应 inside 应用 and 响应 obliges nothing.
        assert_eq!(found("本应用的响应速度很快，界面美观。", s, &[]), None);
    }

    #[test]
    fn stories_criteria_steps_and_items() {
        let item = Shape::Item {
            number: None,
            checkbox: false,
        };
        let numbered = Shape::Item {
            number: Some("2".into()),
            checkbox: false,
        };
        let story = found(
            "- As a teacher, I want to export grades so that I can report them.",
            item.clone(),
            &[],
        )
        .unwrap();
        assert_eq!(
            (story.0, story.2.as_deref()),
            (Kind::UserStory, Some("teacher"))
        );
        let zh = found(
            "作为一名学生，我想查看课程表，以便安排时间。",
            Shape::Sentence,
            &[],
        )
        .unwrap();
        assert_eq!((zh.0, zh.2.as_deref()), (Kind::UserStory, Some("学生")));
        assert_eq!(
            found("Given a logged-in user with two orders", Shape::Step, &[])
                .unwrap()
                .0,
            Kind::AcceptanceCriterion
        );
        assert_eq!(
            found(
                "- [ ] Export works for empty reports",
                Shape::Item {
                    number: None,
                    checkbox: true
                },
                &[]
            )
            .unwrap()
            .0,
            Kind::AcceptanceCriterion
        );
        assert_eq!(
            found("The user enters the order number", numbered, &["Main flow"])
                .unwrap()
                .0,
            Kind::UseCaseStep
        );
        assert_eq!(
            found(
                "Export of reports to CSV",
                item.clone(),
                &["3 Functional requirements"]
            )
            .unwrap()
            .0,
            Kind::FeatureItem
        );
        assert_eq!(
            found("Export of reports to CSV", item.clone(), &["Team members"]),
            None
        );
    }

    #[test]
    fn story_lists_questions_background_and_whether() {
        let item = Shape::Item {
            number: None,
            checkbox: false,
        };
        // A heading that opens a role's wishes makes its items stories of that role.
        let wish = found(
            "能够按照标题搜索已发布的订单",
            item.clone(),
            &["作为客户我想要："],
        )
        .unwrap();
        assert_eq!((wish.0, wish.2.as_deref()), (Kind::UserStory, Some("客户")));
        // Questions and asides state nothing; in the background only the keywords do.
        assert_eq!(
            found("*(Should status go with the tags?)*", item, &["Functions"]),
            None
        );
        assert_eq!(
            found(
                "We may add caching later on.",
                Shape::Sentence,
                &["Background"]
            ),
            None
        );
        assert_eq!(
            found(
                "Servers MUST reject such requests.",
                Shape::Sentence,
                &["Background"]
            )
            .unwrap()
            .0,
            Kind::Obligation
        );
        // `是否需要` asks whether; 需 alone obliges.
        assert_eq!(found("是否需要串行执行的标志", Shape::Sentence, &[]), None);
        assert_eq!(
            found("密码需加密存储在数据库中。", Shape::Sentence, &[])
                .unwrap()
                .1,
            Modality::Must
        );
    }
}
