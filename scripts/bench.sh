#!/usr/bin/env bash
# Times `intake-lint check DIR --format json` against `rg -c -f patterns.txt DIR` on the
# corpora of ../shared/bench (small, medium, large, single), alternating runs, and prints the
# medians, their ratio and peak RSS. Needs ripgrep and GNU time (/usr/bin/time).
#
# Then the formats corpus (../shared/formats: PDF, Word, OpenDocument, spreadsheets, HTML,
# EPUB in one seeds folder): the whole check's time and peak RSS, and PDF text extraction
# (`intake-lint text` on each PDF) against poppler's `pdftotext` on the same files
# (installed from Debian's packages when missing).
#
#   scripts/bench.sh [RUNS] [WORKDIR]     (defaults: 5 runs, /tmp/intake-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=${2:-/tmp/intake-bench}
shared=../shared/bench
bin=target/release/intake-lint

command -v rg >/dev/null || { echo "ripgrep (rg) is needed: apt-get install ripgrep" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "GNU time is needed: apt-get install time" >&2; exit 2; }
cargo build --release --quiet

mkdir -p "$work"
for size in small medium large single; do
  [[ -d $work/$size ]] || python3 "$shared/make_corpus.py" "$work/$size" "$size" >/dev/null
done

# seconds (wall clock, microsecond resolution) and peak KiB of one run: "SECONDS KIB"
measure() {
  local t0=$EPOCHREALTIME
  /usr/bin/time -f "%M" -o "$work/.time" "$@" >/dev/null 2>&1 || true
  local t1=$EPOCHREALTIME
  # GNU time puts "Command exited with non-zero status" first: the last line is the number.
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}') $(tail -n 1 "$work/.time")"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# The memory bound of the speed issue: 64 MiB plus the largest source.
printf '%-7s %9s %8s %9s %6s %15s %10s\n' size bytes rg_s intake_s ratio intake_rss_MiB bound_MiB
for size in small medium large single; do
  dir=$work/$size
  bytes=$(du -sb "$dir" | cut -f1)
  : >"$work/.rg"; : >"$work/.il"; : >"$work/.rss"
  for ((i = 0; i < runs; i++)); do
    measure rg -c -f "$shared/patterns.txt" "$dir" | cut -d' ' -f1 >>"$work/.rg"
    read -r s kib < <(measure "$bin" check "$dir" --format json --max-source-bytes 400000000)
    echo "$s" >>"$work/.il"; echo "$kib" >>"$work/.rss"
  done
  rg_s=$(median <"$work/.rg"); il_s=$(median <"$work/.il"); rss=$(median <"$work/.rss")
  ratio=$(awk -v a="$il_s" -v b="$rg_s" 'BEGIN {printf "%.1f", (b > 0 ? a / b : 0)}')
  largest=$(find "$dir" -type f -printf '%s\n' | sort -n | tail -n 1)
  printf '%-7s %9s %8.3f %9.3f %6s %15.1f %10.1f\n' "$size" "$bytes" "$rg_s" "$il_s" "$ratio" \
    "$(awk -v k="$rss" 'BEGIN {print k / 1024}')" "$(awk -v b="$largest" 'BEGIN {print 64 + b / 1048576}')"
done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); runs: $runs (medians)"

# The formats corpus: every file of ../shared/formats in one seeds folder.
formats=$work/formats
if [[ ! -d $formats ]]; then
  mkdir -p "$formats"
  printf '# Formats\n\n' >"$formats/INDEX.md"
  for f in ../shared/formats/files/*/*; do
    cp "$f" "$formats/"
    printf -- '- [%s](<%s>)\n' "$(basename "$f")" "$(basename "$f")" >>"$formats/INDEX.md"
  done
fi
if ! command -v pdftotext >/dev/null; then
  apt-get install -y -qq poppler-utils >/dev/null 2>&1 || echo "pdftotext not installed: apt-get install poppler-utils" >&2
fi
pdfs=()
for f in "$formats"/*.pdf; do pdfs+=("$f"); done
all_pdfs() { for f in "${pdfs[@]}"; do "$@" "$f" >/dev/null 2>&1 || true; done; }
pdftotext_to_stdout() { pdftotext -q -enc UTF-8 "$1" -; }
: >"$work/.il"; : >"$work/.rss"; : >"$work/.pt"; : >"$work/.ie"
for ((i = 0; i < runs; i++)); do
  read -r s kib < <(measure "$bin" check "$formats" --format json)
  echo "$s" >>"$work/.il"; echo "$kib" >>"$work/.rss"
  if command -v pdftotext >/dev/null; then
    t0=$EPOCHREALTIME; all_pdfs pdftotext_to_stdout; t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f\n", b - a}' >>"$work/.pt"
  fi
  t0=$EPOCHREALTIME; all_pdfs "$bin" text; t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f\n", b - a}' >>"$work/.ie"
done
il_s=$(median <"$work/.il"); rss=$(median <"$work/.rss"); ie_s=$(median <"$work/.ie")
printf '\nformats: %s files, %s bytes: check %.3f s, peak RSS %.1f MiB\n' \
  "$(find "$formats" -type f ! -name INDEX.md | wc -l)" "$(du -sb "$formats" | cut -f1)" "$il_s" \
  "$(awk -v k="$rss" 'BEGIN {print k / 1024}')"
if [[ -s $work/.pt ]]; then
  pt_s=$(median <"$work/.pt")
  printf 'PDF text of %s files: intake-lint text %.3f s, pdftotext %.3f s, ratio %s\n' "${#pdfs[@]}" \
    "$ie_s" "$pt_s" "$(awk -v a="$ie_s" -v b="$pt_s" 'BEGIN {printf "%.1f", (b > 0 ? a / b : 0)}')"
fi
