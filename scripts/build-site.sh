#!/usr/bin/env bash
# npm run build: writes the static site to docs/.vitepress/dist (or $ACTLAB_SITE_OUT):
#   1. the wasm module, if wasm/dist lacks it;
#   2. the VitePress site (base path from ACTLAB_BASE, default "/");
#   3. the embed bundle, <out>/embed/actlab-embed.js with actlab.wasm beside it.
# The output is plain files and works from any static host, e.g.
#   ACTLAB_BASE=/courses/actlab/ npm run build   # for https://host/courses/actlab/
set -euo pipefail
cd "$(dirname "$0")/.."

export ACTLAB_BASE="${ACTLAB_BASE:-/}"
out="${ACTLAB_SITE_OUT:-docs/.vitepress/dist}"
bin=node_modules/.bin

if [ ! -f wasm/dist/actlab.mjs ] || [ ! -f wasm/dist/actlab.wasm ]; then
  bash scripts/build-wasm.sh
fi

echo "build-site: VitePress site, base ${ACTLAB_BASE}, into ${out}"
"$bin/vitepress" build docs --outDir "$out"

if [ -f web/index.ts ]; then
  echo "build-site: embed bundle into ${out}/embed"
  ACTLAB_EMBED_OUT="$(cd "$out" && pwd)/embed" "$bin/vite" build --config web/vite.embed.config.ts
  for f in actlab-embed.js actlab.wasm; do
    [ -f "$out/embed/$f" ] || { echo "build-site: $out/embed/$f is missing" >&2; exit 1; }
  done
else
  echo "build-site: web/index.ts does not exist yet; no embed bundle built" >&2
fi
echo "build-site: done ($(du -sh "$out" | cut -f1))"
