#!/usr/bin/env bash
# Creates .venv (if missing) and installs Quizzer with its test tools into it.
# Torch is installed first, CPU build where available: the simulator never needs a GPU.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
TORCH_SPEC=${TORCH_SPEC:-torch==2.13.0}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
if ! .venv/bin/python -c "import torch" >/dev/null 2>&1; then
  .venv/bin/pip install --quiet "$TORCH_SPEC" 2>&1 | grep -v "is ignored" || true
fi
.venv/bin/pip install --quiet -e ".[dev]" 2>&1 | grep -v "is ignored" || true
.venv/bin/python -c "import quizzer, sim, torch, textual" 
