"""Loaded by pytest before anything runs: the kernels nbval starts see none of the user's own
matplotlib, IPython or Jupyter settings (see tools/kernel_env.py), and the tests are shared
between pytest-xdist's workers as tools/test_schedule.py says."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "tools"))

from kernel_env import pytest_configure  # noqa: E402,F401  (a pytest hook, found by name)
from test_schedule import (  # noqa: E402,F401  (likewise)
    pytest_collection_modifyitems, pytest_xdist_auto_num_workers, pytest_xdist_make_scheduler)
