#!/usr/bin/env bash
# Builds the native core, the Catch2 tests and the native benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/native/build.ninja ]; then
  cmake --preset native >/dev/null
fi
cmake --build build/native
