//! What a link destination is: a file in the seeds folder (percent-decoded, `#fragment` and
//! `?query` dropped, `.` and `..` resolved), a remote address never fetched, or a path that
//! leaves the folder and is refused.

use percent_encoding::percent_decode_str;
use std::path::{Component, Path, PathBuf};

/// What a link destination is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A path relative to the seeds folder, percent-decoded, `#fragment` and `?query` dropped.
    Local(PathBuf),
    /// A URL with a scheme: never fetched.
    Remote(String),
    /// A destination that leaves the seeds folder, with why.
    Outside(String),
    /// Nothing left once the fragment is dropped (`#section`): a link within INDEX.md.
    SelfReference,
}

/// Classifies a destination as written in INDEX.md.
pub fn classify(dest: &str) -> Target {
    let dest = dest.trim();
    let bytes = dest.as_bytes();
    let is_drive = bytes.len() >= 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && (bytes.len() == 2 || bytes[2] == b'\\' || bytes[2] == b'/');
    if is_drive {
        return Target::Outside(format!("`{dest}` is a Windows absolute path"));
    }
    if let Some(colon) = dest.find(':') {
        let scheme = &dest[..colon];
        let is_scheme = !scheme.is_empty()
            && scheme.as_bytes()[0].is_ascii_alphabetic()
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.');
        if is_scheme {
            if scheme.eq_ignore_ascii_case("file") {
                return Target::Outside(format!("`{dest}` is a file:// URL"));
            }
            return Target::Remote(dest.to_owned());
        }
    }
    let path_part = dest.split(['#', '?']).next().unwrap_or("");
    if path_part.is_empty() {
        return Target::SelfReference;
    }
    let decoded = percent_decode_str(path_part)
        .decode_utf8_lossy()
        .into_owned();
    if decoded.starts_with('/') || decoded.starts_with('\\') {
        return Target::Outside(format!("`{dest}` is an absolute path"));
    }
    if decoded.contains('\\') {
        return Target::Outside(format!("`{dest}` is a Windows-style path"));
    }
    if decoded.contains('\0') {
        return Target::Outside(format!("`{dest}` holds a NUL byte"));
    }
    let mut parts: Vec<&str> = Vec::new();
    for component in Path::new(&decoded).components() {
        match component {
            Component::Normal(c) => parts.push(c.to_str().unwrap_or_default()),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Target::Outside(format!("`{dest}` leaves the seeds folder"));
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Target::Outside(format!("`{dest}` is an absolute path"))
            }
        }
    }
    if parts.is_empty() {
        return Target::Outside(format!("`{dest}` names the seeds folder itself"));
    }
    Target::Local(parts.iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::markdownish;
    use proptest::prelude::*;
    use std::path::Component;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn local_targets_never_leave_the_folder(dest in markdownish()) {
            if let Target::Local(path) = classify(&dest) {
                prop_assert!(path.components().all(|c| matches!(c, Component::Normal(_))), "{path:?}");
            }
        }
    }

    #[test]
    fn destinations_are_classified() {
        assert_eq!(classify("a.md"), Target::Local("a.md".into()));
        assert_eq!(classify("./x/../a.md#top"), Target::Local("a.md".into()));
        assert_eq!(classify("a%20b.md?x=1"), Target::Local("a b.md".into()));
        assert_eq!(
            classify("%E6%96%B0%E9%97%BB.txt"),
            Target::Local("新闻.txt".into())
        );
        assert!(matches!(classify("../x.md"), Target::Outside(_)));
        assert!(matches!(classify("/etc/passwd"), Target::Outside(_)));
        assert!(matches!(classify("file:///etc/passwd"), Target::Outside(_)));
        assert!(matches!(classify("C:\\x.md"), Target::Outside(_)));
        assert!(matches!(classify("a\\..\\..\\x.md"), Target::Outside(_)));
        assert!(matches!(classify("%2e%2e/x.md"), Target::Outside(_)));
        assert!(matches!(classify("https://x.org/a"), Target::Remote(_)));
        assert!(matches!(classify("mailto:a@b.c"), Target::Remote(_)));
        assert_eq!(classify("#section"), Target::SelfReference);
    }
}
