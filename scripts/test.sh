#!/usr/bin/env bash
# npm test: installs what is missing, builds everything, runs every suite and
# ends with "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-wasm.sh
bash scripts/build-native.sh
# The Catch2 suite again under AddressSanitizer and UndefinedBehaviorSanitizer (clang).
[ -f build/sanitize/build.ninja ] || cmake --preset sanitize >/dev/null
cmake --build build/sanitize
# libFuzzer targets (clang, ASan + UBSan), each run for FUZZ_SECONDS (default 60) by scripts/fuzz.mjs.
[ -f build/fuzz/build.ninja ] || cmake --preset fuzz >/dev/null
cmake --build build/fuzz
suites=(format core sanitize js fuzz)
[ -d tests/docs ] && suites+=(docs)
if [ -f docs/.vitepress/config.mts ]; then
  bash scripts/build-site.sh
  suites+=(browser)
fi
node scripts/run-suites.mjs "${suites[@]}"
