"""Where the benchmarks find the project and its local data: they never download anything."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
PEN = DATA / "pen_digits_dev.npz"

sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
if (DATA / "mnist.npz").is_file():
    os.environ.setdefault("DIGITS_MNIST", str(DATA / "mnist.npz"))
