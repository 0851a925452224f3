//! Documents made here, member by member, read as `check` reads them: the formats' text and
//! origins, and the hostile files of the formats issue (zip bombs, entity expansion, deep
//! nesting, a million empty cells, legacy and lock files, truncated containers, deadlines).

use super::*;
use std::io::Write;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// A zip container of `(name, content)` members, deflated.
fn container(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, content) in members {
        zip.start_file(*name, options).expect("member starts");
        zip.write_all(content).expect("member written");
    }
    zip.finish().expect("zip finished").into_inner()
}

fn limits() -> Limits {
    Limits::new(64 << 20, Duration::from_secs(DEFAULT_EXTRACTION_SECONDS))
}

fn read(bytes: Vec<u8>, name: &str) -> Result<Decoded, ReadProblem> {
    read_document(bytes, name, &limits())
}

fn problem(bytes: Vec<u8>, name: &str) -> FormatProblem {
    match read(bytes, name) {
        Err(ReadProblem::Format(p)) => p,
        other => panic!("expected a format problem, got {other:?}"),
    }
}

fn docx(body: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="w"><w:body>{body}</w:body></w:document>"#
    );
    let styles = r#"<w:styles xmlns:w="w"><w:style w:styleId="H1"><w:name w:val="heading 1"/></w:style><w:style w:styleId="H2"><w:name w:val="heading 2"/></w:style></w:styles>"#;
    container(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
    ])
}

fn paragraph(style: Option<&str>, text: &str) -> String {
    let style = style.map_or(String::new(), |s| {
        format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#)
    });
    format!("<w:p>{style}<w:r><w:t>{text}</w:t></w:r></w:p>")
}

#[test]
fn a_word_document_keeps_its_headings_and_each_paragraph_its_place() {
    let body = [
        paragraph(Some("H1"), "1 Scope"),
        paragraph(None, "The system shall export reports."),
        paragraph(Some("H2"), "1.1 Users"),
        paragraph(None, "Each user has a role."),
    ]
    .concat();
    let doc = read(docx(&body), "spec.docx").unwrap();
    assert_eq!(doc.format, SourceFormat::Docx);
    assert_eq!(
        doc.text,
        "# 1 Scope\n\nThe system shall export reports.\n\n## 1.1 Users\n\nEach user has a role.\n\n"
    );
    let origin = doc.origins.at(doc.text.find("Each").unwrap()).unwrap();
    assert_eq!(origin.paragraph, Some(4));
    assert_eq!(origin.describe(), "paragraph 4 (1 Scope > 1.1 Users)");
}

#[test]
fn a_workbook_reads_by_sheet_row_and_cell_and_story_tables_as_stories() {
    let workbook =
        r#"<workbook><sheets><sheet name="Backlog" r:id="rId1" xmlns:r="r"/></sheets></workbook>"#;
    let rels = r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let strings = r#"<sst><si><t>Role</t></si><si><t>Goal</t></si><si><t>editor</t></si><si><t>to undo a change</t></si><si><r><t>ID</t></r><rPh><t>アイディー</t></rPh></si></sst>"#;
    let sheet = r#"<worksheet><sheetData>
        <row r="1"><c r="A1" t="s"><v>4</v></c><c r="B1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>
        <row r="2"><c r="A2"><v>7</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>3</v></c></row>
        </sheetData></worksheet>"#;
    let bytes = container(&[
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/sharedStrings.xml", strings.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ]);
    let doc = read(bytes, "backlog.xlsx").unwrap();
    assert_eq!(doc.format, SourceFormat::Xlsx);
    assert_eq!(
        doc.text,
        "# Backlog\n\nID\nRole\nGoal\n\nAs an editor, I want to undo a change.\n7\neditor\nto undo a change\n\n"
    );
    let origin = doc
        .origins
        .at(doc.text.find("to undo a change\n\n").unwrap())
        .unwrap();
    assert_eq!(origin.place(), "sheet Backlog, cell C2");
}

#[test]
fn an_epub_reads_its_spine_in_order_with_chapter_numbers() {
    let container_xml = r#"<container><rootfiles><rootfile full-path="OEBPS/content.opf"/></rootfiles></container>"#;
    let opf = r#"<package><manifest><item id="b" href="text/two.xhtml"/><item id="a" href="text/one.xhtml"/></manifest><spine><itemref idref="a"/><itemref idref="b"/></spine></package>"#;
    let one = "<html><body><h1>Chapter One</h1><p>It was a fine day.</p></body></html>";
    let two = "<html><body><h1>Chapter Two</h1><p>It rained.</p></body></html>";
    let bytes = container(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", container_xml.as_bytes()),
        ("OEBPS/content.opf", opf.as_bytes()),
        ("OEBPS/text/one.xhtml", one.as_bytes()),
        ("OEBPS/text/two.xhtml", two.as_bytes()),
    ]);
    let doc = read(bytes, "book.epub").unwrap();
    assert_eq!(doc.format, SourceFormat::Epub);
    assert!(doc.text.find("Chapter One") < doc.text.find("Chapter Two"));
    let origin = doc.origins.at(doc.text.find("It rained").unwrap()).unwrap();
    assert_eq!((origin.chapter, origin.line), (Some(2), Some(1)));
}

#[test]
fn a_web_page_loses_its_navigation_and_keeps_its_article() {
    let page = "<!DOCTYPE html>\n<html><head><title>T</title><style>p{}</style></head>\n<body>\n\
        <nav><a href=/>Home</a> <a href=/news>News</a></nav>\n\
        <div class=\"sidebar\">Most read: other stories</div>\n\
        <article>\n<h1>Flood closes bridge</h1>\n<p>BERLIN (Reuters) - The bridge closed on Monday, police said.</p>\n\
        <script>var x = '<p>not text</p>';</script>\n<p>It will reopen next week.</p>\n</article>\n\
        <footer>Copyright</footer>\n</body></html>\n";
    let doc = read(page.as_bytes().to_vec(), "page.html").unwrap();
    assert_eq!(doc.format, SourceFormat::Html);
    assert_eq!(
        doc.text,
        "# Flood closes bridge\n\nBERLIN (Reuters) - The bridge closed on Monday, police said.\n\n\
         It will reopen next week.\n\n"
    );
    let origin = doc.origins.at(doc.text.find("BERLIN").unwrap()).unwrap();
    assert_eq!(origin.line, Some(8));
    // A page without a name that says so is still told by its bytes; markdown is not.
    assert_eq!(
        read(page.as_bytes().to_vec(), "saved").unwrap().format,
        SourceFormat::Html
    );
    let markdown = "# Spec\n\n<b>The system shall</b> log in.\n";
    assert_eq!(
        read(markdown.as_bytes().to_vec(), "spec.md")
            .unwrap()
            .format,
        SourceFormat::Text
    );
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_inflated() {
    let zeros = vec![0u8; 8 << 20];
    let bytes = container(&[("word/document.xml", &zeros)]);
    assert!(bytes.len() < 64 << 10, "the bomb is small: {}", bytes.len());
    match problem(bytes, "bomb.docx") {
        FormatProblem::Bomb { member, size, .. } => {
            assert_eq!((member.as_str(), size), ("word/document.xml", 8 << 20));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_member_inflated_counts_against_the_size_limit() {
    // Members that compress little, 300 KB each: four pass a 1 MB limit together.
    let member: Vec<u8> = (0..300_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let names = ["word/a.xml", "word/b.xml", "word/c.xml", "word/d.xml"];
    let members: Vec<(&str, &[u8])> = names.iter().map(|n| (*n, &member[..])).collect();
    let bytes = container(&members);
    let mut zip = archive::Archive::open(&bytes, 1_000_000).unwrap();
    for name in &names[..3] {
        assert!(zip.read(name).unwrap().is_some());
    }
    assert!(matches!(
        zip.read(names[3]),
        Err(FormatProblem::TooLarge { .. })
    ));
}

#[test]
fn entities_do_not_expand_and_deep_nesting_is_refused() {
    let laughs = r#"<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>"#;
    let document = format!(
        "{laughs}<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>&c;&c;&c; ok</w:t></w:r></w:p></w:body></w:document>"
    );
    let bytes = container(&[("word/document.xml", document.as_bytes())]);
    assert_eq!(read(bytes, "laughs.docx").unwrap().text, "ok\n\n");
    let deep = format!("<w:document>{}</w:document>", "<w:p>".repeat(100_000));
    let bytes = container(&[("word/document.xml", deep.as_bytes())]);
    assert!(matches!(problem(bytes, "deep.docx"), FormatProblem::Corrupt(m) if m.contains("deep")));
}

#[test]
fn a_million_empty_cells_cost_nothing() {
    let content = r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="S">
        <table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
        <table:table-row><table:table-cell><text:p>The system shall log in.</text:p></table:table-cell></table:table-row>
        </table:table></office:spreadsheet></office:body></office:document-content>"#;
    let bytes = container(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", content.as_bytes()),
    ]);
    let doc = read(bytes, "empty.ods").unwrap();
    assert_eq!(doc.format, SourceFormat::Ods);
    let origin = doc
        .origins
        .at(doc.text.find("The system").unwrap())
        .unwrap();
    assert_eq!(origin.place(), "sheet S, cell A1048576");
}

#[test]
fn old_office_files_lock_files_and_unknown_containers_say_what_they_are() {
    let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".to_vec();
    let legacy = problem(ole.clone(), "spec.doc").describe();
    assert!(
        legacy.contains(".doc") && legacy.contains("save it as .docx"),
        "{legacy}"
    );
    assert!(problem(ole, "plan.xls").describe().contains(".xlsx"));
    let lock = problem(b"\x05Alice\0\0\0".to_vec(), "~$spec.doc").describe();
    assert!(lock.contains("not a Word document"), "{lock}");
    let unknown = problem(container(&[("notes.txt", b"hello")]), "a.zip");
    assert_eq!(unknown, FormatProblem::UnknownContainer);
    let mut truncated = docx(&paragraph(None, "The system shall log in."));
    truncated.truncate(truncated.len() / 2);
    assert!(matches!(
        problem(truncated, "cut.docx"),
        FormatProblem::Corrupt(_)
    ));
}

#[test]
fn extraction_past_its_time_is_reported_as_too_slow() {
    let page = format!(
        "<!DOCTYPE html><html><body>{}</body></html>",
        "<p>word</p>".repeat(50_000)
    );
    let passed = Limits::new(64 << 20, Duration::ZERO);
    std::thread::sleep(Duration::from_millis(2));
    match read_document(page.into_bytes(), "big.html", &passed) {
        Err(ReadProblem::Format(FormatProblem::TooSlow { seconds: 0 })) => {}
        other => panic!("{other:?}"),
    }
}

/// PDFs made with lopdf, as pdf-extract re-exports it.
mod pdf {
    use super::*;
    use pdf_extract::content::{Content, Operation};
    use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

    fn name(n: &str) -> Object {
        Object::Name(n.as_bytes().to_vec())
    }

    fn dict(entries: &[(&str, Object)]) -> Dictionary {
        let mut d = Dictionary::new();
        for (k, v) in entries {
            d.set(*k, v.clone());
        }
        d
    }

    /// Text drawn line by line from the top of a page, in `font`.
    fn page_content(lines: &[&[u8]]) -> Vec<u8> {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec![name("F1"), 12.into()]),
            Operation::new("Td", vec![72.into(), 720.into()]),
        ];
        for line in lines {
            ops.push(Operation::new(
                "Tj",
                vec![Object::String(line.to_vec(), StringFormat::Literal)],
            ));
            ops.push(Operation::new("Td", vec![0.into(), (-16).into()]));
        }
        ops.push(Operation::new("ET", vec![]));
        Content { operations: ops }
            .encode()
            .expect("content encodes")
    }

    /// A PDF of `pages` (each a list of lines) in `font`, its content streams deflated.
    fn pdf(pages: &[Vec<&[u8]>], font: Dictionary) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id: ObjectId = doc.new_object_id();
        let font_id = doc.add_object(font);
        let resources = doc.add_object(dict(&[(
            "Font",
            Object::Dictionary(dict(&[("F1", Object::Reference(font_id))])),
        )]));
        let mut kids = Vec::new();
        for lines in pages {
            let mut stream = Stream::new(Dictionary::new(), page_content(lines));
            stream.compress().expect("deflates");
            let content = doc.add_object(stream);
            kids.push(Object::Reference(doc.add_object(dict(&[
                ("Type", name("Page")),
                ("Parent", Object::Reference(pages_id)),
                ("Contents", Object::Reference(content)),
                ("Resources", Object::Reference(resources)),
                (
                    "MediaBox",
                    Object::Array(vec![0.into(), 0.into(), 612.into(), 792.into()]),
                ),
            ]))));
        }
        let count = i64::try_from(kids.len()).unwrap();
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dict(&[
                ("Type", name("Pages")),
                ("Kids", Object::Array(kids)),
                ("Count", count.into()),
            ])),
        );
        let catalog = doc.add_object(dict(&[
            ("Type", name("Catalog")),
            ("Pages", Object::Reference(pages_id)),
        ]));
        doc.trailer.set("Root", Object::Reference(catalog));
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("saves");
        bytes
    }

    fn helvetica() -> Dictionary {
        dict(&[
            ("Type", name("Font")),
            ("Subtype", name("Type1")),
            ("BaseFont", name("Helvetica")),
        ])
    }

    #[test]
    fn a_pdf_reads_page_by_page_each_line_with_its_page_and_line() {
        let bytes = pdf(
            &[
                vec![b"Product Requirements"],
                vec![b"Scope", b"The system shall export reports."],
            ],
            helvetica(),
        );
        let doc = read(bytes, "spec.pdf").unwrap();
        assert_eq!(doc.format, SourceFormat::Pdf);
        assert_eq!(
            doc.text,
            "Product Requirements\n\nScope\nThe system shall export reports.\n\n"
        );
        let origin = doc
            .origins
            .at(doc.text.find("The system").unwrap())
            .unwrap();
        assert_eq!(origin.place(), "page 2, line 2");
    }

    #[test]
    fn a_chinese_font_on_a_predefined_ucs2_cmap_reads_as_its_characters() {
        let descriptor = dict(&[
            ("Type", name("FontDescriptor")),
            ("FontName", name("STSong-Light")),
            ("Flags", 4.into()),
        ]);
        let cid_font = dict(&[
            ("Type", name("Font")),
            ("Subtype", name("CIDFontType0")),
            ("BaseFont", name("STSong-Light")),
            ("FontDescriptor", Object::Dictionary(descriptor)),
            (
                "CIDSystemInfo",
                Object::Dictionary(dict(&[
                    ("Registry", Object::string_literal("Adobe")),
                    ("Ordering", Object::string_literal("GB1")),
                    ("Supplement", 4.into()),
                ])),
            ),
        ]);
        let font = dict(&[
            ("Type", name("Font")),
            ("Subtype", name("Type0")),
            ("BaseFont", name("STSong-Light-UniGB-UCS2-H")),
            ("Encoding", name("UniGB-UCS2-H")),
            (
                "DescendantFonts",
                Object::Array(vec![Object::Dictionary(cid_font)]),
            ),
        ]);
        let text: Vec<u8> = "系统应支持导出"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let doc = read(pdf(&[vec![&text]], font), "合同.pdf").unwrap();
        assert_eq!(doc.text.trim(), "系统应支持导出");
    }

    #[test]
    fn a_pdf_without_text_has_no_text_layer() {
        let message = problem(pdf(&[vec![], vec![]], helvetica()), "scan.pdf").describe();
        assert!(
            message.contains("no text layer") && message.contains("run OCR first"),
            "{message}"
        );
    }

    #[test]
    fn a_deflate_bomb_is_refused_before_it_is_inflated() {
        let zeros = vec![b'0'; 4 << 20];
        let bytes = pdf(&[vec![&zeros]], helvetica());
        assert!(bytes.len() < 64 << 10);
        let small = Limits::new(1 << 20, Duration::from_secs(DEFAULT_EXTRACTION_SECONDS));
        match read_document(bytes, "bomb.pdf", &small) {
            Err(ReadProblem::Format(FormatProblem::TooLarge { member, .. })) => {
                assert!(member.contains("inflated"), "{member}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn thousands_of_pages_are_read_and_the_last_is_placed() {
        let pages: Vec<Vec<&[u8]>> = (0..3000)
            .map(|_| vec![&b"The system shall log in."[..]])
            .collect();
        let doc = read(pdf(&pages, helvetica()), "long.pdf").unwrap();
        let last = doc.origins.at(doc.text.len() - 3).unwrap();
        assert_eq!(last.page, Some(3000));
    }

    #[test]
    fn cyclic_truncated_and_false_pdfs_end_with_an_error_not_a_hang() {
        let bytes = pdf(&[vec![b"Hello"]], helvetica());
        // The page tree made its own kid.
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let cyclic = text.replacen("/Kids[", "/Kids[1 0 R ", 1).into_bytes();
        assert_ne!(cyclic.len(), bytes.len(), "the page tree is made cyclic");
        for (bytes, name) in [
            (cyclic, "cyclic.pdf"),
            (bytes[..bytes.len() / 2].to_vec(), "cut.pdf"),
            (b"%PDF-1.7\n%%EOF\n".to_vec(), "empty.pdf"),
            (b"not a pdf at all".to_vec(), "fake.pdf"),
        ] {
            // Any outcome but a panic or a hang; a false name says what it is not.
            let _ = read(bytes, name);
        }
        let fake = problem(b"not a pdf at all".to_vec(), "fake.pdf").describe();
        assert!(fake.contains("not a PDF document"), "{fake}");
    }
}
