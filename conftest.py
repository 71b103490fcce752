"""Loaded by pytest before anything runs: the kernels nbval starts see none of the user's own
matplotlib, IPython or Jupyter settings (see tools/kernel_env.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "tools"))

from kernel_env import pytest_configure  # noqa: E402,F401  (a pytest hook, found by name)
