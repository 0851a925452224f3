//! `check --format html`: one self-contained page (no network: styles and the one small
//! script inline) with the verdict, each source with a strip of its sections coloured by
//! genre, the evidence marked in excerpts of its lines (the rule's title on hover and focus),
//! the confidence, the requirement inventory in a table filtered by kind and modality, and the
//! findings. Excerpts, not whole texts, keep the page small for any number of sources.

use crate::check::{Evidence, Outcome, SourceReport, Verdict};
use crate::engine::RuleSet;
use crate::rules::Genre;
use std::fmt::Write;

/// Sections of one source drawn in its strip; neighbours of one genre are drawn as one.
const STRIP_SEGMENTS: usize = 200;

/// Sources beyond which each shows only its strongest evidence for its own call: a run over
/// 10,000 sources stays a page a browser opens in seconds (its table of statements stops at
/// `json::REQUIREMENTS_LISTED`, the rest a `intake-lint inventory` away).
const MANY_SOURCES: usize = 100;
const EVIDENCE_WHEN_MANY: usize = 2;

const STYLE: &str = r#"
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #4d5560; --line: #d0d7de;
  --req: #1a7f37; --news: #b3261e; --other: #5a6270; --mark-req: #d6f5dc; --mark-news: #ffdcd8;
  --mark-other: #e6e9ee; --focus: #0b57d0; }
@media (prefers-color-scheme: dark) { :root { --bg: #0f1115; --fg: #e6e8eb; --muted: #aab1bb;
  --line: #39404a; --req: #5fd47a; --news: #ff8a80; --other: #aab1bb; --mark-req: #173d22;
  --mark-news: #4a1c18; --mark-other: #2a2f37; --focus: #8ab4f8; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, -apple-system,
  "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .5rem 0; } h2 { font-size: 1.3rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
.verdict { padding: .1rem .5rem; border-radius: .3rem; color: #fff; }
.verdict.pass { background: #1a7f37; } .verdict.blocked { background: #b3261e; }
.muted { color: var(--muted); }
.source { border: 1px solid var(--line); border-radius: .5rem; padding: .75rem; margin: .75rem 0; }
.strip { display: flex; height: .9rem; border-radius: .2rem; overflow: hidden; margin: .5rem 0;
  border: 1px solid var(--line); }
.seg.requirements { background: var(--req); } .seg.news { background: var(--news); }
.seg.other { background: var(--other); }
.genre.requirements { color: var(--req); } .genre.news { color: var(--news); } .genre.other { color: var(--other); }
ol.evidence { padding-left: 0; list-style: none; margin: .5rem 0 0; }
ol.evidence li { margin: .3rem 0; }
code.excerpt { display: block; white-space: pre-wrap; overflow-wrap: anywhere; padding: .3rem .5rem;
  border-left: 3px solid var(--line); font: .92rem/1.45 ui-monospace, "SFMono-Regular", Menlo,
  Consolas, "Noto Sans Mono CJK SC", monospace; }
mark { color: inherit; border-radius: .15rem; padding: 0 .1rem; }
mark.requirements { background: var(--mark-req); } mark.news { background: var(--mark-news); }
mark.other { background: var(--mark-other); }
mark:focus, select:focus, a:focus { outline: 2px solid var(--focus); outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .4rem; text-align: left; vertical-align: top; }
td.text { overflow-wrap: anywhere; }
.filters { display: flex; gap: 1rem; flex-wrap: wrap; margin: .5rem 0; }
select { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line);
  border-radius: .3rem; padding: .15rem .3rem; }
.table-wrap { overflow-x: auto; }
@media (max-width: 40rem) { main { padding: .5rem; } th.place, td.place { display: none; } }
"#;

const SCRIPT: &str = r#"
(function () {
  var kind = document.getElementById('kind'), modality = document.getElementById('modality');
  if (!kind || !modality) return;
  function apply() {
    var rows = document.querySelectorAll('#inventory tbody tr'), shown = 0;
    rows.forEach(function (r) {
      var ok = (!kind.value || r.dataset.kind === kind.value) &&
               (!modality.value || r.dataset.modality === modality.value);
      r.hidden = !ok; if (ok) shown++;
    });
    document.getElementById('shown').textContent = shown;
  }
  kind.addEventListener('change', apply); modality.addEventListener('change', apply);
})();
"#;

/// Text made safe inside HTML elements and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The `lang` attribute of a source's part of the page: the page is English, a source's
/// excerpts and statements are in the source's language (screen readers switch voices).
fn lang_attribute(language: &str) -> &'static str {
    match language {
        "zh" => " lang=\"zh\"",
        "en" => " lang=\"en\"",
        _ => "",
    }
}

/// Renders the outcome as one HTML page; `rules` give the evidence its titles.
pub fn render(outcome: &Outcome, rules: &RuleSet) -> String {
    let mut out = String::new();
    let (verdict, class) = match outcome.verdict {
        Verdict::Pass => ("pass", "pass"),
        Verdict::Blocked => ("blocked", "blocked"),
    };
    let reason = outcome.reason.map(|r| r.as_str()).unwrap_or("");
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>intake-lint: {verdict}{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        if reason.is_empty() { String::new() } else { format!(" ({reason})") }
    );
    let _ = write!(
        out,
        "<header>\n<h1>intake-lint: <span class=\"verdict {class}\">{verdict}</span></h1>\n\
         <p>{}</p>\n</header>\n",
        escape(&outcome.summary())
    );
    if !reason.is_empty() {
        let _ = writeln!(out, "<p>Reason: <strong>{}</strong></p>", escape(reason));
    }
    out.push_str("<section aria-labelledby=\"sources\">\n<h2 id=\"sources\">Sources</h2>\n");
    let many = outcome.sources.len() > MANY_SOURCES;
    if many {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{} sources: each shows its {EVIDENCE_WHEN_MANY} strongest items of \
             evidence for its call.</p>",
            outcome.sources.len()
        );
    }
    for source in &outcome.sources {
        render_source(&mut out, source, rules, many);
    }
    out.push_str("</section>\n");
    render_inventory(&mut out, outcome);
    render_findings(&mut out, outcome);
    let _ = write!(
        out,
        "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

fn render_source(out: &mut String, s: &SourceReport, rules: &RuleSet, many: bool) {
    let genre = s.genre.as_str();
    let _ = write!(
        out,
        "<article class=\"source\"{}>\n<h3>{}</h3>\n<p><span class=\"genre {genre}\">{genre}</span>, \
         confidence {:.2}{} <span class=\"muted\">· {} · {}</span></p>\n",
        lang_attribute(s.language),
        escape(&s.path),
        s.confidence,
        if s.background { " (background)" } else { "" },
        escape(s.language),
        s.format.as_str(),
    );
    render_strip(out, s);
    let shown: Vec<&Evidence> = s
        .evidence
        .iter()
        .filter(|e| e.top && e.excerpt.is_some())
        .filter(|e| !many || e.genre == s.genre)
        .take(if many { EVIDENCE_WHEN_MANY } else { usize::MAX })
        .collect();
    if !shown.is_empty() {
        out.push_str("<ol class=\"evidence\">\n");
        for e in shown {
            render_evidence(out, e, rules);
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</article>\n");
}

/// The sections as a strip, each as wide as its share of the lines, coloured by genre.
fn render_strip(out: &mut String, s: &SourceReport) {
    if s.sections.is_empty() {
        return;
    }
    // Neighbours of one genre drawn as one; at most STRIP_SEGMENTS drawn.
    let mut segments: Vec<(Genre, usize, usize, &str)> = Vec::new();
    for (i, section) in s.sections.iter().enumerate() {
        let next_line = s.sections.get(i + 1).map_or(section.line + 1, |n| n.line);
        let lines = next_line.saturating_sub(section.line).max(1);
        let full = segments.len() >= STRIP_SEGMENTS;
        match segments.last_mut() {
            Some(last) if last.0 == section.genre || full => {
                last.1 += lines;
                last.2 += 1;
            }
            _ => segments.push((section.genre, lines, 1, &section.title)),
        }
    }
    let label: Vec<String> = segments
        .iter()
        .map(|(g, _, n, _)| format!("{n} {g}"))
        .collect();
    let _ = write!(
        out,
        "<div class=\"strip\" role=\"img\" aria-label=\"sections: {}\">",
        escape(&label.join(", "))
    );
    for (genre, lines, count, title) in &segments {
        let _ = write!(
            out,
            "<span class=\"seg {g}\" style=\"flex: {lines}\" title=\"{} ({count} section(s), {g})\"></span>",
            escape(title),
            g = genre.as_str()
        );
    }
    out.push_str("</div>\n");
}

fn render_evidence(out: &mut String, e: &Evidence, rules: &RuleSet) {
    let Some(excerpt) = &e.excerpt else { return };
    let title = e.rule.as_deref().and_then(|id| rules.find(id)).map_or_else(
        || format!("{} (a word the model weighs)", e.feature),
        |r| r.title.clone(),
    );
    let text = &excerpt.text;
    let start = excerpt.start.min(text.len());
    let end = (excerpt.start + excerpt.len).min(text.len());
    let (before, span, after) = match (text.get(..start), text.get(start..end), text.get(end..)) {
        (Some(b), Some(s), Some(a)) => (b, s, a),
        _ => (text.as_str(), "", ""),
    };
    let place = e
        .origin
        .as_deref()
        .map(|o| o.place())
        .filter(|p| !p.is_empty());
    let _ = writeln!(
        out,
        "<li><span class=\"muted\">line {}{} · {} · {:+.2}</span>\
         <code class=\"excerpt\">{}<mark class=\"{g}\" tabindex=\"0\" title=\"{t}\" aria-label=\"{t}: {s}\">{s}</mark>{}</code></li>",
        excerpt.line,
        place.map(|p| format!(" ({})", escape(&p))).unwrap_or_default(),
        escape(&e.label),
        e.weight,
        escape(before),
        escape(after),
        g = e.genre.as_str(),
        t = escape(&title),
        s = escape(span),
    );
}

fn render_inventory(out: &mut String, outcome: &Outcome) {
    let (statements, all) = super::json::listed_statements(outcome);
    out.push_str(
        "<section aria-labelledby=\"requirements\">\n<h2 id=\"requirements\">Requirements</h2>\n",
    );
    if statements.is_empty() {
        let _ = writeln!(
            out,
            "<p>No requirement statements: {}.</p>\n</section>",
            escape(&super::inventory::why_empty(outcome))
        );
        return;
    }
    let options = |values: &mut dyn Iterator<Item = &str>| -> String {
        values
            .map(|v| format!("<option value=\"{v}\">{v}</option>"))
            .collect()
    };
    let kinds = options(&mut crate::check::StatementKind::ALL.iter().map(|k| k.as_str()));
    let modalities = options(&mut crate::check::Modality::ALL.iter().map(|m| m.as_str()));
    let _ = writeln!(
        out,
        "<div class=\"filters\"><label>Kind <select id=\"kind\"><option value=\"\">all</option>{}</select></label>\
         <label>Modality <select id=\"modality\"><option value=\"\">all</option>{}</select></label>\
         <span class=\"muted\" aria-live=\"polite\"><span id=\"shown\">{}</span> of {} shown</span></div>",
        kinds,
        modalities,
        statements.len(),
        statements.len()
    );
    out.push_str(
        "<div class=\"table-wrap\"><table id=\"inventory\"><caption class=\"muted\">Statements in the \
         order of INDEX.md; `intake-lint inventory` lists them as Markdown, JSON or CSV.</caption>\n<thead><tr><th scope=\"col\">Id</th>\
         <th scope=\"col\">Kind</th><th scope=\"col\">Modality</th><th scope=\"col\">Statement</th>\
         <th scope=\"col\" class=\"place\">Where</th></tr></thead>\n<tbody>\n",
    );
    for (path, s) in &statements {
        let _ = writeln!(
            out,
            "<tr data-kind=\"{k}\" data-modality=\"{m}\"><td>{}</td><td>{k}</td><td>{m}</td>\
             <td class=\"text\">{}</td><td class=\"place\">{}:{} <span class=\"muted\">{}</span></td></tr>",
            escape(&s.id),
            escape(&s.text),
            escape(path),
            s.line,
            escape(&s.section.join(" › ")),
            k = s.kind.as_str(),
            m = s.modality.as_str(),
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
    if !all {
        let _ = writeln!(
            out,
            "<p>The first {} statements are shown; <code>intake-lint inventory</code> lists \
             them all.</p>",
            statements.len()
        );
    }
    out.push_str("</section>\n");
}

fn render_findings(out: &mut String, outcome: &Outcome) {
    if outcome.diagnostics.is_empty() {
        return;
    }
    out.push_str(
        "<section aria-labelledby=\"findings\">\n<h2 id=\"findings\">Findings</h2>\n<ul>\n",
    );
    for f in &outcome.diagnostics {
        let place = match (&f.path, f.line) {
            (Some(p), Some(l)) => format!(" <span class=\"muted\">{}:{l}</span>", escape(p)),
            (Some(p), None) => format!(" <span class=\"muted\">{}</span>", escape(p)),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "<li><strong>{}</strong> {}: {}{place}</li>",
            f.severity.as_str(),
            escape(f.code.as_str()),
            escape(&f.message)
        );
    }
    out.push_str("</ul>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_elements_and_attributes() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
