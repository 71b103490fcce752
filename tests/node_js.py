"""An explorer's own module, as the page gets it, run in node with a driver of the test's at its end.

The module is ``explorer._esm`` (common.js, core.js, the explorer's file: base.py joins them), so
the driver calls the very functions the page calls, by their names in the module; it prints its
result as JSON on one line, which :func:`run_module` returns. No DOM: only what the page computes
before it draws (render() is never called).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def node(*args: str, timeout: int = 300) -> str:
    """What ``node *args`` prints; the test fails, saying how to install node, where there is
    none, and shows node's error where it fails."""
    executable = shutil.which("node")
    if executable is None:
        pytest.fail("node is not installed: the explorers' JavaScript is run in node. Install Node.js 20 or newer "
                    "(Debian: apt-get install nodejs; npm, which make needs for MathJax, brings it).")
    done = subprocess.run([executable, *args], capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"node failed:\n{done.stderr[-3000:]}"
    return done.stdout


def run_module(explorer, driver: str, tmp_path: Path, timeout: int = 300):
    """``driver`` (JavaScript that ends with ``console.log(JSON.stringify(...))``) run at the end of
    ``explorer``'s module (a class or an instance) in node; what it printed, read as JSON."""
    module = tmp_path / f"{type(explorer).__name__ if not isinstance(explorer, type) else explorer.__name__}.mjs"
    module.write_text(explorer._esm + "\n// ---- the test's driver\n" + driver + "\n")
    return json.loads(node(str(module), timeout=timeout))


def still_picture(explorer, **traits) -> str:
    """The HTML of ``explorer``'s own drawing of its state (with ``traits`` changed), as the build
    draws its still picture (book/_ext/first_paint.py's still_pictures: its render() in node, on
    a stand-in for the DOM)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))
    from first_paint import still_pictures

    state = {k: v for k, v in explorer.get_state().items() if not isinstance(v, (bytes, memoryview))} | traits
    return still_pictures([{"id": "still", "esm": explorer._esm, "css": explorer._css, "state": state}])["still"]["html"]
