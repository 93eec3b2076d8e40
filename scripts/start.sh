#!/usr/bin/env bash
# npm start: installs what is missing, builds the wasm module and the site, and
# serves the built site on 127.0.0.1 with the same headers a production host
# should send (strict CSP, CORS for the embed bundle, gzip).
#   PORT=8080 npm start                 another port (default 4173)
#   ACTLAB_BASE=/actlab/ npm start      serve under a sub-path
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build-wasm.sh
bash scripts/build-site.sh

port="${PORT:-4173}"
echo
echo "================================================================"
echo "  ActLab 激活函数实验室 is starting on http://127.0.0.1:${port}${ACTLAB_BASE:-/}"
echo "  Press Ctrl+C to stop."
echo "================================================================"
exec node docs/.vitepress/serve.mjs --port "$port" --host 127.0.0.1 --base "${ACTLAB_BASE:-/}"
