"""Test-wide settings: one torch thread per xdist worker, so two workers share two cores fairly."""

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
