//! HTML pages: the main text, without what every page of a site repeats. Scripts and styles
//! are dropped; so are navigation, forms, asides, the page's own header and footer and
//! elements whose class or id names boilerplate (`sidebar`, `cookie`, `share`...), unless one
//! holds a large share of the page's text (a site that wraps its whole page in
//! `class="int-nav"`). When the page marks its main content (`<main>`, `<article>`) and that
//! holds a good share of the text, only it is kept, with the page's `h1`. A first pass
//! measures each element's text, the second writes. `h1`-`h6` become markdown headings, so the text splits into
//! sections there; each line's origin is the line of the HTML source where its text starts.

use super::origin::{Origin, TextBuilder};
use super::{FormatProblem, Limits};
use html5gum::{DefaultEmitter, Token, Tokenizer};

/// Tokens between two checks of the deadline.
const TOKENS_PER_TIME_CHECK: u32 = 2048;

/// Deepest element nesting tracked; deeper elements are read as text of the deepest one.
const MAX_OPEN: usize = 512;

/// Main content this share of the whole page's text or more stands for the page.
const MAIN_SHARE: f64 = 0.25;

/// Boilerplate holding this share of the page's text or more is not dropped: it is the page.
const BOILERPLATE_SHARE: f64 = 0.4;

/// A list or table whose text is this much link text is a list of links (share buttons,
/// related stories, a site map), dropped like boilerplate.
const LINK_SHARE: f64 = 0.6;

/// What the first pass learned of an element, for the second.
#[derive(Debug, Clone, Copy)]
struct Droppable {
    /// It holds little of the page's text.
    small: bool,
    /// Its text is mostly link text.
    links: bool,
}

/// Whether decoded text is an HTML page (and not markdown that holds some HTML).
pub(crate) fn looks_like_html(text: &str) -> bool {
    let start = text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
    let head: String = start
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with("<?xml") && head.contains("<html"))
        || (head.starts_with("<!--") && (head.contains("<!doctype html") || head.contains("<html")))
}

/// Takes the main text out of an HTML page into `out`; `chapter` is set for the chapters of
/// an EPUB.
pub(crate) fn extract(
    html: &str,
    chapter: Option<u32>,
    out: &mut TextBuilder,
    limits: &Limits,
) -> Result<(), FormatProblem> {
    // First pass: how much text each element holds, and main content.
    let mut measure = Page::new(html, chapter, None, Scope::Whole);
    measure.read(limits)?;
    let total = measure.all_chars as f64;
    let scope = if measure.main_chars > 0 && measure.main_chars as f64 >= MAIN_SHARE * total {
        Scope::MainOnly
    } else {
        Scope::Whole
    };
    let mut page = Page::new(html, chapter, Some(out), scope);
    page.droppable = Some(
        measure
            .sizes
            .iter()
            .map(|&(size, links)| Droppable {
                small: (size as f64) < BOILERPLATE_SHARE * total,
                links: size > 0 && f64::from(links) >= LINK_SHARE * f64::from(size),
            })
            .collect(),
    );
    page.read(limits)
}

/// Which text is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// All the text outside boilerplate.
    Whole,
    /// The text inside `<main>` and `<article>`, and `h1` headings anywhere.
    MainOnly,
}

/// An element opened and not yet closed.
struct Open {
    name: String,
    /// Its text is boilerplate.
    drops: bool,
    /// It marks the page's main content.
    main: bool,
    /// Its place in the order elements opened.
    ordinal: usize,
    /// Text, and link text, seen before it opened.
    chars_before: usize,
    links_before: usize,
}

/// One pass over a page.
struct Page<'h, 'o> {
    html: &'h str,
    chapter: Option<u32>,
    out: Option<&'o mut TextBuilder>,
    scope: Scope,
    /// Open elements, innermost last.
    open: Vec<Open>,
    /// Elements opened so far, and the text and link text each holds (first pass).
    opened: usize,
    sizes: Vec<(u32, u32)>,
    /// Whether each element may be dropped as boilerplate, by the order it opened (second
    /// pass; None in the first, where only scripts and the like are dropped).
    droppable: Option<Vec<Droppable>>,
    dropping: usize,
    in_main: usize,
    in_pre: usize,
    /// Text of the line being gathered, and where in the source it starts.
    line: String,
    line_start: Option<usize>,
    /// The heading being gathered, and its level.
    heading: Option<u8>,
    /// Headings read and not yet written, outermost first.
    pending: Vec<(u8, String, Origin)>,
    /// Source lines counted up to `counted_to`.
    counted_to: usize,
    source_line: u32,
    all_chars: usize,
    main_chars: usize,
    /// Text inside links so far, and the links open.
    link_chars: usize,
    in_link: usize,
}

impl<'h, 'o> Page<'h, 'o> {
    fn new(
        html: &'h str,
        chapter: Option<u32>,
        out: Option<&'o mut TextBuilder>,
        scope: Scope,
    ) -> Self {
        Page {
            html,
            chapter,
            out,
            scope,
            open: Vec::new(),
            opened: 0,
            sizes: Vec::new(),
            droppable: None,
            dropping: 0,
            in_main: 0,
            in_pre: 0,
            line: String::new(),
            line_start: None,
            heading: None,
            pending: Vec::new(),
            counted_to: 0,
            source_line: 1,
            all_chars: 0,
            main_chars: 0,
            link_chars: 0,
            in_link: 0,
        }
    }

    fn read(&mut self, limits: &Limits) -> Result<(), FormatProblem> {
        let mut emitter = DefaultEmitter::<usize>::new_with_span();
        // Script, style and textarea content is raw text, not markup.
        emitter.naively_switch_states(true);
        let mut tokens = 0u32;
        for token in Tokenizer::new_with_emitter(self.html, emitter) {
            tokens = tokens.wrapping_add(1);
            if tokens.is_multiple_of(TOKENS_PER_TIME_CHECK) {
                limits.check_time()?;
            }
            let Ok(token) = token;
            match token {
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).into_owned();
                    let marks = tag
                        .attributes
                        .iter()
                        .filter(|(k, _)| matches!(&k[..], b"class" | b"id" | b"role"))
                        .map(|(_, v)| String::from_utf8_lossy(&v.value).to_ascii_lowercase())
                        .collect::<Vec<_>>()
                        .join(" ");
                    self.start(&name, &marks, tag.self_closing)?;
                }
                Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).into_owned();
                    self.end(&name)?;
                }
                Token::String(text) => {
                    let at = text.span.start;
                    self.text(&String::from_utf8_lossy(&text.value), at);
                }
                Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
            }
        }
        // Elements never closed hold the text up to the end.
        for element in std::mem::take(&mut self.open) {
            self.measured(&element);
        }
        self.flush()
    }

    /// Records the text an element held, now that it closed.
    fn measured(&mut self, element: &Open) {
        let size = self.all_chars.saturating_sub(element.chars_before);
        let links = self.link_chars.saturating_sub(element.links_before);
        if let Some(slot) = self.sizes.get_mut(element.ordinal) {
            let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            *slot = (clamp(size), clamp(links));
        }
    }

    fn keeping(&self) -> bool {
        self.dropping == 0
            && (self.scope == Scope::Whole || self.in_main > 0 || self.heading == Some(1))
    }

    fn start(&mut self, name: &str, marks: &str, self_closing: bool) -> Result<(), FormatProblem> {
        if is_block(name) {
            self.flush()?;
        }
        if is_void(name) || self_closing {
            return Ok(());
        }
        if self.open.len() >= MAX_OPEN {
            return Ok(());
        }
        let ordinal = self.opened;
        self.opened += 1;
        self.sizes.push((0, 0));
        let element = Open {
            name: name.to_owned(),
            drops: self.drops(name, marks, ordinal),
            main: matches!(name, "main" | "article")
                || marks.split_whitespace().any(|m| m == "main"),
            ordinal,
            chars_before: self.all_chars,
            links_before: self.link_chars,
        };
        self.in_link += usize::from(name == "a");
        self.dropping += usize::from(element.drops);
        self.in_main += usize::from(element.main);
        self.open.push(element);
        if name == "pre" {
            self.in_pre += 1;
        }
        if let Some(level) = heading_level(name) {
            self.heading = Some(level);
        }
        if name == "li" {
            self.line.push_str("- ");
        }
        Ok(())
    }

    /// Whether an element opened now drops its text.
    fn drops(&self, name: &str, marks: &str, ordinal: usize) -> bool {
        const NEVER_TEXT: &[&str] = &[
            "head", "script", "style", "noscript", "template", "svg", "iframe", "canvas", "object",
            "button", "select",
        ];
        const BOILERPLATE: &[&str] = &["nav", "aside", "form", "dialog", "menu"];
        if NEVER_TEXT.contains(&name) {
            return true;
        }
        let Some(droppable) = &self.droppable else {
            return false;
        };
        // The page's own header and footer; an article's header holds its byline.
        let boilerplate = BOILERPLATE.contains(&name)
            || (matches!(name, "header" | "footer") && self.in_main == 0)
            || is_boilerplate_mark(marks);
        let Some(measured) = droppable.get(ordinal) else {
            return boilerplate;
        };
        // Lists and tables only: a container's few words of its own (a date stamp beside the
        // share buttons) would go with its links.
        let link_list = measured.links && matches!(name, "ul" | "ol" | "dl" | "table");
        measured.small && (boilerplate || link_list)
    }

    fn end(&mut self, name: &str) -> Result<(), FormatProblem> {
        let Some(pos) = self.open.iter().rposition(|e| e.name == name) else {
            return Ok(());
        };
        if is_block(name) || heading_level(name).is_some() {
            self.flush()?;
        }
        for closed in self.open.split_off(pos) {
            self.measured(&closed);
            self.dropping -= usize::from(closed.drops);
            self.in_main -= usize::from(closed.main);
            self.in_pre -= usize::from(closed.name == "pre");
            self.in_link -= usize::from(closed.name == "a");
        }
        Ok(())
    }

    fn text(&mut self, text: &str, at: usize) {
        if self.dropping > 0 {
            return;
        }
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        self.all_chars += chars;
        if self.in_link > 0 {
            self.link_chars += chars;
        }
        if self.in_main > 0 {
            self.main_chars += chars;
        }
        if !self.keeping() || chars == 0 && self.line.is_empty() {
            return;
        }
        if self.line_start.is_none() && chars > 0 {
            self.line_start = Some(at);
        }
        if self.in_pre > 0 {
            self.line.push_str(text);
            return;
        }
        for (i, word) in text.split_whitespace().enumerate() {
            let joins = i == 0 && !text.starts_with(char::is_whitespace);
            if !self.line.is_empty() && !joins && !self.line.ends_with(' ') {
                self.line.push(' ');
            }
            self.line.push_str(word);
        }
        if text.ends_with(char::is_whitespace) && !self.line.is_empty() && !self.line.ends_with(' ')
        {
            self.line.push(' ');
        }
    }

    /// Ends the line being gathered: a heading, or lines of text (pre keeps its breaks).
    fn flush(&mut self) -> Result<(), FormatProblem> {
        let line = std::mem::take(&mut self.line);
        let start = self.line_start.take();
        let heading = self.heading.take();
        let (Some(start), Some(_)) = (start, self.out.as_ref()) else {
            return Ok(());
        };
        let origin = Origin {
            chapter: self.chapter,
            line: Some(self.line_at(start)),
            ..Origin::default()
        };
        let text = line.trim().trim_start_matches("- ").trim();
        if text.is_empty() {
            return Ok(());
        }
        if let Some(level) = heading {
            // Written once text follows it: a heading whose content was all boilerplate
            // (a "Related links" over a dropped list) would be an empty section.
            self.pending.retain(|(l, _, _)| *l < level);
            self.pending.push((level, text.to_owned(), origin));
            return Ok(());
        }
        let Some(out) = self.out.as_deref_mut() else {
            return Ok(());
        };
        for (level, title, at) in self.pending.drain(..) {
            out.heading(level, &title, at)?;
        }
        for part in line.lines() {
            out.line(part, origin.clone())?;
        }
        out.blank();
        Ok(())
    }

    /// The 1-based source line of byte `offset`, counted on from the last one asked for.
    fn line_at(&mut self, offset: usize) -> u32 {
        let offset = offset.min(self.html.len());
        if offset < self.counted_to {
            self.counted_to = 0;
            self.source_line = 1;
        }
        let newlines = self.html.as_bytes()[self.counted_to..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.source_line = self
            .source_line
            .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
        self.counted_to = offset;
        self.source_line
    }
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Elements that end a line of text.
fn is_block(name: &str) -> bool {
    const BLOCKS: &[&str] = &[
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "table",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "hr",
        "figcaption",
        "figure",
        "address",
        "header",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "body",
        "title",
        "caption",
        "summary",
        "details",
    ];
    BLOCKS.contains(&name)
}

/// Elements that never hold content.
fn is_void(name: &str) -> bool {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    VOID.contains(&name)
}

/// Class, id or role words of the parts of a page every page of a site repeats.
fn is_boilerplate_mark(marks: &str) -> bool {
    const WORDS: &[&str] = &[
        "nav",
        "navbar",
        "navigation",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "sidebar",
        "footer",
        "cookie",
        "cookies",
        "banner",
        "share",
        "social",
        "advert",
        "advertisement",
        "ads",
        "related",
        "comments",
        "subscribe",
        "newsletter",
        "toolbar",
        "masthead",
        "contentinfo",
        "complementary",
        "search",
        "foot",
        "disclaimer",
        "copyright",
    ];
    marks
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .any(|word| WORDS.contains(&word))
}
