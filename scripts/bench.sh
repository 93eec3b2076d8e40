#!/usr/bin/env bash
# npm run bench: installs what is missing, builds the wasm module and the native
# benchmark, then times ActLab's trainer against its peers (bench/run.mjs).
# Extra arguments go to bench/run.mjs (e.g. npm run bench -- --quick).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-wasm.sh
bash scripts/build-native.sh
node bench/run.mjs "$@"
