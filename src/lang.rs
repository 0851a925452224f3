//! Which language a text is in, by script and, for Latin script, by English function words.
//! Only used to say "no rules for language X" instead of judging text no pack can read.

/// The language of a text as far as the rule packs care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextLang {
    Zh,
    En,
    /// A language with no built-in pack, named for the report.
    Unsupported(&'static str),
    /// Too little text to tell.
    Unknown,
}

impl TextLang {
    pub fn name(self) -> &'static str {
        match self {
            TextLang::Zh => "zh",
            TextLang::En => "en",
            TextLang::Unsupported(name) => name,
            TextLang::Unknown => "unknown",
        }
    }
}

/// Characters sampled from the start of a text: enough to tell, cheap on huge files.
const SAMPLE_CHARS: usize = 200_000;
const MIN_LETTERS: usize = 20;

const ENGLISH_WORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "be", "as", "with", "on",
    "are", "this", "by", "or", "not", "an", "at", "from", "was", "will", "shall", "must", "has",
    "have", "which", "can", "if", "when", "should", "may", "said", "its", "their",
];

pub fn detect(text: &str) -> TextLang {
    let (mut han, mut kana, mut hangul, mut latin, mut cyrillic, mut arabic, mut other) =
        (0usize, 0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    for c in text.chars().take(SAMPLE_CHARS) {
        match c {
            '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' => han += 1,
            '\u{3040}'..='\u{30FF}' => kana += 1,
            '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' => hangul += 1,
            'a'..='z' | 'A'..='Z' | '\u{C0}'..='\u{24F}' => latin += 1,
            '\u{400}'..='\u{4FF}' => cyrillic += 1,
            '\u{600}'..='\u{6FF}' => arabic += 1,
            c if c.is_alphabetic() => other += 1,
            _ => {}
        }
    }
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
        return if english_share(text) >= 0.12 {
            TextLang::En
        } else {
            TextLang::Unsupported("a Latin-script language other than English")
        };
    }
    TextLang::Unsupported("a language without a rule pack")
}

fn english_share(text: &str) -> f64 {
    let mut words = 0usize;
    let mut english = 0usize;
    for w in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(20_000)
    {
        words += 1;
        let lower = w.to_lowercase();
        if ENGLISH_WORDS.contains(&lower.as_str()) {
            english += 1;
        }
    }
    if words == 0 {
        0.0
    } else {
        english as f64 / words as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_english() {
        assert_eq!(
            detect("本报杭州1月6日讯 记者从省政府获悉，今年全省将推进。"),
            TextLang::Zh
        );
        assert_eq!(
            detect("The system shall allow a user to reset the password of the account."),
            TextLang::En
        );
        assert_eq!(
            detect("Le système doit permettre à un utilisateur de réinitialiser son mot de passe."),
            TextLang::Unsupported("a Latin-script language other than English")
        );
        assert_eq!(
            detect("システムはユーザーがパスワードをリセットできるようにしなければならない。"),
            TextLang::Unsupported("ja")
        );
        assert_eq!(detect("   \n  12 "), TextLang::Unknown);
    }

    #[test]
    fn chinese_spec_with_english_identifiers_is_chinese() {
        let text = "系统应支持用户登录。API: POST /api/v1/login, returns a JWT token.";
        assert_eq!(detect(text), TextLang::Zh);
    }
}
