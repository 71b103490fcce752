"""The environment of every kernel that runs a lesson for the book: nbval's and `make refresh`'s.

Stored outputs are text that nbval compares exactly, so no setting of the user's own may
reach the kernels that make or check them: a figure dpi in their matplotlibrc changes every
stored `<Figure size ...>` line, an IPython startup file can print, MPLBACKEND can hide the
figures, a `sitecustomize.py` or `usercustomize.py` on the user's PYTHONPATH runs in every
kernel before the first cell (and may set numpy's print options, or print). `isolate()` points
matplotlib, IPython and Jupyter at configuration folders of the project's own (empty but for
caches, kept in .venv so that matplotlib's font cache is built once), drops the variables that
would override them, and drops PYTHONPATH: the kernels import the library .venv installs
(editable, this checkout), and nothing from the user's path; PYTHONNOUSERSITE keeps the user's
site-packages (and their usercustomize) out too. (It once set PYTHONPATH to this checkout
instead; every process the tests start inherited it, and binder-check's fresh environments then
imported this checkout's library rather than their own copy.) A `matplotlibrc` beside the lessons, in the kernels' working directory,
matplotlib reads before any other: `pages.style()`, which every lesson calls first, puts
matplotlib back to its own defaults (backprop_lib/pages/look.py). It is also a pytest plugin:
its `pytest_configure` isolates before nbval starts a kernel (the root conftest.py loads it).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".venv" / "kernel-config"

#: Variables that carry a user's own settings into a kernel, and are dropped.
DROPPED = ("MPLBACKEND", "MATPLOTLIBRC", "JUPYTER_CONFIG_PATH", "JUPYTER_PATH", "PYTHONSTARTUP",
           "PYTHONWARNINGS", "PYTHONSAFEPATH", "PYTHONOPTIMIZE", "PYTHONDEVMODE", "PYTHONUSERBASE")


def isolate(environ=os.environ) -> None:
    """Make ``environ`` (this process's, by default, which the kernels it starts inherit) free
    of the user's matplotlib, IPython and Jupyter configuration."""
    for var in DROPPED:
        environ.pop(var, None)
    for var, folder in (("MPLCONFIGDIR", "matplotlib"), ("IPYTHONDIR", "ipython"), ("JUPYTER_CONFIG_DIR", "jupyter")):
        path = CONFIG / folder
        path.mkdir(parents=True, exist_ok=True)
        environ[var] = str(path)
    environ["PYTHONHASHSEED"] = "0"  # set and dict orders the same in every run
    environ.pop("PYTHONPATH", None)  # no sitecustomize of the user's; the library is .venv's own
    environ["PYTHONNOUSERSITE"] = "1"  # no user site-packages, so no usercustomize


def pytest_configure(config) -> None:
    isolate()
