//! INDEX.md text: link extraction and destination classification must not panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for link in intake_lint::dev::links(text) {
        let _ = intake_lint::dev::classify(&link.dest);
    }
    let links = intake_lint::dev::links(text);
    let _ = intake_lint::dev::stray_background_marks(text, &links);
});
