#!/usr/bin/env bash
# npm run build: writes the static site to docs/.vitepress/dist (or $ACTLAB_SITE_OUT):
#   1. the wasm module, if wasm/dist lacks it;
#   2. the VitePress site (base path from ACTLAB_BASE, default "/");
#   3. the embed bundle, <out>/embed/actlab-embed.js with actlab.wasm and
#      actlab-functions.wasm beside it.
# The output is plain files and works from any static host, e.g.
#   ACTLAB_BASE=/courses/actlab/ npm run build   # for https://host/courses/actlab/
set -euo pipefail
cd "$(dirname "$0")/.."

export ACTLAB_BASE="${ACTLAB_BASE:-/}"
out="${ACTLAB_SITE_OUT:-docs/.vitepress/dist}"
out="${out%/}"
bin=node_modules/.bin

if [ ! -f wasm/dist/actlab.mjs ] || [ ! -f wasm/dist/actlab.wasm ] || [ ! -f wasm/dist/actlab-functions.wasm ]; then
  bash scripts/build-wasm.sh
fi

# One site build at a time in this checkout: VitePress always writes docs/.vitepress/.temp.
mkdir -p build
exec 9>build/site-build.lock
flock 9

# Build beside the output and swap it in at the end, so a server (or a test)
# reading the previous build never sees a half-written folder.
mkdir -p "$(dirname "$out")"
next="${out}.next"
old="${out}.old"
rm -rf "$next" "$old"
trap 'rm -rf "$next"' EXIT
echo "build-site: VitePress site, base ${ACTLAB_BASE}, into ${out}"
"$bin/vitepress" build docs --outDir "$next"

if [ -f web/index.ts ]; then
  echo "build-site: embed bundle into ${out}/embed"
  ACTLAB_EMBED_OUT="$(cd "$next" && pwd)/embed" "$bin/vite" build --config web/vite.embed.config.ts
  for f in actlab-embed.js actlab.wasm actlab-functions.wasm; do
    [ -f "$next/embed/$f" ] || { echo "build-site: embed/$f was not built" >&2; exit 1; }
  done
else
  echo "build-site: web/index.ts does not exist yet; no embed bundle built" >&2
fi

if [ -d "$out" ]; then mv "$out" "$old"; fi
mv "$next" "$out"
rm -rf "$old"
echo "build-site: done ($(du -sh "$out" | cut -f1))"
node scripts/precache-manifest.mjs "$out"
