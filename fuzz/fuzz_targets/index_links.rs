//! INDEX.md text: link extraction and destination classification must not panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for link in intake_lint::input::index::links(text) {
        let _ = intake_lint::input::target::classify(&link.dest);
    }
    let links = intake_lint::input::index::links(text);
    let _ = intake_lint::input::index::stray_background_marks(text, &links);
});
