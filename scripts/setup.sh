#!/usr/bin/env bash
# Installs what ActLab needs on a fresh Debian 12 machine: the apt packages
# (when run as root; otherwise prints the command to run) and the npm packages.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# emscripten: the wasm build; catch2: the C++ tests; clang + libclang-rt: sanitizers and libFuzzer;
# chromium + fonts-noto-cjk: browser tests and screenshots with Chinese text; python3-torch: the PyTorch
# reference values the core is tested against, and running the exported PyTorch snippets.
APT_PACKAGES=(emscripten catch2 cmake ninja-build g++ clang libclang-rt-14-dev chromium fonts-noto-cjk python3 python3-torch nodejs)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# node and npm may come from elsewhere than Debian; only ask for them if absent.
if command -v node >/dev/null 2>&1; then
  filtered=()
  for pkg in "${missing[@]}"; do [ "$pkg" = nodejs ] || filtered+=("$pkg"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing apt packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: these Debian packages are missing. Install them, then run the command again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "setup: npm is missing. Install it: sudo apt-get install -y npm" >&2
  exit 1
fi

# npm ci when node_modules is absent or older than the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
