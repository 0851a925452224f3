#!/usr/bin/env bash
# Renders `check --format html` for the repository's seeds and the test fixtures and takes a
# screenshot of each page in headless Chromium (installed, with a CJK font, from Debian's
# packages when missing),
# at a phone's width and a wide screen's, in light and dark mode.
#
#   scripts/screenshots.sh [OUTDIR]      (default: target/screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/screenshots}
mkdir -p "$out"
out=$(realpath "$out")
if ! command -v chromium >/dev/null; then
  apt-get install -y -qq chromium >/dev/null
fi
# Chinese text needs a CJK font to be drawn at all.
if [[ -z $(fc-list :lang=zh 2>/dev/null) ]]; then
  apt-get install -y -qq fonts-wqy-zenhei >/dev/null
fi
cargo build --release --quiet
bin=target/release/intake-lint
pages=()
for dir in seeds tests/cases/*/seeds; do
  [[ -f $dir/INDEX.md ]] || continue
  name=$(basename "$(dirname "$dir")"); [[ $dir == seeds ]] && name=seeds
  "$bin" check "$dir" --format html >"$out/$name.html" 2>/dev/null || true
  pages+=("$name")
done
# As root Chromium needs --no-sandbox; the other flags keep it off the (closed) network.
shoot() {
  local page=$1 width=$2 height=$3 scheme=$4 profile
  profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --force-dark-mode="$([[ $scheme == dark ]] && echo 1 || echo 0)" \
    --blink-settings=preferredColorScheme="$([[ $scheme == dark ]] && echo 0 || echo 1)" \
    --window-size="$width,$height" --screenshot="$out/$page-$width-$scheme.png" \
    "file://$out/$page.html" >/dev/null 2>&1 || echo "screenshot of $page failed" >&2
  rm -rf "$profile"
}
for page in "${pages[@]}"; do
  shoot "$page" 1280 1600 light
  shoot "$page" 390 1600 light
done
for page in seeds requirements-only; do shoot "$page" 1280 1600 dark; done
ls "$out"/*.png | wc -l | xargs echo "screenshots:"
