//! Words of a text as the model counts them: English words (ASCII letters, lower-cased, 2 to 24
//! long) and Han characters and pairs of neighbouring Han characters (Chinese has no spaces
//! between words; one- and two-character units cover most of its words). Each token is a
//! 64-bit key, so that looking one up costs no allocation.

/// What a key stands for, in its two top bits.
const TAG_SHIFT: u32 = 62;
const TAG_WORD: u64 = 0;
const TAG_LONG_WORD: u64 = 1;
const TAG_HAN: u64 = 2;
const TAG_HAN_PAIR: u64 = 3;
/// Set on tokens of heading lines, which are counted apart from the body's.
const HEADING_BIT: u64 = 1 << 61;
/// Letters packed five bits each: words up to this long are their own key.
const PACKED_LETTERS: usize = 12;
const MIN_WORD: usize = 2;
const MAX_WORD: usize = 24;

/// A token's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Token(u64);

impl Token {
    /// The Han character of a one-character token (not of a heading).
    pub(crate) fn han(self) -> Option<u32> {
        (self.0 >> TAG_SHIFT == TAG_HAN && !self.is_heading())
            .then_some((self.0 & 0x1f_ffff) as u32)
    }

    /// The two Han characters of a pair token (not of a heading).
    pub(crate) fn han_pair(self) -> Option<(u32, u32)> {
        (self.0 >> TAG_SHIFT == TAG_HAN_PAIR && !self.is_heading()).then_some((
            ((self.0 >> 21) & 0x1f_ffff) as u32,
            (self.0 & 0x1f_ffff) as u32,
        ))
    }

    pub(crate) fn key(self) -> u64 {
        self.0
    }

    pub(crate) fn in_heading(self) -> Token {
        Token(self.0 | HEADING_BIT)
    }

    pub(crate) fn is_heading(self) -> bool {
        self.0 & HEADING_BIT != 0
    }

    /// The key of a token written as `name` (`word:said`, `heading:需求`), as the model file
    /// names them; None for a name no tokenizer output could have.
    pub(crate) fn parse(name: &str) -> Option<Token> {
        let (heading, text) = if let Some(t) = name.strip_prefix("heading:") {
            (true, t)
        } else {
            (false, name.strip_prefix("word:")?)
        };
        let mut found = None;
        let mut count = 0;
        for_each_token(text, usize::MAX, |t, _| {
            count += 1;
            found = Some(t);
        });
        // A Han pair tokenizes as itself and its two characters: the pair is the last.
        let whole = match (found, count) {
            (Some(t), 1) => t,
            (Some(t), 3) if t.0 >> TAG_SHIFT == TAG_HAN_PAIR => t,
            _ => return None,
        };
        Some(if heading { whole.in_heading() } else { whole })
    }
}

pub(crate) use crate::text::lang::is_han;

/// The code point and length of the multi-byte character at `i` of valid UTF-8.
fn decode(bytes: &[u8], i: usize) -> (u32, usize) {
    let b = bytes[i];
    let cont = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0x80) & 0x3f);
    match b {
        0xf0..=0xff => (
            (u32::from(b & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        ),
        0xe0..=0xef => ((u32::from(b & 0x0f) << 12) | (cont(1) << 6) | cont(2), 3),
        _ => ((u32::from(b & 0x1f) << 6) | cont(1), 2),
    }
}

/// `is_han` of a code point.
fn is_han_code(code: u32) -> bool {
    matches!(code, 0x4e00..=0x9fff | 0x3400..=0x4dbf | 0xf900..=0xfaff)
}

/// Calls `f` with every token of the first `max_chars` characters of `text` and the byte range
/// it came from; returns the byte length of the characters read.
pub(crate) fn for_each_token(
    text: &str,
    max_chars: usize,
    mut f: impl FnMut(Token, std::ops::Range<usize>),
) -> usize {
    let bytes = text.as_bytes();
    let mut chars = 0usize;
    let mut i = 0usize;
    let mut previous_han: Option<(u32, usize)> = None;
    while i < bytes.len() && chars < max_chars {
        let b = bytes[i];
        if b.is_ascii_alphabetic() {
            previous_han = None;
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            chars += i - start;
            let len = i - start;
            if (MIN_WORD..=MAX_WORD).contains(&len) {
                f(word_key(&bytes[start..i]), start..i);
            }
            continue;
        }
        if b < 0x80 {
            previous_han = None;
            i += 1;
            chars += 1;
            continue;
        }
        // A multi-byte character (the text is valid UTF-8: its lead byte gives its length).
        let (code, len) = decode(bytes, i);
        if is_han_code(code) {
            f(Token((TAG_HAN << TAG_SHIFT) | u64::from(code)), i..i + len);
            if let Some((p, start)) = previous_han {
                let pair = (u64::from(p) << 21) | u64::from(code);
                f(Token((TAG_HAN_PAIR << TAG_SHIFT) | pair), start..i + len);
            }
            previous_han = Some((code, i));
        } else {
            previous_han = None;
        }
        i += len;
        chars += 1;
    }
    i.min(bytes.len())
}

/// The key of an English word: its letters packed five bits each, or for a longer word a
/// 60-bit FNV-1a hash of them (lower-cased).
fn word_key(word: &[u8]) -> Token {
    if word.len() <= PACKED_LETTERS {
        let mut key = 0u64;
        for b in word {
            key = (key << 5) | u64::from(b.to_ascii_lowercase() - b'a' + 1);
        }
        return Token((TAG_WORD << TAG_SHIFT) | key);
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word {
        hash ^= u64::from(b.to_ascii_lowercase());
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    Token((TAG_LONG_WORD << TAG_SHIFT) | (hash & ((1 << 60) - 1)))
}

/// The text of a token as the model file writes it (`word:said`, `heading:需求`), from the
/// text it was read from.
pub(crate) fn name(token: Token, source: &str) -> String {
    let prefix = if token.is_heading() {
        "heading:"
    } else {
        "word:"
    };
    let tag = (token.0 & !HEADING_BIT) >> TAG_SHIFT;
    let text = match tag {
        TAG_WORD | TAG_LONG_WORD => source.to_ascii_lowercase(),
        _ => source.to_owned(),
    };
    format!("{prefix}{text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(Token, &str)> {
        let mut out = Vec::new();
        for_each_token(text, usize::MAX, |t, r| out.push((t, &text[r])));
        out
    }

    #[test]
    fn english_words_and_han_pairs() {
        let found: Vec<&str> = tokens("The system shall 支持用户 a x")
            .iter()
            .map(|t| t.1)
            .collect();
        assert_eq!(
            found,
            ["The", "system", "shall", "支", "持", "支持", "用", "持用", "户", "用户"]
        );
        // Case does not matter; a long word is hashed, and case does not matter there either.
        assert_eq!(tokens("The")[0].0, tokens("the")[0].0);
        assert_eq!(tokens("Implementation")[0].0, tokens("implementation")[0].0);
        assert_ne!(
            tokens("implementation")[0].0,
            tokens("implementations")[0].0
        );
    }

    #[test]
    fn names_parse_back_to_their_keys() {
        for (text, name_of) in [
            ("said", "word:said"),
            ("Implementation", "word:implementation"),
            ("需求", "heading:需求"),
            ("需", "word:需"),
        ] {
            let toks = tokens(text);
            let (mut token, source) = *toks.last().unwrap();
            if name_of.starts_with("heading:") {
                token = token.in_heading();
            }
            assert_eq!(name(token, source), name_of);
            assert_eq!(Token::parse(name_of), Some(token), "{name_of}");
        }
        assert_eq!(Token::parse("word:two words"), None);
        assert_eq!(Token::parse("style:x"), None);
        assert_eq!(Token::parse("word:需求用"), None);
    }

    #[test]
    fn the_window_is_counted_in_characters() {
        let text = "需求abc需求";
        let mut seen = Vec::new();
        // A word that starts inside the window is read to its end.
        let end = for_each_token(text, 3, |_, r| seen.push(r));
        assert_eq!(&text[..end], "需求abc");
        assert_eq!(seen.len(), 4);
    }
}
