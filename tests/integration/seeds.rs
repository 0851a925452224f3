//! The repository's own seeds: a newspaper page that the gate must block, with its evidence.

use crate::common::{check_json, intake};

#[test]
fn seeds_are_blocked_as_news_reports() {
    let (code, json) = check_json("seeds");
    assert_eq!(code, 1);
    assert_eq!(json["verdict"], "blocked");
    assert_eq!(json["reason"], "news-reports");
    let source = &json["sources"][0];
    assert_eq!(source["path"], "seeds/000_5e5759a10dc1248c.txt");
    assert_eq!(source["genre"], "news");
    let sections = source["sections"].as_array().unwrap();
    let lines: Vec<u64> = sections
        .iter()
        .map(|s| s["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3, 78, 139, 151, 161, 173]);
    assert!(sections.iter().all(|s| s["genre"] == "news"));
    let confidence = source["confidence"].as_f64().unwrap();
    assert!((0.6..=1.0).contains(&confidence));
}

#[test]
fn seeds_evidence_points_at_dateline_and_byline() {
    let (_, json) = check_json("seeds");
    let evidence = json["sources"][0]["evidence"].as_array().unwrap();
    let at = |rule: &str, line: u64| {
        evidence
            .iter()
            .any(|e| e["rule"] == rule && e["line"].as_u64() == Some(line))
    };
    assert!(
        at("news.zh.dateline-own", 153),
        "dateline 本报杭州1月6日讯 at line 153"
    );
    assert!(
        at("news.zh.byline", 68),
        "byline (本报记者 金梁 来逸晨) at line 68"
    );
    let dateline = evidence
        .iter()
        .find(|e| e["rule"] == "news.zh.dateline-own" && e["line"] == 153)
        .unwrap();
    assert_eq!(dateline["column"], 1);
    assert_eq!(dateline["text"], "本报杭州1月6日讯");
    for e in evidence {
        for key in [
            "feature", "genre", "weight", "line", "column", "offset", "length", "text",
        ] {
            assert!(!e[key].is_null(), "evidence lacks {key}: {e}");
        }
        // A learned feature (a word) has no rule; a rule's feature names it.
        let feature = e["feature"].as_str().unwrap();
        match e["rule"].as_str() {
            Some(rule) => assert_eq!(feature, format!("rule:{rule}")),
            None => assert!(feature.starts_with("word:") || feature.starts_with("heading:")),
        }
    }
}

#[test]
fn seeds_human_report() {
    let out = intake().args(["check", "seeds"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "no colour when NO_COLOR is set");
    for line in text.lines() {
        let width = unicode_width::UnicodeWidthStr::width(line);
        assert!(width <= 80, "line wider than 80 columns ({width}): {line}");
    }
    insta::assert_snapshot!("seeds_human", text);
}

#[test]
fn seeds_quiet_prints_the_verdict_line() {
    let out = intake().args(["check", "seeds", "-q"]).output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "blocked (news-reports): 1 source, 6 sections: 6 news, 0 requirements\n"
    );
}
