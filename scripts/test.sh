#!/usr/bin/env bash
# Sets up (once) and runs the whole test suite on two workers, plus ruff.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
exec .venv/bin/python -m pytest -n 2 "$@"
