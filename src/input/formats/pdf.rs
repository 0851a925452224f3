//! PDF: the text layer, page by page in the order the content draws it, through pdf-extract
//! (on lopdf). Lines are told apart by the glyphs' positions; each line's origin is its page
//! and its line on that page, and pages are separated by a blank line.
//!
//! Around the crate: a PDF encrypted with an owner password only is opened with the empty
//! user password; fonts that name a predefined UCS-2 CMap (`UniGB-UCS2-H` and its kin, what
//! Chinese, Japanese and Korean PDFs use with their non-embedded fonts) are given an identity
//! map first, as their codes are Unicode already; a PDF without any text is reported as
//! having no text layer. The reader runs on a thread of its own with a large stack: it checks
//! the deadline at every glyph, and a page that never draws one is abandoned at the deadline
//! (the thread is left to finish alone). A panic in the crate is caught there.

use super::origin::{Origin, TextBuilder};
use super::{pdf_strings, FormatProblem, Limits};
use pdf_extract::{
    Dictionary, Document, MediaBox, Object, OutputDev, OutputError, Stream, Transform,
};
use std::sync::mpsc;
use std::time::Instant;

/// Stack of the reader's thread: nested forms and deep object graphs recurse.
const READER_STACK: usize = 256 << 20;

/// The predefined CMaps whose codes are UCS-2 (or UTF-16) code units.
const UNICODE_CMAPS: &[&str] = &[
    "UniGB-UCS2-H",
    "UniGB-UCS2-V",
    "UniGB-UTF16-H",
    "UniGB-UTF16-V",
    "UniCNS-UCS2-H",
    "UniCNS-UCS2-V",
    "UniCNS-UTF16-H",
    "UniCNS-UTF16-V",
    "UniJIS-UCS2-H",
    "UniJIS-UCS2-V",
    "UniJIS-UTF16-H",
    "UniJIS-UTF16-V",
    "UniKS-UCS2-H",
    "UniKS-UCS2-V",
    "UniKS-UTF16-H",
    "UniKS-UTF16-V",
];

/// The text of each page, each page's lines in drawing order.
type Pages = Vec<Vec<String>>;

/// Takes the text layer out of a PDF into `out`.
pub(super) fn extract(
    bytes: &[u8],
    out: &mut TextBuilder,
    limits: &Limits,
) -> Result<(), FormatProblem> {
    let pages = read_pages(bytes.to_vec(), limits)?;
    let mut chars = 0usize;
    for (number, lines) in (1u32..).zip(&pages) {
        for (line_number, line) in (1u32..).zip(lines) {
            chars += line.chars().filter(|c| !c.is_whitespace()).count();
            let origin = Origin {
                page: Some(number),
                line: Some(line_number),
                ..Origin::default()
            };
            out.line(line, origin)?;
        }
        out.blank();
    }
    if chars == 0 {
        return Err(FormatProblem::NoTextLayer { pages: pages.len() });
    }
    Ok(())
}

/// Reads the pages on the reader's thread, waiting no longer than the deadline.
fn read_pages(bytes: Vec<u8>, limits: &Limits) -> Result<Pages, FormatProblem> {
    let (send, receive) = mpsc::channel();
    let (deadline, budget) = (limits.deadline, limits.max_bytes);
    let reader = std::thread::Builder::new()
        .name("intake-pdf".to_owned())
        .stack_size(READER_STACK)
        .spawn(move || {
            let read = super::contain_panics(|| read_document(&bytes, deadline, budget));
            // The receiver may have given up waiting; nobody is left to tell.
            let _ = send.send(read);
        });
    if reader.is_err() {
        return Err(FormatProblem::Corrupt("no thread to read it on".to_owned()));
    }
    let wait = deadline.saturating_duration_since(Instant::now());
    match receive.recv_timeout(wait) {
        Ok(Some(Err(FormatProblem::TooSlow { .. }))) | Err(mpsc::RecvTimeoutError::Timeout) => {
            Err(FormatProblem::TooSlow {
                seconds: limits.allowed.as_secs(),
            })
        }
        Ok(Some(read)) => read,
        Ok(None) | Err(mpsc::RecvTimeoutError::Disconnected) => Err(FormatProblem::Corrupt(
            "the PDF reader failed on it (damaged, or a construct it does not know)".to_owned(),
        )),
    }
}

fn read_document(bytes: &[u8], deadline: Instant, budget: u64) -> Result<Pages, FormatProblem> {
    let mut doc = Document::load_mem(bytes)
        .map_err(|e| FormatProblem::Corrupt(format!("not a readable PDF: {e}")))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(FormatProblem::Encrypted(
            "it needs a password to be opened".to_owned(),
        ));
    }
    inflated_within(&doc, budget)?;
    map_unicode_cmaps(&mut doc);
    let mut pages = PageText {
        deadline,
        ..PageText::default()
    };
    match pdf_extract::output_doc(&doc, &mut pages) {
        Ok(()) => {}
        Err(OutputError::FormatError(_)) if Instant::now() > deadline => {
            return Err(FormatProblem::TooSlow { seconds: 0 });
        }
        Err(e) => {
            return Err(FormatProblem::Corrupt(format!(
                "its text cannot be read: {e}"
            )))
        }
    }
    pages.finish_line();
    Ok(pages.pages)
}

/// Inflates, into nothing, every deflated stream the text is drawn from (all but images),
/// counting the bytes against `budget`: a stream that would inflate past it (a deflate bomb)
/// is refused before the reader inflates it into memory.
fn inflated_within(doc: &Document, budget: u64) -> Result<(), FormatProblem> {
    use std::io::Read;
    let mut left = budget;
    for (id, object) in &doc.objects {
        let Object::Stream(stream) = object else {
            continue;
        };
        let image = matches!(stream.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Image");
        let deflated = stream
            .filters()
            .is_ok_and(|f| f.contains(&&b"FlateDecode"[..]));
        if image || !deflated {
            continue;
        }
        let inflater = flate2::read::ZlibDecoder::new(stream.content.as_slice());
        // A damaged stream ends early: the reader reports what it can of it.
        let inflated =
            std::io::copy(&mut inflater.take(left + 1), &mut std::io::sink()).unwrap_or(0);
        if inflated > left {
            return Err(FormatProblem::TooLarge {
                member: format!("stream {} {} inflated", id.0, id.1),
                size: 0,
            });
        }
        left -= inflated;
    }
    Ok(())
}

/// CID to Unicode maps of the character collections CJK fonts name (see `cmap/README.md`).
const CID_MAPS: &[(&[u8], &[u8])] = &[
    (b"GB1", include_bytes!("cmap/Adobe-GB1-UCS2")),
    (b"CNS1", include_bytes!("cmap/Adobe-CNS1-UCS2")),
    (b"Japan1", include_bytes!("cmap/Adobe-Japan1-UCS2")),
    (b"Korea1", include_bytes!("cmap/Adobe-Korea1-UCS2")),
];

/// Gives CJK fonts without a ToUnicode map the one their encoding implies: a font on a
/// predefined UCS-2 CMap gets an identity map (its codes are the characters), a font on an
/// identity CMap gets its character collection's CID to Unicode map (its codes are CIDs).
/// Both cover only the codes the document's strings hold: the reader parses each map again
/// for every page.
fn map_unicode_cmaps(doc: &mut Document) {
    let mut fonts = Vec::new();
    for (id, object) in &doc.objects {
        let Ok(dict) = object.as_dict() else { continue };
        let Ok(Object::Name(encoding)) = dict.get(b"Encoding") else {
            continue;
        };
        if dict.has(b"ToUnicode") {
            continue;
        }
        let vertical = encoding.ends_with(b"-V");
        let ucs2 = UNICODE_CMAPS
            .iter()
            .any(|cmap| cmap.as_bytes() == encoding.as_slice());
        if ucs2 {
            fonts.push((*id, vertical, None));
        } else if matches!(encoding.as_slice(), b"Identity-H" | b"Identity-V") {
            let ordering = ordering(doc, dict);
            if let Some((_, map)) = CID_MAPS
                .iter()
                .find(|(o, _)| Some(*o) == ordering.as_deref())
            {
                fonts.push((*id, vertical, Some(*map)));
            }
        }
    }
    // One stream per map, shared by the fonts that use it; the identity map covers only the
    // codes the document's strings hold.
    let mut streams: Vec<(Option<*const u8>, pdf_extract::ObjectId)> = Vec::new();
    let mut codes = None;
    for (id, vertical, map) in fonts {
        let key = map.map(<[u8]>::as_ptr);
        let stream = match streams.iter().find(|(k, _)| *k == key) {
            Some((_, stream)) => *stream,
            None => {
                let codes = codes.get_or_insert_with(|| pdf_strings::codes_in_strings(doc));
                let bytes = match map {
                    Some(map) => pdf_strings::filtered_map(map, codes),
                    None => pdf_strings::identity_map(codes),
                };
                let stream = doc.add_object(Stream::new(Dictionary::new(), bytes));
                streams.push((key, stream));
                stream
            }
        };
        if let Ok(dict) = doc.get_object_mut(id).and_then(Object::as_dict_mut) {
            let identity = if vertical { "Identity-V" } else { "Identity-H" };
            dict.set("Encoding", Object::Name(identity.as_bytes().to_vec()));
            dict.set("ToUnicode", Object::Reference(stream));
        }
    }
}

/// The character collection (`GB1`, `Japan1`...) of a Type 0 font's descendant.
fn ordering(doc: &Document, font: &Dictionary) -> Option<Vec<u8>> {
    let resolve = |object: &Object| match object {
        Object::Reference(id) => doc.get_object(*id).ok().cloned(),
        other => Some(other.clone()),
    };
    let descendants = resolve(font.get(b"DescendantFonts").ok()?)?;
    let first = resolve(descendants.as_array().ok()?.first()?)?;
    let info = resolve(first.as_dict().ok()?.get(b"CIDSystemInfo").ok()?)?;
    match info.as_dict().ok()?.get(b"Ordering").ok()? {
        Object::String(ordering, _) => Some(ordering.clone()),
        _ => None,
    }
}

/// Lines gathered from the glyphs as the pages draw them: a glyph well below (or above) the
/// last, or back to the left and lower, starts a line; a gap wider than a tenth of the font
/// size is a space.
#[derive(Debug)]
struct PageText {
    deadline: Instant,
    pages: Pages,
    line: String,
    page_height: f64,
    last_y: f64,
    last_end: f64,
    word_start: bool,
}

impl Default for PageText {
    fn default() -> Self {
        PageText {
            deadline: Instant::now(),
            pages: Vec::new(),
            line: String::new(),
            page_height: 0.0,
            last_y: 0.0,
            last_end: f64::MAX,
            word_start: false,
        }
    }
}

impl PageText {
    fn finish_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        if let Some(page) = self.pages.last_mut() {
            if !line.trim().is_empty() {
                page.push(line.trim().to_owned());
            }
        }
    }
}

impl OutputDev for PageText {
    fn begin_page(
        &mut self,
        _: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.finish_line();
        self.pages.push(Vec::new());
        self.page_height = media_box.ury - media_box.lly;
        self.last_end = f64::MAX;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.finish_line();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        if Instant::now() > self.deadline {
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        let (x, y) = (trm.m31, self.page_height - trm.m32);
        let scale_x = font_size * (trm.m11 + trm.m21);
        let scale_y = font_size * (trm.m12 + trm.m22);
        let size = (scale_x * scale_y).abs().sqrt();
        if self.word_start && !self.line.is_empty() {
            let moved = (y - self.last_y).abs();
            if moved > size * 1.5 || (x < self.last_end && moved > size * 0.5) {
                self.finish_line();
            } else if x > self.last_end + size * 0.1 && !self.line.ends_with(' ') {
                self.line.push(' ');
            }
        }
        self.line.push_str(text);
        self.word_start = false;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.word_start = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
