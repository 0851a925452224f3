//! Which language a text is in, by script and, for Latin script, by English function words.
//! Only used to say "no rules for language X" instead of judging text no pack can read.

/// Whether `c` is a Han character (CJK unified ideographs, extension A, compatibility).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// The language of a text as far as the rule packs care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextLang {
    Zh,
    En,
    /// A language with no built-in pack, named for the report.
    Unsupported(&'static str),
    /// Too little text to tell.
    Unknown,
}

impl TextLang {
    pub(crate) fn name(self) -> &'static str {
        match self {
            TextLang::Zh => "zh",
            TextLang::En => "en",
            TextLang::Unsupported(name) => name,
            TextLang::Unknown => "unknown",
        }
    }
}

/// Characters sampled from the start of a text: enough to tell, cheap on huge files.
const SAMPLE_CHARS: usize = 1_000;
/// Words sampled to tell English from other Latin-script languages.
const SAMPLE_WORDS: usize = 80;
const MIN_LETTERS: usize = 20;

const ENGLISH_WORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "be", "as", "with", "on",
    "are", "this", "by", "or", "not", "an", "at", "from", "was", "will", "shall", "must", "has",
    "have", "which", "can", "if", "when", "should", "may", "said", "its", "their",
];

/// Letters of each script among the first `SAMPLE_CHARS` characters of a text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct ScriptCounts {
    han: usize,
    kana: usize,
    hangul: usize,
    latin: usize,
    cyrillic: usize,
    arabic: usize,
    other: usize,
}

/// ASCII bytes looked at in one step.
const BLOCK: usize = 16;

impl ScriptCounts {
    /// Counts one character.
    fn add(&mut self, c: char) {
        // ASCII first, with one test: most characters of an English text.
        if c.is_ascii() {
            self.latin += usize::from(c.is_ascii_alphabetic());
            return;
        }
        match c {
            // Han first among the rest: most characters of a Chinese text.
            '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' => {
                self.han += 1
            }
            // Punctuation and spaces of CJK and general text: skipped without a table lookup.
            '\u{2000}'..='\u{206F}'
            | '\u{3000}'..='\u{3004}'
            | '\u{3008}'..='\u{3020}'
            | '\u{FF00}'..='\u{FF20}'
            | '\u{FF5B}'..='\u{FF64}' => {}
            '\u{3040}'..='\u{30FF}' => self.kana += 1,
            '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' => self.hangul += 1,
            '\u{C0}'..='\u{24F}' => self.latin += 1,
            '\u{400}'..='\u{4FF}' => self.cyrillic += 1,
            '\u{600}'..='\u{6FF}' => self.arabic += 1,
            c if c.is_alphabetic() => self.other += 1,
            _ => {}
        }
    }

    /// The counts of the first `SAMPLE_CHARS` characters of `text`: a block of `BLOCK` ASCII
    /// bytes (most of an English text) in one step, a Han character by its lead byte, anything
    /// else a character at a time. A block is tried only at an ASCII byte, so that a run of
    /// Chinese text does not pay for tries that fail.
    fn of(text: &str) -> ScriptCounts {
        let mut counts = ScriptCounts::default();
        let bytes = text.as_bytes();
        // `at` stays on a character boundary: it moves by whole characters and ASCII bytes.
        let (mut at, mut left) = (0usize, SAMPLE_CHARS);
        while left > 0 {
            let Some(&lead) = bytes.get(at) else {
                break;
            };
            if lead.is_ascii() {
                let block = bytes.get(at..at + BLOCK).filter(|_| left >= BLOCK);
                // The ASCII bytes that start the block (all of them, mostly), or this one.
                let ascii =
                    block.map_or(1, |b| b.iter().position(|b| !b.is_ascii()).unwrap_or(BLOCK));
                counts.latin += bytes[at..at + ascii]
                    .iter()
                    .filter(|b| b.is_ascii_alphabetic())
                    .count();
                at += ascii;
                left -= ascii;
                continue;
            }
            left -= 1;
            // Most of a Chinese text: lead bytes E5 to E9 start U+5000 to U+9FFF, all Han;
            // E4 starts U+4000 to U+4FFF, all Han but U+4DC0 to U+4DFF (E4 B7).
            if (0xE5..=0xE9).contains(&lead)
                || (lead == 0xE4 && bytes.get(at + 1).is_some_and(|b| *b != 0xB7))
            {
                counts.han += 1;
                at += 3;
                continue;
            }
            let Some(c) = text.get(at..).and_then(|t| t.chars().next()) else {
                break;
            };
            counts.add(c);
            at += c.len_utf8();
        }
        counts
    }
}

pub(crate) fn detect(text: &str) -> TextLang {
    let ScriptCounts {
        han,
        kana,
        hangul,
        latin,
        cyrillic,
        arabic,
        other,
    } = ScriptCounts::of(text);
    // A Han character carries about as much as a short Latin word.
    let han_weight = han * 4;
    let total = han_weight + kana * 4 + hangul * 3 + latin + cyrillic + arabic + other;
    if total < MIN_LETTERS {
        return TextLang::Unknown;
    }
    if kana * 4 * 10 > total && kana * 20 > han {
        return TextLang::Unsupported("ja");
    }
    if hangul * 3 * 2 > total {
        return TextLang::Unsupported("ko");
    }
    if han_weight * 10 >= total * 3 {
        return TextLang::Zh;
    }
    if cyrillic * 2 > total {
        return TextLang::Unsupported("a Cyrillic-script language");
    }
    if arabic * 2 > total {
        return TextLang::Unsupported("an Arabic-script language");
    }
    if latin * 2 > total {
        return latin_language(text);
    }
    TextLang::Unsupported("a language without a rule pack")
}

/// Function words of the Latin-script languages most often met besides English, to name the
/// language a report says it has no rules for.
const OTHER_LATIN: &[(&str, &[&str])] = &[
    (
        "fr",
        &[
            "le", "la", "les", "des", "du", "est", "et", "une", "pour", "dans", "doit", "sur",
            "au", "aux", "par", "pas", "qui",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "ist", "nicht", "mit", "für", "sich", "muss", "den", "dem",
            "ein", "eine", "zu", "auf", "wird",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "que", "y", "en", "para", "debe", "del", "una", "por", "con", "es",
            "se", "al",
        ],
    ),
    (
        "pt",
        &[
            "os", "as", "que", "e", "em", "para", "deve", "do", "da", "uma", "por", "com", "não",
            "ao", "dos",
        ],
    ),
    (
        "it",
        &[
            "il", "gli", "che", "e", "di", "per", "deve", "della", "una", "non", "con", "sono",
            "del", "nel",
        ],
    ),
];

/// Slots of the function-word table: a power of two, about twice the words.
const FUNCTION_SLOTS: usize = 256;

/// Each function word with the languages it belongs to (bit 0 English, bit i + 1 the i-th of
/// `OTHER_LATIN`), keyed by its packed bytes (`word_key`, never 0) in an open-addressed hash
/// table (a binary search's unpredictable branches were half the time of telling English from
/// French); built once.
fn function_words() -> &'static [(u64, u8); FUNCTION_SLOTS] {
    static TABLE: std::sync::OnceLock<[(u64, u8); FUNCTION_SLOTS]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [(0u64, 0u8); FUNCTION_SLOTS];
        let lists = std::iter::once(ENGLISH_WORDS).chain(OTHER_LATIN.iter().map(|(_, l)| *l));
        for (bit, list) in lists.enumerate() {
            for key in list.iter().filter_map(|w| word_key(w.as_bytes())) {
                let mut slot = function_slot(key);
                while table[slot].0 != 0 && table[slot].0 != key {
                    slot = (slot + 1) % FUNCTION_SLOTS;
                }
                table[slot].0 = key;
                table[slot].1 |= 1 << bit;
            }
        }
        table
    })
}

/// Where a word key's probe starts.
fn function_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % FUNCTION_SLOTS
}

/// The languages `key` is a function word of (0 for none).
fn function_word_mask(key: u64) -> u8 {
    let table = function_words();
    let mut slot = function_slot(key);
    // The table is never full: a probe ends at the key or at an empty slot.
    for _ in 0..FUNCTION_SLOTS {
        match table[slot] {
            (k, mask) if k == key => return mask,
            (0, _) => return 0,
            _ => slot = (slot + 1) % FUNCTION_SLOTS,
        }
    }
    0
}

/// The key of a word in lower case; None when the word or its lower case is longer than eight
/// bytes (function words are short: a longer word needs no lower-casing).
fn lower_key(word: &str) -> Option<u64> {
    if word.len() > 8 {
        return None;
    }
    if word.is_ascii() {
        return word_key(word.as_bytes());
    }
    let mut lower = [0u8; 8];
    let mut len = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let n = c.len_utf8();
        c.encode_utf8(lower.get_mut(len..len + n)?);
        len += n;
    }
    word_key(&lower[..len])
}

/// A word of at most eight bytes as one number, its ASCII letters in lower case (None when
/// longer: no function word is).
fn word_key(bytes: &[u8]) -> Option<u64> {
    (bytes.len() <= 8).then(|| {
        bytes.iter().rev().fold(0u64, |acc, &b| {
            (acc << 8) | u64::from(b.to_ascii_lowercase())
        })
    })
}

/// English unless another language's function words clearly dominate: a Latin-script text is
/// judged as English by default (lists of names, code and links have few function words), and
/// reported as a language without rules only when that language is positively identified.
fn latin_language(text: &str) -> TextLang {
    let mut counts = [0usize; 1 + OTHER_LATIN.len()];
    let mut words = 0usize;
    for word in (Words { text, at: 0 }).take(SAMPLE_WORDS) {
        words += 1;
        let mask = lower_key(word).map_or(0, function_word_mask);
        if mask != 0 {
            for (bit, count) in counts.iter_mut().enumerate() {
                *count += usize::from(mask & (1 << bit) != 0);
            }
        }
    }
    if words == 0 {
        return TextLang::Unknown;
    }
    let share = |n: usize| n as f64 / words as f64;
    let english = share(counts[0]);
    if english >= 0.12 {
        return TextLang::En;
    }
    let best = OTHER_LATIN
        .iter()
        .zip(&counts[1..])
        .map(|((name, _), n)| (*name, share(*n)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    match best {
        Some((name, s)) if s >= 0.12 && s > 1.5 * english => TextLang::Unsupported(name),
        _ => TextLang::En,
    }
}

/// The words of a text: its runs of alphabetic characters, as `split` on the others would
/// give them without the empty pieces between separators (markup has many), and an ASCII
/// byte tested without decoding it.
struct Words<'a> {
    text: &'a str,
    /// Where the next word is looked for; always on a character boundary.
    at: usize,
}

impl<'a> Words<'a> {
    /// The character at `at` and whether it is alphabetic; None at the end.
    fn look(&self) -> Option<(usize, bool)> {
        let b = *self.text.as_bytes().get(self.at)?;
        if b.is_ascii() {
            return Some((1, b.is_ascii_alphabetic()));
        }
        let c = self.text.get(self.at..)?.chars().next()?;
        Some((c.len_utf8(), c.is_alphabetic()))
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let start = loop {
            let (len, alphabetic) = self.look()?;
            if alphabetic {
                break self.at;
            }
            self.at += len;
        };
        while let Some((len, true)) = self.look() {
            self.at += len;
        }
        self.text.get(start..self.at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Which languages a word is a function word of, by comparing lower-cased strings.
    fn reference_mask(word: &str) -> u8 {
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        let lists = std::iter::once(ENGLISH_WORDS).chain(OTHER_LATIN.iter().map(|(_, l)| *l));
        lists
            .enumerate()
            .filter(|(_, list)| word.len() <= 8 && list.contains(&lower.as_str()))
            .fold(0, |mask, (bit, _)| mask | 1 << bit)
    }

    /// The counts one character at a time.
    fn counted_by_character(text: &str) -> ScriptCounts {
        let mut counts = ScriptCounts::default();
        for c in text.chars().take(SAMPLE_CHARS) {
            counts.add(c);
        }
        counts
    }

    proptest! {
        #[test]
        fn words_are_what_split_gives(text in "[a-zA-Z0-9 ,.#*\n\\-éüßД系统]{0,80}") {
            let split: Vec<&str> = text
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .collect();
            let words: Vec<&str> = Words { text: &text, at: 0 }.collect();
            prop_assert_eq!(words, split);
        }

        #[test]
        fn blocks_count_what_characters_count(
            text in "([a-zA-Z0-9 ,.\n]{0,40}|[系统应当。，丁中䷀䶵㐀]{0,20}|[éüßДاあ한\u{3000}]{0,5}){0,80}"
        ) {
            prop_assert_eq!(ScriptCounts::of(&text), counted_by_character(&text));
        }

        #[test]
        fn word_keys_find_the_same_function_words(
            word in "(The|the|DER|für|FÜR|não|É|İ|ß|[a-zA-ZéüİŞ]{1,9})"
        ) {
            let found = lower_key(&word).map_or(0, function_word_mask);
            prop_assert_eq!(found, reference_mask(&word));
        }
    }

    #[test]
    fn scripts_and_english() {
        assert_eq!(
            detect("本报南京3月9日讯 记者从省政府获悉，今年全省将推进。"),
            TextLang::Zh
        );
        assert_eq!(
            detect("The system shall allow a user to reset the password of the account."),
            TextLang::En
        );
        assert_eq!(
            detect("Le système doit permettre à un utilisateur de réinitialiser son mot de passe et la session."),
            TextLang::Unsupported("fr")
        );
        assert_eq!(
            detect(
                "Das System muss die Sitzung nach zehn Minuten beenden und den Benutzer abmelden."
            ),
            TextLang::Unsupported("de")
        );
        assert_eq!(
            detect("システムはユーザーがパスワードをリセットできるようにしなければならない。"),
            TextLang::Unsupported("ja")
        );
        assert_eq!(detect("   \n  12 "), TextLang::Unknown);
    }

    #[test]
    fn english_lists_of_names_stay_english() {
        let text = "# Meeting\n\n* Team members: Josh, Niko, Felix\n* Others: Mark, Tyler Mandry\n";
        assert_eq!(detect(text), TextLang::En);
    }

    #[test]
    fn chinese_spec_with_english_identifiers_is_chinese() {
        let text = "系统应支持用户登录。API: POST /api/v1/login, returns a JWT token.";
        assert_eq!(detect(text), TextLang::Zh);
    }
}
