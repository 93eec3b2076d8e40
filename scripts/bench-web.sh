#!/usr/bin/env bash
# npm run bench:web: Lighthouse scores and bytes per page, actlab.wasm gzip size,
# a chapter's first-load size and slider-to-redraw timings, on the built site
# served locally. Builds the wasm and the site first, so the numbers are those
# of the checkout (BENCH_REUSE=1 measures the existing build as it is).
# Writes bench/web/results.json.
#   BENCH_PAGES="index.html,02-activations/index.html" npm run bench:web
#   BENCH_RUNS=3 npm run bench:web   (each page 3 times; a page's row is its median run)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${BENCH_REUSE:-0}" != 1 ] || [ ! -f docs/.vitepress/dist/index.html ] || [ ! -f docs/.vitepress/dist/embed/actlab-embed.js ]; then
  bash scripts/build-wasm.sh
  bash scripts/build-site.sh
fi
export CHROME_PATH=/usr/bin/chromium
node bench/web/run.mjs  # not exec: the trainer benchmark below runs after it
node bench/web/trainer-fps.mjs  # trainer widgets: steps/s and frames/s in Chromium (issue 5)
