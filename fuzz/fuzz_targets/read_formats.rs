//! The format readers on arbitrary bytes under each name they dispatch on: no panic, no
//! hang (the extraction deadline holds), whatever the container, XML or HTML holds.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "a.docx", "a.xlsx", "a.odt", "a.ods", "a.epub", "a.html", "a.csv", "a.tsv", "a.doc", "a.md", "a.pdf",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    let _ = intake_lint::dev::read_document(bytes.to_vec(), name);
});
