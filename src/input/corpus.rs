//! Labelled corpora, for `eval` and `train`: folders holding `labels.tsv` (columns `file`,
//! `label`, `lang`, and optionally one that names each document's source, such as
//! `source_repo`) and the documents it names.

use crate::error::IntakeError;
use crate::input::decode::Decoded;
use crate::input::formats::DEFAULT_EXTRACTION_SECONDS;
use crate::input::open::{read_source, Confinement, ReadProblem, MAX_SOURCE_BYTES};
use crate::rules::Genre;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One labelled document.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub corpus: PathBuf,
    /// Its path in the corpus, as `labels.tsv` gives it.
    pub file: String,
    pub label: Genre,
    pub lang: String,
    /// Its source: documents of one group are never split between fitting and judging.
    pub group: String,
}

impl Labelled {
    pub fn path(&self) -> PathBuf {
        self.corpus.join(&self.file)
    }
}

fn parse_label(s: &str) -> Option<Genre> {
    match s {
        "requirements" => Some(Genre::Requirements),
        "news" => Some(Genre::News),
        "other" => Some(Genre::Other),
        _ => None,
    }
}

/// The documents of every corpus, in order. With `group_by`, each document's group is that
/// column (`-` or empty: a group of its own); without, every document is its own group.
pub(crate) fn read_labels(
    corpora: &[PathBuf],
    group_by: Option<&str>,
) -> Result<Vec<Labelled>, IntakeError> {
    let mut out = Vec::new();
    for corpus in corpora {
        read_corpus(corpus, group_by, &mut out)?;
    }
    Ok(out)
}

fn read_corpus(
    corpus: &Path,
    group_by: Option<&str>,
    out: &mut Vec<Labelled>,
) -> Result<(), IntakeError> {
    let labels_path = corpus.join("labels.tsv");
    let labels = std::fs::read_to_string(&labels_path).map_err(|e| {
        IntakeError::Corpus(format!("cannot read `{}`: {e}", labels_path.display()))
    })?;
    let mut lines = labels.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |name: &str| {
        header.iter().position(|h| *h == name).ok_or_else(|| {
            IntakeError::Corpus(format!(
                "`{}` has no `{name}` column (needs file, label, lang{})",
                labels_path.display(),
                group_by.map_or(String::new(), |g| format!(", and {g} to group by"))
            ))
        })
    };
    let (file_col, label_col, lang_col) = (col("file")?, col("label")?, col("lang")?);
    let group_col = group_by.map(col).transpose()?;
    let before = out.len();
    for (n, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let get = |i: usize| fields.get(i).copied().unwrap_or("").trim();
        let at = format!("{}:{}", labels_path.display(), n + 2);
        let file = get(file_col).to_owned();
        let label = parse_label(get(label_col)).ok_or_else(|| {
            IntakeError::Corpus(format!(
                "{at}: label `{}` is not requirements, news or other",
                get(label_col)
            ))
        })?;
        if file.is_empty()
            || Path::new(&file).is_absolute()
            || file.split(['/', '\\']).any(|p| p == "..")
        {
            return Err(IntakeError::Corpus(format!(
                "{at}: `{file}` leaves the corpus folder"
            )));
        }
        let group = match group_col.map(get) {
            Some(g) if !g.is_empty() && g != "-" => g.to_owned(),
            // Rows without a source are each their own group.
            _ => format!("{}#{file}", corpus.display()),
        };
        out.push(Labelled {
            corpus: corpus.to_path_buf(),
            file,
            label,
            lang: get(lang_col).to_owned(),
            group,
        });
    }
    if out.len() == before {
        return Err(IntakeError::Corpus(format!(
            "`{}` lists no documents",
            labels_path.display()
        )));
    }
    Ok(())
}

/// `column` when every corpus's labels.tsv has it.
pub(crate) fn common_column(corpora: &[PathBuf], column: &str) -> Option<String> {
    let has = |c: &PathBuf| {
        std::fs::read_to_string(c.join("labels.tsv"))
            .ok()
            .and_then(|t| t.lines().next().map(|h| h.split('\t').any(|f| f == column)))
            .unwrap_or(false)
    };
    (!corpora.is_empty() && corpora.iter().all(has)).then(|| column.to_owned())
}

/// Reads and decodes one labelled document, as `check` reads a source: confined to its
/// corpus folder (a link out of it is refused), opened once, decoded the same way.
pub(crate) fn read_text(doc: &Labelled) -> Result<Decoded, IntakeError> {
    let path = doc.path();
    let problem = |p: ReadProblem| {
        let what = ("corpus document", "its corpus folder");
        IntakeError::Corpus(p.describe_as(what, &path.display().to_string()))
    };
    let root =
        std::fs::canonicalize(&doc.corpus).map_err(|e| problem(ReadProblem::Io(e.to_string())))?;
    read_source(
        &doc.corpus,
        &Confinement::new(root),
        Path::new(&doc.file),
        MAX_SOURCE_BYTES,
        Duration::from_secs(DEFAULT_EXTRACTION_SECONDS),
    )
    .map_err(problem)
}
