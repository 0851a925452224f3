//! Hostile and broken inputs: every case gets its exact verdict, exit code and the key words of
//! its message, never a panic, and nothing is read outside the seeds folder.

use crate::common::{codes, finding, intake};
use serde_json::Value;
use std::fs;
use std::path::Path;

/// A seeds folder in a temporary directory, with INDEX.md and files.
struct Seeds {
    root: tempfile::TempDir,
}

impl Seeds {
    fn new(index: &str) -> Self {
        let root = tempfile::tempdir().expect("temp dir");
        fs::create_dir(root.path().join("seeds")).unwrap();
        let s = Seeds { root };
        s.file("INDEX.md", index.as_bytes());
        s
    }

    fn dir(&self) -> std::path::PathBuf {
        self.root.path().join("seeds")
    }

    fn file(&self, name: &str, bytes: &[u8]) -> &Self {
        let path = self.dir().join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(path, bytes).unwrap();
        self
    }

    /// Runs `check --format json`: exit code, JSON, stderr.
    fn check(&self, extra: &[&str]) -> (i32, Value, String) {
        let out = intake()
            .arg("check")
            .arg(self.dir())
            .args(["--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!stderr.contains("panicked"), "panic: {stderr}");
        let json: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
        (out.status.code().unwrap_or(-1), json, stderr)
    }
}

const SPEC: &[u8] = b"# Spec\n\n## Functional Requirements\n\n- FR-1: The system shall export reports.\n- FR-2: The system shall keep reports for a year.\n";

fn messages(json: &Value, code: &str) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .collect()
}

fn assert_blocked(json: &Value, code: i32, reason: &str) {
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(json["verdict"], "blocked");
    assert_eq!(json["reason"], reason, "{json:#}");
}

#[test]
fn links_that_leave_the_folder_are_refused() {
    for (dest, words) in [
        ("../outside.md", "leaves the seeds folder"),
        ("/etc/passwd", "absolute path"),
        ("file:///etc/passwd", "file:// URL"),
        ("C:/Windows/win.ini", "Windows absolute path"),
        ("docs\\\\x.md", "Windows-style path"),
        ("%2e%2e/outside.md", "leaves the seeds folder"),
    ] {
        let s = Seeds::new(&format!("- [spec](spec.md)\n- [bad](<{dest}>)\n"));
        s.file("spec.md", SPEC);
        fs::write(s.root.path().join("outside.md"), SPEC).unwrap();
        let (code, json, _) = s.check(&[]);
        assert_blocked(&json, code, "unreadable-sources");
        let m = messages(&json, "intake::link::outside");
        assert_eq!(m.len(), 1, "{dest}: {json:#}");
        assert!(m[0].contains(words), "{dest}: {}", m[0]);
    }
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_folder_are_refused_and_loops_do_not_hang() {
    let s = Seeds::new("- [spec](spec.md)\n- [evil](evil.md)\n- [via](outdir/doc.md)\n");
    s.file("spec.md", SPEC);
    let outside = s.root.path().join("outdir");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("doc.md"), SPEC).unwrap();
    std::os::unix::fs::symlink(outside.join("doc.md"), s.dir().join("evil.md")).unwrap();
    std::os::unix::fs::symlink(&outside, s.dir().join("outdir")).unwrap();
    fs::create_dir(s.dir().join("sub")).unwrap();
    std::os::unix::fs::symlink("..", s.dir().join("sub/loop")).unwrap();
    let (code, json, _) = s.check(&[]);
    assert_blocked(&json, code, "unreadable-sources");
    let m = messages(&json, "intake::source::unreadable");
    assert_eq!(m.len(), 2, "{json:#}");
    assert!(m
        .iter()
        .all(|x| x.contains("outside the seeds folder") && x.contains("outdir")));
}

#[test]
fn a_folder_is_not_a_document() {
    let s = Seeds::new("- [spec](spec.md)\n- [docs](docs)\n");
    s.file("spec.md", SPEC).file("docs/a.md", SPEC);
    let (code, json, _) = s.check(&[]);
    assert_blocked(&json, code, "unreadable-sources");
    assert!(messages(&json, "intake::source::unreadable")[0].contains("is a folder"));
}

#[test]
fn remote_links_are_never_fetched() {
    let s = Seeds::new(
        "- [a](https://example.com/spec.md)\n- <mailto:a@example.com>\n- [s](ftp://x/y)\n",
    );
    let (code, json, _) = s.check(&[]);
    assert_blocked(&json, code, "no-sources");
    let m = messages(&json, "intake::link::remote");
    assert_eq!(m.len(), 3);
    assert!(m[0].contains("not fetched"));
    let d = &json["diagnostics"][0];
    assert_eq!(d["severity"], "warning");
}

#[test]
fn names_with_spaces_percent_encoding_chinese_fragments_and_queries_resolve() {
    let s = Seeds::new(
        "- [a](<my spec.md>)\n- [b](%E9%9C%80%E6%B1%82.md#intro)\n- [c](需求.md?x=1)\n- [d](my%20spec.md)\n",
    );
    s.file("my spec.md", SPEC).file("需求.md", SPEC);
    let (code, json, _) = s.check(&[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(
        json["sources"].as_array().unwrap().len(),
        2,
        "each file read once"
    );
    assert_eq!(messages(&json, "intake::link::duplicate").len(), 2);
}

#[test]
fn missing_and_wrong_case_targets_are_named() {
    let s = Seeds::new("- [a](Spec.md)\n- [b](gone.md)\n");
    s.file("spec.md", SPEC);
    let (code, json, _) = s.check(&[]);
    assert_blocked(&json, code, "unreadable-sources");
    let m = messages(&json, "intake::source::unreadable");
    assert!(m
        .iter()
        .any(|x| x.contains("Spec.md") && x.contains("differs only in case")));
    assert!(m
        .iter()
        .any(|x| x.contains("gone.md") && x.contains("does not exist")));
}

#[test]
fn binaries_are_not_text_documents() {
    for (name, bytes, kind) in [
        ("a.bin", &b"abc\0def"[..], "NUL bytes"),
        ("a.png", &b"\x89PNG\r\n\x1a\nrest"[..], "PNG image"),
    ] {
        let s = Seeds::new(&format!("- [x]({name})\n"));
        s.file(name, bytes);
        let (code, json, _) = s.check(&[]);
        assert_blocked(&json, code, "unreadable-sources");
        let m = messages(&json, "intake::source::unreadable");
        assert!(
            m[0].contains("not a text document") && m[0].contains(kind),
            "{}",
            m[0]
        );
    }
}

#[test]
fn damaged_documents_say_what_is_wrong_with_them() {
    for (name, bytes, says) in [
        ("a.pdf", &b"%PDF-1.7\nrest"[..], "not a readable PDF"),
        (
            "a.zip",
            &b"PK\x03\x04rest"[..],
            "not a readable zip container",
        ),
        (
            "a.docx",
            &b"PK\x03\x04rest"[..],
            "not a readable zip container",
        ),
        (
            "a.doc",
            &b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"[..],
            "save it as .docx",
        ),
        ("~$a.doc", &b"\x05Alice"[..], "is not a Word document"),
    ] {
        let s = Seeds::new(&format!("- [x](<{name}>)\n"));
        s.file(name, bytes);
        let (code, json, _) = s.check(&[]);
        assert_blocked(&json, code, "unreadable-sources");
        let m = messages(&json, "intake::source::unreadable");
        assert!(m[0].contains(name) && m[0].contains(says), "{}", m[0]);
    }
}

#[test]
fn legacy_and_unicode_encodings_are_decoded_and_named() {
    let text = "本报讯(记者 张三 通讯员 李四)日前，某地举行活动。“活动很成功。”负责人王五说。\n(本报记者 张三)\n";
    let (gbk, _, _) = encoding_rs::GB18030.encode(text);
    let (big5, _, _) = encoding_rs::BIG5
        .encode("本報訊(記者 張三 通訊員 李四)日前，某地舉行活動。“活動很成功。”負責人王五說。\n");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(text.as_bytes());
    for (bytes, encoding) in [
        (gbk.into_owned(), "GB18030"),
        (big5.into_owned(), "Big5"),
        (utf16, "UTF-16LE"),
        (utf16be, "UTF-16BE"),
        (bom, "UTF-8 (BOM)"),
    ] {
        let s = Seeds::new("- [x](page.txt)\n");
        s.file("page.txt", &bytes);
        let (code, json, _) = s.check(&[]);
        assert_blocked(&json, code, "news-reports");
        assert_eq!(json["sources"][0]["encoding"], encoding);
        if encoding != "UTF-8 (BOM)" {
            assert!(messages(&json, "intake::source::encoding")[0].contains(encoding));
        }
    }
}

#[test]
fn undecodable_text_names_the_byte_offset() {
    let s = Seeds::new("- [x](bad.txt)\n");
    s.file("bad.txt", b"good start \xC3\x28\xFF\xFE\xFD\x80\x80");
    let (code, json, _) = s.check(&[]);
    assert_blocked(&json, code, "unreadable-sources");
    let m = &messages(&json, "intake::source::unreadable")[0];
    assert!(m.contains("bad.txt") && m.contains("offset 11"), "{m}");
}

#[test]
fn sources_over_the_size_limit_are_refused_before_reading() {
    let s = Seeds::new("- [x](big.md)\n");
    s.file("big.md", &SPEC.repeat(100));
    let (code, json, _) = s.check(&["--max-source-bytes", "1000"]);
    assert_blocked(&json, code, "unreadable-sources");
    assert!(
        messages(&json, "intake::source::unreadable")[0].contains("over the limit of 1000 bytes")
    );
}

#[test]
fn pathological_markdown_and_text_finish() {
    let many: String = (0..20_000)
        .map(|i| format!("- [d{i}](d{i}.md)\n"))
        .collect();
    let s = Seeds::new(&many);
    let (code, json, _) = s.check(&[]);
    assert_blocked(&json, code, "unreadable-sources");
    let d = json["diagnostics"].as_array().unwrap();
    assert!(d.len() <= 200, "findings are capped per code");
    assert!(d.iter().any(|x| x["message"]
        .as_str()
        .unwrap()
        .contains("more `intake::source::unreadable` findings not shown")));

    let nested = format!(
        "{}\n{}\n- [a](a.md)\n",
        "[".repeat(100_000),
        ">".repeat(100_000)
    );
    let s = Seeds::new(&nested);
    s.file("a.md", b"   \n\n\t  \n");
    let (code, json, _) = s.check(&[]);
    assert_blocked(&json, code, "no-requirements");

    let line = format!("{}\n", "The system shall do it. ".repeat(200_000));
    let s = Seeds::new("- [a](a.md)\n");
    s.file("a.md", line.as_bytes());
    let (code, json, _) = s.check(&[]);
    assert_eq!(code, 0, "{json:#}");
}

#[test]
fn bad_rules_exit_2_pointing_at_file_line_and_column() {
    for (yaml, words) in [
        ("rules: [\n  - id: x\n", "invalid rule file"),
        ("rules:\n  - id: user.en.x\n    genre: news\n    languages: [en]\n    title: t\n    description: d\n    wieght: 1\n", "unknown field `wieght`"),
        ("rules:\n  - id: user.en.x\n    genre: news\n    languages: [en]\n    title: t\n    description: d\n    weight: heavy\n", "invalid type"),
        ("rules:\n  - id: user.en.x\n    genre: news\n    languages: [en]\n    title: t\n    description: d\n    weight: 1\n    examples: {match: [a], no-match: [b]}\n", "empty matcher"),
        ("rules:\n  - id: user.en.x\n    genre: news\n    languages: [en]\n    title: t\n    description: d\n    weight: 1\n    patterns: ['(unclosed']\n    examples: {match: [a], no-match: [b]}\n", "invalid regular expression"),
        ("rules:\n  - id: user.en.x\n    genre: news\n    languages: [en]\n    title: t\n    description: d\n    weight: 1\n    patterns: ['\\w{1000}\\w{1000}\\w{1000}']\n    examples: {match: [a], no-match: [b]}\n", "size limit"),
        ("rules:\n  - id: news.en.byline\n    genre: news\n    languages: [en]\n    title: t\n    description: d\n    weight: 1\n    phrases: [x]\n    examples: {match: [x], no-match: [y]}\n", "duplicate rule id"),
        ("\u{0}\u{1}binary", "invalid rule file"),
    ] {
        let s = Seeds::new("- [a](a.md)\n");
        s.file("a.md", SPEC);
        let rules = s.root.path().join("rules");
        fs::create_dir(&rules).unwrap();
        fs::write(rules.join("bad.yaml"), yaml).unwrap();
        let (code, json, stderr) = s.check(&["--rules", rules.to_str().unwrap()]);
        assert_eq!(code, 2, "{yaml}: {json:#}");
        assert_eq!(json["verdict"], "error");
        let d = &json["diagnostics"][0];
        assert!(d["message"].as_str().unwrap().contains(words), "{yaml}: {d}");
        assert!(d["path"].as_str().unwrap().ends_with("bad.yaml"));
        assert!(d["line"].as_u64().unwrap() >= 1 && d["column"].as_u64().unwrap() >= 1);
        assert!(stderr.contains("bad.yaml:"), "{stderr}");
    }
}

#[test]
fn dir_that_is_a_file_or_missing_exits_2() {
    let s = Seeds::new("");
    let file = s.dir().join("INDEX.md");
    for (dir, code_word) in [
        (file.as_path(), "not-a-folder"),
        (Path::new("/no/such/dir"), "dir::missing"),
    ] {
        let out = intake()
            .arg("check")
            .arg(dir)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(codes(&json)[0].contains(code_word), "{json}");
    }
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_errors_not_crashes() {
    use std::os::unix::fs::PermissionsExt;
    let s = Seeds::new("- [a](a.md)\n");
    s.file("a.md", SPEC);
    let path = s.dir().join("a.md");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        eprintln!("skipped: running as root, permissions are not enforced");
        return;
    }
    let (code, json, _) = s.check(&[]);
    assert_blocked(&json, code, "unreadable-sources");
    assert!(messages(&json, "intake::source::unreadable")[0].contains("ermission denied"));
}

/// Every file and its modification time under `dir`.
fn listing(dir: &Path) -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            (
                e.path().to_path_buf(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn never_writes_and_is_deterministic_across_thread_counts() {
    let s = Seeds::new("- [a](a.md)\n- [b](b.txt)\n- [c](c.md)\n");
    s.file("a.md", SPEC)
        .file(
            "b.txt",
            "本报讯(记者 张三)日前，某地举行活动。\n".as_bytes(),
        )
        .file("c.md", b"Plain notes.\n");
    let before = listing(s.root.path());
    let run = |threads: &str| {
        intake()
            .env("RAYON_NUM_THREADS", threads)
            .arg("check")
            .arg(s.dir())
            .args(["--format", "json"])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("4"));
    assert_eq!(
        listing(s.root.path()),
        before,
        "the run changed the seeds folder"
    );
}

#[cfg(unix)]
#[test]
fn pipes_are_refused_without_blocking() {
    let s = Seeds::new("- [spec](spec.md)\n- [pipe](pipe.md)\n");
    s.file("spec.md", SPEC);
    let made = std::process::Command::new("mkfifo")
        .arg(s.dir().join("pipe.md"))
        .status()
        .is_ok_and(|st| st.success());
    if !made {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let (code, json, _) = s.check(&[]);
    assert_blocked(&json, code, "unreadable-sources");
    assert!(messages(&json, "intake::source::unreadable")[0].contains("not a regular file"));
}

#[test]
fn a_background_mark_without_a_link_is_reported_as_unused() {
    let s = Seeds::new("- [spec](spec.md)\n\nNotes <!-- intake: background -->\n");
    s.file("spec.md", SPEC);
    let (code, json, _) = s.check(&[]);
    assert_eq!(code, 0);
    let d = finding(&json, "intake::background::unused");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["line"], 3);
}
