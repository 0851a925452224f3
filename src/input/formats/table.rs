//! Tables whose rows are user stories split into columns: a backlog with a role column, a
//! goal column and a benefit column (`role | feature | benefit`, `As a | I want | So that`,
//! `角色 | 功能 | 目的`) says in its header what each row is. Such a row is also written as
//! the story it stands for (`As a role, I want goal, so that benefit.`), which is how the
//! genre's convention reads everywhere else.

/// The columns (by letter) of a story table's parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoryColumns {
    role: String,
    goal: String,
    benefit: Option<String>,
}

/// Header words of each part, compared after lower-casing and trimming `:`, `*` and spaces.
const ROLE: &[&str] = &[
    "role",
    "user role",
    "user type",
    "as a",
    "as an",
    "actor",
    "persona",
    "who",
    "角色",
    "用户角色",
    "作为",
    "用户",
];
const GOAL: &[&str] = &[
    "feature",
    "goal",
    "i want",
    "i want to",
    "want",
    "i can",
    "what",
    "capability",
    "action",
    "desire",
    "功能",
    "我想",
    "我希望",
    "我想要",
    "目标",
    "需要",
];
const BENEFIT: &[&str] = &[
    "benefit",
    "so that",
    "reason",
    "value",
    "why",
    "in order to",
    "outcome",
    "以便",
    "目的",
    "价值",
    "原因",
    "收益",
];

fn part_of(header: &str, words: &[&str]) -> bool {
    let header = header
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：' | '*' | '…' | '.'))
        .to_lowercase();
    words.contains(&header.as_str())
}

impl StoryColumns {
    /// The story columns of a header row of (column letter, text), if it has a role and a goal.
    pub(crate) fn detect(header: &[(&str, &str)]) -> Option<StoryColumns> {
        let find = |words: &[&str]| {
            header
                .iter()
                .find(|(_, text)| part_of(text, words))
                .map(|(column, _)| (*column).to_owned())
        };
        Some(StoryColumns {
            role: find(ROLE)?,
            goal: find(GOAL)?,
            benefit: find(BENEFIT),
        })
    }

    /// The story a row of (column letter, text) stands for, if it has a role and a goal.
    pub(crate) fn story(&self, row: &[(&str, &str)]) -> Option<String> {
        let cell = |column: &str| {
            row.iter()
                .find(|(c, _)| *c == column)
                .map(|(_, text)| text.trim().trim_end_matches(['.', '。']))
                .filter(|text| !text.is_empty())
        };
        let (role, goal) = (cell(&self.role)?, cell(&self.goal)?);
        let han = |t: &str| t.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
        let benefit = self.benefit.as_deref().and_then(cell);
        Some(if han(role) || han(goal) {
            match benefit {
                Some(b) => format!("作为{role}，我想要{goal}，以便{b}。"),
                None => format!("作为{role}，我想要{goal}。"),
            }
        } else {
            let article = if role.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
                "an"
            } else {
                "a"
            };
            match benefit {
                Some(b) => format!("As {article} {role}, I want {goal}, so that {b}."),
                None => format!("As {article} {role}, I want {goal}."),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_story_table_reads_as_stories() {
        let columns = StoryColumns::detect(&[
            ("A", "id"),
            ("B", "Role"),
            ("C", "Feature"),
            ("D", "Benefit"),
        ])
        .unwrap();
        let row = [
            ("A", "7"),
            ("B", "worker"),
            ("C", "to order food by voice"),
            ("D", "I can rest."),
        ];
        assert_eq!(
            columns.story(&row).as_deref(),
            Some("As a worker, I want to order food by voice, so that I can rest.")
        );
        let zh = StoryColumns::detect(&[("A", "角色"), ("B", "功能")]).unwrap();
        assert_eq!(
            zh.story(&[("A", "学生"), ("B", "查看成绩")]).as_deref(),
            Some("作为学生，我想要查看成绩。")
        );
    }

    #[test]
    fn other_tables_are_not_story_tables() {
        assert_eq!(
            StoryColumns::detect(&[("A", "Name"), ("B", "Date"), ("C", "Amount")]),
            None
        );
        assert_eq!(StoryColumns::detect(&[("A", "Role"), ("B", "Owner")]), None);
    }
}
