//! Documents as people send them: the format told from the bytes (magic numbers, the members
//! of a zip container), then the text taken out of Word, OpenDocument, spreadsheets, CSV, EPUB
//! and HTML, headings kept as markdown headings (so sections split there), each line with its
//! origin in the original. Old binary Office files and unknown binaries are refused with a
//! message that says what to do.

mod archive;
mod csv_table;
mod docx;
mod epub;
mod html;
mod odf;
pub(crate) mod origin;
mod pdf;
mod pdf_strings;
mod table;
#[cfg(test)]
mod tests;
mod xlsx;
mod xml;

use super::decode::{decode, Decoded};
use super::problem::ReadProblem;
use origin::TextTooLarge;
pub use origin::{Origin, Origins};
use std::time::{Duration, Instant};

/// Runs `read` with a panic in it caught and kept quiet (no message on stderr: the caller
/// reports the file as unreadable); None when it panicked.
pub(crate) fn contain_panics<T>(read: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    thread_local! {
        static CONTAINED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CONTAINED.with(std::cell::Cell::get) {
                default(info);
            }
        }));
    });
    let outer = CONTAINED.with(|c| c.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).ok();
    CONTAINED.with(|c| c.set(outer));
    result
}

/// The format of a source, as its bytes (and, for CSV and HTML, its name) say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// Plain text or markdown, in any encoding `decode` knows.
    Text,
    /// An HTML page.
    Html,
    /// Comma- or tab-separated values.
    Csv,
    /// A Word document (Office Open XML).
    Docx,
    /// An OpenDocument text.
    Odt,
    /// An Excel workbook (Office Open XML).
    Xlsx,
    /// An OpenDocument spreadsheet.
    Ods,
    /// An EPUB book.
    Epub,
    /// A PDF document's text layer.
    Pdf,
}

impl SourceFormat {
    /// The format as reports name it.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Html => "html",
            SourceFormat::Csv => "csv",
            SourceFormat::Docx => "docx",
            SourceFormat::Odt => "odt",
            SourceFormat::Xlsx => "xlsx",
            SourceFormat::Ods => "ods",
            SourceFormat::Epub => "epub",
            SourceFormat::Pdf => "pdf",
        }
    }
}

/// Why a document could not be read, beyond what plain text can go wrong with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatProblem {
    /// An old binary Office file: what it is, and what to save it as.
    Legacy {
        /// What the file is.
        kind: &'static str,
        /// What to save it as.
        save_as: &'static str,
    },
    /// A file whose name promises a format its bytes are not.
    NotWhatItsNameSays {
        /// The format the name promises.
        expected: &'static str,
    },
    /// A container or XML that cannot be read.
    Corrupt(String),
    /// Encrypted, so its text cannot be read.
    Encrypted(String),
    /// A member inflated far beyond its compressed size.
    Bomb {
        /// The member's name.
        member: String,
        /// Bytes it inflates to.
        size: u64,
        /// Bytes it takes compressed.
        compressed: u64,
    },
    /// A member, or the text taken out, past the source's size limit.
    TooLarge {
        /// The member, or the text taken out.
        member: String,
        /// Its size, 0 when unknown.
        size: u64,
    },
    /// Extraction ran past the time allowed.
    TooSlow {
        /// The time allowed.
        seconds: u64,
    },
    /// A zip container that is none of the formats read.
    UnknownContainer,
    /// A PDF without text: scanned pages, or glyphs drawn as outlines.
    NoTextLayer {
        /// Its pages.
        pages: usize,
    },
}

/// How much a document may cost to read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Bytes of the file, of all members inflated, and of the text taken out, each.
    pub max_bytes: u64,
    /// When extraction gives up.
    pub deadline: Instant,
    /// The time allowed, for the message.
    pub allowed: Duration,
}

impl Limits {
    pub(crate) fn new(max_bytes: u64, allowed: Duration) -> Self {
        Limits {
            max_bytes,
            deadline: Instant::now() + allowed,
            allowed,
        }
    }

    /// Fails once the deadline has passed.
    pub(crate) fn check_time(&self) -> Result<(), FormatProblem> {
        if Instant::now() > self.deadline {
            Err(FormatProblem::TooSlow {
                seconds: self.allowed.as_secs(),
            })
        } else {
            Ok(())
        }
    }

    /// The largest text extraction may make.
    pub(crate) fn text_limit(&self) -> usize {
        usize::try_from(self.max_bytes).unwrap_or(usize::MAX)
    }
}

/// Default time one source's extraction may take.
pub(crate) const DEFAULT_EXTRACTION_SECONDS: u64 = 20;

/// A document's text and where each line of it comes from.
#[derive(Debug)]
pub(crate) struct Extracted {
    pub format: SourceFormat,
    pub text: String,
    pub origins: Origins,
}

impl From<TextTooLarge> for FormatProblem {
    fn from(_: TextTooLarge) -> Self {
        FormatProblem::TooLarge {
            member: "the text taken out".to_owned(),
            size: 0,
        }
    }
}

/// Reads a document's bytes as text: a container or binary format has its text taken out, a
/// textual one (HTML, CSV) is decoded first. A parser that panics is contained: the source is
/// reported unreadable and the run goes on.
pub(crate) fn read_document(
    bytes: Vec<u8>,
    name: &str,
    limits: &Limits,
) -> Result<Decoded, ReadProblem> {
    let read = contain_panics(|| read_unguarded(bytes, name, limits));
    read.unwrap_or_else(|| {
        Err(ReadProblem::Format(FormatProblem::Corrupt(
            "its parser failed on it (a bug: please report the file)".to_owned(),
        )))
    })
}

fn read_unguarded(bytes: Vec<u8>, name: &str, limits: &Limits) -> Result<Decoded, ReadProblem> {
    let as_decoded = |e: Extracted, encoding| Decoded {
        text: e.text,
        encoding,
        format: e.format,
        origins: e.origins,
    };
    if let Some(extracted) = extract(&bytes, name, limits).map_err(ReadProblem::Format)? {
        return Ok(as_decoded(extracted, "UTF-8"));
    }
    let decoded = decode(bytes)?;
    match extract_textual(&decoded.text, name, limits).map_err(ReadProblem::Format)? {
        Some(extracted) => Ok(as_decoded(extracted, decoded.encoding)),
        None => Ok(decoded),
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const PDF_MAGIC: &[u8] = b"%PDF-";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The extension of a file name, lower-cased.
fn extension(name: &str) -> String {
    std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Takes the text out of a document that is not plain text; None when `bytes` are plain text
/// (or a binary `decode` tells apart), to be decoded as such.
pub(crate) fn extract(
    bytes: &[u8],
    name: &str,
    limits: &Limits,
) -> Result<Option<Extracted>, FormatProblem> {
    let ext = extension(name);
    if bytes.starts_with(OLE_MAGIC) {
        return Err(legacy(&ext));
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return from_container(bytes, limits).map(Some);
    }
    // Readers accept junk before the header within the first KiB; so does this.
    if memchr::memmem::find(&bytes[..bytes.len().min(1024)], PDF_MAGIC).is_some() {
        let mut out = origin::TextBuilder::new(limits.text_limit());
        pdf::extract(bytes, &mut out, limits)?;
        let (text, origins) = out.finish();
        return Ok(Some(Extracted {
            format: SourceFormat::Pdf,
            text,
            origins,
        }));
    }
    if matches!(
        ext.as_str(),
        "doc" | "docx" | "xls" | "xlsx" | "odt" | "ods" | "epub" | "ppt" | "pptx" | "pdf"
    ) {
        return Err(FormatProblem::NotWhatItsNameSays {
            expected: expected_of(&ext),
        });
    }
    Ok(None)
}

/// Takes the text out of decoded text in a textual format (HTML, CSV); None for plain text.
pub(crate) fn extract_textual(
    text: &str,
    name: &str,
    limits: &Limits,
) -> Result<Option<Extracted>, FormatProblem> {
    let ext = extension(name);
    let is_html = matches!(ext.as_str(), "html" | "htm" | "xhtml") || html::looks_like_html(text);
    if is_html {
        let mut out = origin::TextBuilder::new(limits.text_limit());
        html::extract(text, None, &mut out, limits)?;
        let (text, origins) = out.finish();
        return Ok(Some(Extracted {
            format: SourceFormat::Html,
            text,
            origins,
        }));
    }
    if matches!(ext.as_str(), "csv" | "tsv") {
        let (text, origins) = csv_table::extract(text, ext == "tsv", limits)?;
        return Ok(Some(Extracted {
            format: SourceFormat::Csv,
            text,
            origins,
        }));
    }
    Ok(None)
}

fn legacy(ext: &str) -> FormatProblem {
    match ext {
        "xls" => FormatProblem::Legacy {
            kind: "an old binary Excel workbook (.xls)",
            save_as: ".xlsx",
        },
        "ppt" => FormatProblem::Legacy {
            kind: "an old binary PowerPoint file (.ppt)",
            save_as: ".pptx, or export its text",
        },
        _ => FormatProblem::Legacy {
            kind: "an old binary Word document (.doc)",
            save_as: ".docx",
        },
    }
}

fn expected_of(ext: &str) -> &'static str {
    match ext {
        "doc" | "docx" => "a Word document",
        "xls" | "xlsx" => "an Excel workbook",
        "odt" | "ods" => "an OpenDocument file",
        "epub" => "an EPUB book",
        "pdf" => "a PDF document",
        _ => "a PowerPoint file",
    }
}

/// A zip container: its members say which format it is.
fn from_container(bytes: &[u8], limits: &Limits) -> Result<Extracted, FormatProblem> {
    let mut zip = archive::Archive::open(bytes, limits.max_bytes)?;
    let mut out = origin::TextBuilder::new(limits.text_limit());
    let format = if zip.has("word/document.xml") {
        docx::extract(&mut zip, &mut out, limits)?;
        SourceFormat::Docx
    } else if zip.has("xl/workbook.xml") {
        xlsx::extract(&mut zip, &mut out, limits)?;
        SourceFormat::Xlsx
    } else if zip.has("META-INF/container.xml") && !zip.has("content.xml") {
        epub::extract(&mut zip, &mut out, limits)?;
        SourceFormat::Epub
    } else if zip.has("content.xml") {
        let mimetype = zip.read_text("mimetype")?.unwrap_or_default();
        if mimetype.contains("spreadsheet") {
            odf::extract_spreadsheet(&mut zip, &mut out, limits)?;
            SourceFormat::Ods
        } else {
            odf::extract_text(&mut zip, &mut out, limits)?;
            SourceFormat::Odt
        }
    } else {
        return Err(FormatProblem::UnknownContainer);
    };
    let (text, origins) = out.finish();
    Ok(Extracted {
        format,
        text,
        origins,
    })
}

impl FormatProblem {
    /// What is wrong, after the file's name.
    pub(crate) fn describe(&self) -> String {
        match self {
            FormatProblem::Legacy { kind, save_as } => {
                format!("is {kind}, which is not read: save it as {save_as}")
            }
            FormatProblem::NotWhatItsNameSays { expected } => format!(
                "is not {expected}: its bytes are none of the formats its name promises \
                 (a lock file or a damaged copy?)"
            ),
            FormatProblem::Corrupt(why) => format!("cannot be read: {why}"),
            FormatProblem::Encrypted(why) => {
                format!("is encrypted ({why}): save a copy without a password")
            }
            FormatProblem::Bomb {
                member,
                size,
                compressed,
            } => format!(
                "looks like a zip bomb: member `{member}` inflates to {size} bytes from \
                 {compressed}; not read"
            ),
            FormatProblem::TooLarge { member, size } if *size > 0 => format!(
                "is too large to read: {member} is {size} bytes, over the source limit \
                 (--max-source-bytes)"
            ),
            FormatProblem::TooLarge { member, .. } => format!(
                "is too large to read: {member} passes the source limit (--max-source-bytes)"
            ),
            FormatProblem::TooSlow { seconds } => format!(
                "took longer than {seconds} s to read and was left unread (the time allowed \
                 is `extraction-seconds` in intake.yaml)"
            ),
            FormatProblem::NoTextLayer { pages } => format!(
                "has no text layer ({pages} page(s) of images or outlines, no text to read): \
                 run OCR first"
            ),
            FormatProblem::UnknownContainer => {
                "is a zip archive, not a document format that is read (DOCX, ODT, XLSX, ODS, \
                 EPUB)"
                    .to_owned()
            }
        }
    }
}
