#!/usr/bin/env bash
# Builds wasm/dist/actlab.mjs + actlab.wasm (everything) and actlab-functions.mjs +
# actlab-functions.wasm (activations, losses and descent surfaces; no trainer) with Debian's Emscripten.
set -euo pipefail
cd "$(dirname "$0")/.."
# Emscripten 3.1.6's optimizer needs acorn, which Debian installs here.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
if [ ! -f build/wasm/build.ninja ]; then
  emcmake cmake --preset wasm >/dev/null
fi
cmake --build build/wasm
cp web/actlab-module.d.ts wasm/dist/actlab.d.mts
cp wasm/actlab-functions.d.mts wasm/dist/actlab-functions.d.mts
