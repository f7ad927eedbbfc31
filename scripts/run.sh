#!/usr/bin/env bash
# Sets up (once) and starts the app on the shipped bank. Extra arguments go to `quizzer`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/quizzer "$@"
