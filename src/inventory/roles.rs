//! What a section of a requirements document is for, read off the words of its headings as
//! requirements documents name their parts (IEEE 830 / ISO 29148 and GB/T 8567 outlines,
//! backlogs, proposals, protocol specs): the requirements themselves, acceptance checks, a
//! use case's flow, or the document's background (introduction, glossary, references,
//! rationale, the team), whose modal words state no requirement unless they are the normative
//! keywords themselves.

use regex_automata::meta::Regex;
use std::sync::LazyLock;

/// What the statements of a section are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Requirements, features, quality attributes, interfaces, a format's fields: its list
    /// items and table rows are statements even without a modal word.
    Requirements,
    /// Acceptance criteria and test cases: its items and rows are criteria.
    Acceptance,
    /// A use case's or business process's flow: its numbered items are steps.
    Flow,
    /// Introduction, background, glossary, references, rationale, the team, the system's
    /// design (database, architecture, technology): only normative keywords (MUST, 必须) make
    /// a statement here.
    Background,
    /// Nothing said by the headings: modal sentences are statements, bare items are not.
    Unknown,
}

const ACCEPTANCE: &str =
    r"(?i)acceptance|criteria|test cases?(?-u:\b)|definition of done|验收|测试用例|检查点";

const FLOW: &str = r"(?i)(?:main|basic|normal|alternat\w*|exception\w*|success)\s+(?:flow|path|scenario|course)|flow of events|use case|(?-u:\b)steps(?-u:\b)|business (?:flow|process)|主流程|基本流程|主成功场景|备选流程|异常流程|扩展流程|事件流|用例|操作步骤|业务流程|处理流程|工作流程";

const REQUIREMENTS: &str = r"(?i)requirement|feature|function|capabilit|user stor|backlog|epic|(?-u:\b)scope(?-u:\b)|proposal|approach|solution|(?-u:\b)rules?(?-u:\b)|constraint|quality|performance|security|usability|reliability|availability|maintainability|portability|interface|protocol|specification|schema|parameter|propert|attribute|(?-u:\b)api(?-u:\b)|(?-u:\b)formats?(?-u:\b)|(?-u:\b)roles?(?-u:\b)|permission|deliverable|milestone|(?-u:\b)mvp(?-u:\b)|goals?(?-u:\b)|objectives?(?-u:\b)|state machine|transitions?(?-u:\b)|user interface|(?-u:\b)ui(?-u:\b)|screens?(?-u:\b)|validation|error handling|需求|功能|特性|用户故事|范围|规则|约束|性能|安全|可用性|可靠性|易用性|可维护|可扩展|兼容|接口|协议|规范|格式|参数|字段|属性|角色|权限|里程碑|交付|方案|目标|限制|状态机|状态流转|页面设计|界面|校验|验证|异常处理";

/// What is about the document, not the system, whatever else the heading says
/// (`协议草案起草人`, `Glossary of requirements terms`, `示例`).
const ABOUT_DOCUMENT: &str = r"(?i)glossary|terminolog|abbreviation|acronym|references?(?-u:\b)|bibliograph|appendi|revision|history|changelog|authors?(?-u:\b)|contributor|(?-u:\b)team(?-u:\b)|assumption|audience|起草|撰写|作者|术语|名词|缩写|参考|附录|修订|版本历史|团队|分工|成员|假设|受众|读者|致谢";

/// Background and rationale, unless the same heading names requirements (`Purpose and
/// scope`).
const BACKGROUND: &str = r"(?i)introduction|background|purpose|motivation|problem|discussion|alternatives|rationale|advantage|disadvantage|open question|引言|背景|目的|定义|市场|前景|竞争|用户场景|难点|总结|展望";

/// How the system is built rather than what it must do: its database, architecture,
/// technology and deployment. Read like background.
const DESIGN: &str = r"(?i)database|data model|architecture|technology stack|tech stack|deployment|数据库|表结构|表关系|技术选型|技术栈|技术方案|架构|部署|目录结构";

/// The word lists, in one automaton: a heading is read once, whatever it names.
static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    let patterns = [
        ACCEPTANCE,
        FLOW,
        ABOUT_DOCUMENT,
        DESIGN,
        REQUIREMENTS,
        BACKGROUND,
    ];
    // ASCII word boundaries and no backtracking: a lazy DFA reads Chinese headings too.
    let config = super::classify::small_cache()
        .backtrack(false)
        .onepass(false);
    // The patterns are constants of this file, tested below.
    Regex::builder()
        .configure(config)
        .build_many(&patterns)
        .unwrap_or_else(|e| panic!("section words: {e}"))
});

/// What one heading names, if anything: of the lists it holds a word of, the first in the
/// order of `WORDS` (acceptance and flow are the narrowest; what is about the document or its
/// design wins over requirements, requirements over background: `Purpose and scope`).
pub(super) fn heading_role(heading: &str) -> Option<Role> {
    const ROLES: [Role; 6] = [
        Role::Acceptance,
        Role::Flow,
        Role::Background,
        Role::Background,
        Role::Requirements,
        Role::Background,
    ];
    WORDS
        .find_iter(heading)
        .map(|m| m.pattern().as_usize())
        .min()
        .and_then(|i| ROLES.get(i).copied())
}

/// The role of a section from its heading path (outermost first, the document's title left
/// out): the innermost heading that names one decides (`1 介绍 > 1.4 协议版本号规范` is
/// requirements).
pub(crate) fn role(path: &[String]) -> Role {
    path.iter()
        .rev()
        .find_map(|heading| heading_role(heading))
        .unwrap_or(Role::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role_of(path: &[&str]) -> Role {
        let path: Vec<String> = path.iter().map(|s| (*s).to_owned()).collect();
        role(&path)
    }

    #[test]
    fn the_innermost_heading_that_says_something_decides() {
        assert_eq!(
            role_of(&["3 Specific requirements", "3.2 Functions"]),
            Role::Requirements
        );
        assert_eq!(
            role_of(&["3. 需求分析", "3.1 功能性需求", "3.1.1 用户注册与登录"]),
            Role::Requirements
        );
        assert_eq!(
            role_of(&["1 介绍", "1.4 协议版本号规范（A）"]),
            Role::Requirements
        );
        assert_eq!(role_of(&["1.引言", "1.2项目背景"]), Role::Background);
        assert_eq!(role_of(&["Proposal", "Open question"]), Role::Background);
        assert_eq!(
            role_of(&["12. 测试与验收标准", "12.1 核心测试用例"]),
            Role::Acceptance
        );
        assert_eq!(
            role_of(&["Use Case: Search", "Main Success Scenario"]),
            Role::Flow
        );
        assert_eq!(role_of(&["4. 业务流程", "4.1 报修主流程"]), Role::Flow);
        assert_eq!(role_of(&["Purpose and Scope"]), Role::Requirements);
        assert_eq!(
            role_of(&["8. 数据库设计", "8.5 表关系与约束设计"]),
            Role::Background
        );
        assert_eq!(role_of(&["1 介绍", "1.2 协议草案起草人"]), Role::Background);
        assert_eq!(role_of(&["Notes"]), Role::Unknown);
        assert_eq!(role_of(&[]), Role::Unknown);
    }
}
