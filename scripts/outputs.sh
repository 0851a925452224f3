#!/usr/bin/env bash
# Writes every report the gate makes on the repository's seeds (each format, quiet and
# verbose), on each test fixture, and on each document of ../shared/corpus judged alone, into
# OUTDIR: run it before and after a change that must not change behaviour, then
# `diff -r BEFORE AFTER`.
#
#   scripts/outputs.sh OUTDIR [BINARY]     (default binary: target/release/intake-lint, built)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/outputs.sh OUTDIR [BINARY]}
bin=${2:-target/release/intake-lint}
if [[ -z ${2:-} ]]; then
  cargo build --release --quiet
fi
bin=$(realpath "$bin")
mkdir -p "$out"
out=$(realpath "$out")
export NO_COLOR=1

# One run: its exit code, then stdout, then stderr, in one file.
run() {
  local file=$1
  shift
  local code=0
  "$bin" "$@" >"$file.out" 2>"$file.err" || code=$?
  { echo "exit $code"; cat "$file.out"; echo "--- stderr"; cat "$file.err"; } >"$file"
  rm -f "$file.out" "$file.err"
}

for format in human json sarif github; do
  run "$out/seeds.$format" check seeds --format "$format"
done
run "$out/seeds.human-verbose" check seeds -v
run "$out/seeds.human-quiet" check seeds -q
run "$out/seeds.human-colour" check seeds --color always

# Each test case's seeds, from the case's folder (as tests/cases/*/cmd runs them).
for dir in tests/cases/*/; do
  name=$(basename "$dir")
  [[ -d $dir/seeds ]] || continue
  (cd "$dir" && run "$out/case-$name.json" check seeds --format json)
  (cd "$dir" && run "$out/case-$name.human" check seeds)
done

# Each corpus document as the only source of a seeds folder, under a stable path.
work=$out/.work
rm -rf "$work"
mkdir -p "$work"
corpus=../shared/corpus
if [[ -f $corpus/labels.tsv ]]; then
  tail -n +2 "$corpus/labels.tsv" | cut -f1 | while read -r file; do
    name=$(basename "$file")
    name=${name%.*}
    mkdir -p "$work/$name"
    cp "$corpus/$file" "$work/$name/"
    printf '# Seeds\n\n- [%s](%s)\n' "$name" "$(basename "$file")" >"$work/$name/INDEX.md"
    (cd "$work" && run "$out/corpus-$name.json" check "$name" --format json)
    (cd "$work" && run "$out/corpus-$name.human" check "$name")
  done
fi
rm -rf "$work"
echo "wrote $(find "$out" -type f | wc -l) reports to $out"
