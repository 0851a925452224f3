//! The model as a text file a person can review: a commented header that says how a call is
//! made and which features weigh most, a few settings, then one line per feature with its
//! weight for each genre. Numbers have six decimals, so the same training gives the same bytes.

use super::{Model, GENRES};
use crate::error::LocatedError;
use crate::rules::{rule_error, Genre, RuleSource};
use std::fmt::Write as _;

/// The built-in model, embedded like the rule packs.
pub(crate) const MODEL_FILE: (&str, &str) =
    ("rules/model.tsv", include_str!("../../rules/model.tsv"));

/// The format line of a model file; a file of another version is refused.
pub(crate) const FORMAT: &str = "intake-lint model 1";
/// Features of each genre named in the header's summary.
const SUMMARY_FEATURES: usize = 12;

const EXPLANATION: &str = "\
# intake-lint model: a multinomial logistic regression fitted by `intake-lint train`.
#
# A genre's score is its bias plus, over the features a text shows, weight x value:
#   rule:ID        ln(1 + matches of the rule in the text)
#   style:NAME     a layout statistic in about [0, 1] (src/model/style.rs), less its
#                  center, times how much text it rests on: n / (n + 8) lines, or
#                  n / (n + 300) characters
#   word:TOKEN     (1 + ln count) x idf of a word among the first window-chars characters,
#   heading:TOKEN  and of a word in a heading line; words together scaled to length
#                  n / (n + 20), n the words counted
# Probabilities are softmax(score / temperature + offset); the call is the genre of least
# expected cost, the costs of each mistake given by label in the `cost` rows. Sections are called by the same model on their
# own text. Rules the model has no weight for add 0.5 x their YAML weight x (1 + ln n).
";

/// Writes `model` as text.
pub(super) fn write(model: &Model) -> String {
    let mut out = String::with_capacity(64 * model.names.len() + 4096);
    out.push_str(EXPLANATION);
    out.push_str("#\n");
    for line in &model.provenance {
        let _ = writeln!(out, "# {line}");
    }
    out.push_str("#\n# Strongest features (weight for the genre above the mean of the three):\n");
    for genre in Genre::ALL {
        let _ = writeln!(out, "#   {}:", genre.as_str());
        for (name, w) in strongest(model, genre).into_iter().take(SUMMARY_FEATURES) {
            let _ = writeln!(out, "#     {:+.3}  {name}", w);
        }
    }
    let _ = writeln!(out, "format\t{FORMAT}");
    for line in &model.provenance {
        if let Some((key, value)) = line.split_once(": ") {
            let _ = writeln!(out, "provenance\t{key}\t{value}");
        }
    }
    let _ = writeln!(out, "window-chars\t{}", model.window_chars);
    let _ = writeln!(out, "temperature\t{}", number(model.temperature));
    row(&mut out, "offset", &model.offsets);
    for (genre, costs) in Genre::ALL.iter().zip(&model.costs) {
        row(&mut out, &format!("cost\t{}", genre.as_str()), costs);
    }
    row(&mut out, "bias", &model.bias);
    out.push_str("feature\tidf\tcenter\trequirements\tnews\tother\n");
    for (i, name) in model.names.iter().enumerate() {
        let _ = write!(
            out,
            "{name}\t{}\t{}",
            number(model.idf[i]),
            number(model.center[i])
        );
        for w in model.weights[i] {
            let _ = write!(out, "\t{}", number(w));
        }
        out.push('\n');
    }
    out
}

fn row(out: &mut String, key: &str, values: &[f64; GENRES]) {
    let _ = write!(out, "{key}");
    for v in values {
        let _ = write!(out, "\t{}", number(*v));
    }
    out.push('\n');
}

/// Six decimals, without a negative zero.
fn number(x: f64) -> String {
    let text = format!("{x:.6}");
    if text == "-0.000000" {
        "0.000000".to_owned()
    } else {
        text
    }
}

/// Features by how much they speak for `genre`, strongest first.
pub(super) fn strongest(model: &Model, genre: Genre) -> Vec<(&str, f64)> {
    let mut list: Vec<(&str, f64)> = model
        .names
        .iter()
        .zip(&model.weights)
        .map(|(n, w)| {
            let mean = w.iter().sum::<f64>() / GENRES as f64;
            (n.as_str(), w[genre.index()] - mean)
        })
        .filter(|(_, w)| *w > 0.0)
        .collect();
    list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    list
}

/// A problem on a line: its message, and the byte range in the line it points at.
type Problem = (String, usize, usize);

/// One line of a model file, split at its tabs.
struct Line<'a> {
    text: &'a str,
    fields: Vec<&'a str>,
}

impl<'a> Line<'a> {
    fn new(text: &'a str) -> Self {
        Line {
            text,
            fields: text.split('\t').collect(),
        }
    }

    fn key(&self) -> &'a str {
        self.fields[0]
    }

    /// A problem with the whole line.
    fn whole(&self, message: impl Into<String>) -> Problem {
        (message.into(), 0, self.text.len())
    }

    /// The fields from `from` on, as finite numbers.
    fn numbers(&self, from: usize) -> Result<Vec<f64>, Problem> {
        let fields = &self.fields;
        let mut at = fields[..from].iter().map(|f| f.len() + 1).sum::<usize>();
        let mut out = Vec::new();
        for f in &fields[from..] {
            match f.parse::<f64>() {
                Ok(x) if x.is_finite() => out.push(x),
                _ => return Err((format!("`{f}` is not a finite number"), at, f.len())),
            }
            at += f.len() + 1;
        }
        Ok(out)
    }

    /// The fields from `from` on, as one number for each genre.
    fn three(&self, from: usize) -> Result<[f64; GENRES], Problem> {
        let values = self.numbers(from)?;
        <[f64; GENRES]>::try_from(values.as_slice()).map_err(|_| {
            self.whole(format!(
                "expected {} numbers after `{}`",
                GENRES + from - 1,
                self.key()
            ))
        })
    }
}

/// Where the parse is: among the settings, or in the feature table after its header.
#[derive(Default)]
struct Parsing {
    format_seen: bool,
    table: bool,
}

/// Reads a model file; every problem is reported with its line.
pub(super) fn parse(name: &str, text: &str) -> Result<Model, Vec<LocatedError>> {
    let source = RuleSource {
        name: name.to_owned(),
        text: text.to_owned(),
    };
    let mut errors = Vec::new();
    let mut model = Model::empty();
    model.window_chars = 0;
    let mut parsing = Parsing::default();
    let mut offset = 0usize;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let text = raw.trim_end_matches(['\n', '\r']);
        if text.starts_with('#') || text.trim().is_empty() {
            continue;
        }
        let line = Line::new(text);
        let result = if parsing.table {
            feature_line(&mut model, &line)
        } else {
            setting_line(&mut model, &line, &mut parsing)
        };
        if let Err((message, at, len)) = result {
            errors.push(model_error(&source, start + at, len, message));
        }
    }
    if !parsing.format_seen {
        errors.push(model_error(
            &source,
            0,
            0,
            format!("no `format\t{FORMAT}` line"),
        ));
    }
    if model.window_chars == 0 {
        errors.push(model_error(
            &source,
            0,
            0,
            "no `window-chars` line".to_owned(),
        ));
    }
    if errors.is_empty() {
        Ok(model)
    } else {
        Err(errors)
    }
}

/// A line of the feature table: name, idf, center and a weight for each genre, names in
/// order. A feature out of order is reported but kept, so later lines are still checked.
fn feature_line(model: &mut Model, line: &Line<'_>) -> Result<(), Problem> {
    let key = line.key();
    match (line.numbers(1), line.fields.len()) {
        (Ok(v), 6) if !key.is_empty() => {
            let in_order = model.names.last().is_none_or(|n| n.as_str() < key);
            model.names.push(key.to_owned());
            model.idf.push(v[0]);
            model.center.push(v[1]);
            model.weights.push([v[2], v[3], v[4]]);
            if in_order {
                Ok(())
            } else {
                Err((
                    format!("feature `{key}` is out of order or repeated"),
                    0,
                    key.len(),
                ))
            }
        }
        (Err(problem), _) => Err(problem),
        _ => Err(line.whole(
            "a feature line is: name, idf, center, and a weight for requirements, news and \
             other",
        )),
    }
}

/// A line before the feature table: the format, provenance, a setting, or the table's header.
fn setting_line(model: &mut Model, line: &Line<'_>, parsing: &mut Parsing) -> Result<(), Problem> {
    let fields = &line.fields;
    match line.key() {
        "format" => {
            parsing.format_seen = fields.get(1) == Some(&FORMAT);
            if parsing.format_seen {
                Ok(())
            } else {
                Err(line.whole(format!("not a model file of this version (`{FORMAT}`)")))
            }
        }
        "provenance" if fields.len() == 3 => {
            model
                .provenance
                .push(format!("{}: {}", fields[1], fields[2]));
            Ok(())
        }
        "window-chars" => match fields.get(1).and_then(|f| f.parse::<usize>().ok()) {
            Some(n) if n > 0 && fields.len() == 2 => {
                model.window_chars = n;
                Ok(())
            }
            _ => Err(line.whole("window-chars takes one positive whole number")),
        },
        "temperature" => match line.numbers(1)? {
            v if v.len() == 1 && v[0] > 0.0 => {
                model.temperature = v[0];
                Ok(())
            }
            _ => Err(line.whole("temperature takes one positive number")),
        },
        "offset" => line.three(1).map(|v| model.offsets = v),
        "cost" => match fields
            .get(1)
            .and_then(|g| Genre::ALL.iter().find(|x| x.as_str() == *g))
        {
            Some(genre) => line.three(2).map(|v| model.costs[genre.index()] = v),
            None => Err(line.whole(
                "a cost line is: cost, a genre, and what calling it requirements, news and \
                 other costs",
            )),
        },
        "bias" => line.three(1).map(|v| model.bias = v),
        "feature" => {
            parsing.table = true;
            Ok(())
        }
        key => Err((format!("unknown line `{key}`"), 0, key.len())),
    }
}

fn model_error(source: &RuleSource, offset: usize, len: usize, message: String) -> LocatedError {
    let mut e = rule_error(
        source,
        offset,
        len,
        format!("invalid model: {message}"),
        "here".to_owned(),
        Some("model files are written by `intake-lint train CORPUS... -o FILE`".to_owned()),
    );
    e.code = crate::codes::Code::ModelInvalid;
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Model {
        Model {
            names: vec![
                "rule:news.zh.byline".into(),
                "style:quotes".into(),
                "word:said".into(),
            ],
            idf: vec![1.0, 1.0, 2.5],
            center: vec![0.0, 0.125, 0.0],
            weights: vec![[-0.5, 1.25, -0.75], [0.0, 0.3, -0.3], [-1.0, 2.0, -1.0]],
            bias: [0.1, -0.2, 0.1],
            temperature: 1.5,
            offsets: [0.0, 0.25, -0.25],
            costs: [[0.0, 1.0, 1.0], [2.0, 0.0, 0.5], [1.0, 0.5, 0.0]],
            window_chars: 1000,
            provenance: vec!["fingerprint: 00ff".into()],
        }
    }

    #[test]
    fn a_written_model_reads_back() {
        let m = sample();
        let text = write(&m);
        assert_eq!(parse("m.tsv", &text).unwrap(), m);
        assert!(text.contains("word:said"));
        assert!(
            text.lines()
                .any(|l| l.starts_with("#     +2.000  word:said")),
            "{text}"
        );
    }

    #[test]
    fn problems_point_at_their_line() {
        let text = write(&sample())
            .replace("-0.200000", "x")
            .replace("word:said", "rule:a");
        let errors = parse("m.tsv", &text).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].message.contains("`x` is not a finite number"));
        assert!(errors[1].message.contains("out of order"));
        assert_eq!(errors[0].code, crate::codes::Code::ModelInvalid);
        assert!(parse("m.tsv", "").is_err());
    }

    #[test]
    fn the_builtin_model_reads() {
        parse(MODEL_FILE.0, MODEL_FILE.1).unwrap();
    }
}
