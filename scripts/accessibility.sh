#!/usr/bin/env bash
# Runs axe-core (from the npm registry) on the `check --format html` page of the repository's
# seeds and of each test fixture, in headless Chromium, light and dark, for the WCAG 2 A and
# AA rules (contrast, headings, names, keyboard). Prints each page's violations; exits 1 when
# there is one. Needs scripts/screenshots.sh's Chromium (installed here when missing) and npm.
#
#   scripts/accessibility.sh [WORKDIR]     (default: target/accessibility)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-target/accessibility}
mkdir -p "$work"
work=$(realpath "$work")
command -v chromium >/dev/null || apt-get install -y -qq chromium >/dev/null
[[ -f $work/node_modules/axe-core/axe.min.js ]] || npm install --prefix "$work" --silent axe-core@4 >/dev/null
cargo build --release --quiet
failed=0
for dir in seeds tests/cases/*/seeds; do
  [[ -f $dir/INDEX.md ]] || continue
  name=$(basename "$(dirname "$dir")"); [[ $dir == seeds ]] && name=seeds
  page=$work/$name.html
  target/release/intake-lint check "$dir" --format html >"$page" 2>/dev/null || true
  python3 - "$page" "$work/node_modules/axe-core/axe.min.js" <<'PY'
import sys
page, axe = sys.argv[1], open(sys.argv[2]).read()
runner = ("<script>" + axe + "</script><script>axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})"
          ".then(function (r) { var pre = document.createElement('pre'); pre.id = 'axe-result';"
          " pre.textContent = JSON.stringify(r.violations.map(function (v) {"
          " return v.id + ' (' + v.impact + ', ' + v.nodes.length + '): ' + v.help; }));"
          " document.body.appendChild(pre); });</script></body>")
text = open(page).read().replace("</body>", runner)
open(page.replace(".html", ".axe.html"), "w").write(text)
PY
  for scheme in light dark; do
    profile=$(mktemp -d)
    result=$(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$profile" --virtual-time-budget=10000 \
      --blink-settings=preferredColorScheme="$([[ $scheme == dark ]] && echo 0 || echo 1)" \
      --dump-dom "file://${page%.html}.axe.html" 2>/dev/null \
      | sed -n 's/.*<pre id="axe-result">\([^<]*\)<.*/\1/p')
    rm -rf "$profile"
    if [[ $result == "[]" ]]; then
      echo "$name ($scheme): no violations"
    else
      echo "$name ($scheme): ${result:-axe did not run}"; failed=1
    fi
  done
done
exit $failed
