"""The set-up explains itself and never leaves a half-made .venv behind: the Makefile, run for
real in a temporary copy (the Makefile and the files its set-up names, nothing else).

- An old Python (a stand-in on PATH that is this Python reporting itself as 3.10.13, so that it
  would really make a .venv if asked to) is refused at once, with a message that names the
  Python found and the one needed, and nothing is made.
- A set-up whose install fails (pip with no index to install from) removes its .venv, says so,
  and leaves nothing else behind, so the next make starts again from scratch; a .venv left
  without the stamp (a set-up interrupted) is not trusted but made afresh.
- `make clean` removes .venv too; `make serve` serves the built book on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from importlib.metadata import metadata
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
# What the set-up's recipe names: the Makefile and the stamp's prerequisites.
SETUP_FILES = ["Makefile", "requirements.txt", "binder/requirements.txt", "pyproject.toml"]

OLD_PYTHON = f"""#!{sys.executable}
# A stand-in for Python 3.10.13: this Python, which says it is 3.10.13 and logs each call.
import os, runpy, sys
with open(os.environ["FAKE_PYTHON_LOG"], "a") as log:
    log.write(" ".join(sys.argv[1:]) + "\\n")
sys.version_info = (3, 10, 13, "final", 0)
sys.version = "3.10.13 (stand-in)"
args = sys.argv[1:]
if args[:1] in (["-V"], ["--version"]):
    print("Python 3.10.13")
elif args[:1] == ["-c"]:
    sys.argv = ["-c"] + args[2:]
    exec(compile(args[1], "<string>", "exec"), {{"__name__": "__main__"}})
elif args[:1] == ["-m"]:
    sys.argv = [args[1]] + args[2:]
    runpy.run_module(args[1], run_name="__main__", alter_sys=True)
else:
    sys.exit("stand-in Python: unexpected arguments " + repr(args))
"""


def copy_of_the_setup(tmp_path: Path) -> Path:
    work = tmp_path / "repo"
    for name in SETUP_FILES:
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, work / name)
    return work


def make(work: Path, *args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=work, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@pytest.fixture
def old_python(tmp_path):
    """A folder for PATH whose `python3` says it is Python 3.10.13, and the log of its calls."""
    bin_dir, log = tmp_path / "bin", tmp_path / "old-python.log"
    bin_dir.mkdir()
    fake = bin_dir / "python3"
    fake.write_text(OLD_PYTHON)
    fake.chmod(0o755)
    log.write_text("")
    check = subprocess.run([str(fake), "-c", "import sys; print(sys.version_info[:3])"], capture_output=True,
                           text=True, env={**os.environ, "FAKE_PYTHON_LOG": str(log)})
    assert check.stdout.strip() == "(3, 10, 13)"  # the stand-in works as a Python
    return bin_dir, log


@pytest.mark.parametrize("goal", ["setup", "book", "test"])
def test_an_old_python_is_refused_at_once_with_what_it_needs_and_nothing_is_made(goal, tmp_path, old_python):
    bin_dir, log = old_python
    work = copy_of_the_setup(tmp_path)
    before = files_in(work)
    result = make(work, goal, env={"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
                                   "FAKE_PYTHON_LOG": str(log)})
    assert result.returncode != 0
    assert "make: python3 is Python 3.10.13, but the book needs Python 3.11.5 or newer" in result.stderr
    assert f"Install Python 3.11.5 or newer and run make PYTHON=python3.11 {goal}" in result.stderr
    assert "Nothing was made." in result.stderr
    assert "pip" not in result.stdout and "Creating" not in result.stdout
    assert not (work / ".venv").exists()
    assert files_in(work) == before, "the refused set-up left files behind"
    calls = log.read_text().splitlines()
    assert calls and all(call.startswith("-c ") for call in calls), f"the old Python was asked for more: {calls}"


def test_a_python_that_is_not_there_is_named(tmp_path):
    work = copy_of_the_setup(tmp_path)
    result = make(work, "setup", "PYTHON=/nowhere/python3.11")
    assert result.returncode != 0
    assert "make: no Python at '/nowhere/python3.11'. The book needs Python 3.11.5 or newer" in result.stderr
    assert not (work / ".venv").exists()


def test_a_new_enough_python_passes_the_check(tmp_path):
    work = copy_of_the_setup(tmp_path)
    result = make(work, "check-python", f"PYTHON={sys.executable}")
    found = ".".join(map(str, sys.version_info[:3]))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Python: {sys.executable} is Python {found} (the book needs 3.11.5 or newer)."


def test_the_python_the_makefile_asks_for_is_the_oldest_every_pin_installs_on():
    """PYTHON_MIN is the highest Requires-Python of the pinned packages (read from the installed
    ones' metadata); its series is the one pyproject.toml and Binder's runtime.txt name."""
    makefile = (ROOT / "Makefile").read_text()
    minimum = re.search(r"^PYTHON_MIN := (\S+)$", makefile, re.M).group(1)
    series = re.search(r"^PYTHON_SERIES := (\S+)$", makefile, re.M).group(1)
    lowest = {}
    for requirements in ("requirements.txt", "binder/requirements.txt"):
        for name in re.findall(r"^([A-Za-z0-9_.-]+)(?:\[[^]]*\])?==", (ROOT / requirements).read_text(), re.M):
            for spec in SpecifierSet(metadata(name).get("Requires-Python") or ""):
                if spec.operator == ">=":
                    lowest[name] = Version(spec.version)
    assert lowest and max(lowest.values()) == Version(minimum), sorted(lowest.items(), key=lambda kv: kv[1])[-3:]
    assert minimum.startswith(series + ".")
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert declared == f">={series}"
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == f"python-{series}"


def test_a_failed_install_removes_the_venv_and_the_next_try_starts_afresh(tmp_path):
    """A real set-up (this Python makes .venv, with its own pip) whose install fails: pip has
    nothing to install from, so it fails at once, after .venv is made and before the stamp.
    The set-up says so, and leaves exactly the files it started from: the next make finds what
    this one found, and starts afresh as this one did (the next test starts one over a .venv
    that was left behind)."""
    work = copy_of_the_setup(tmp_path)
    before = files_in(work)
    (tmp_path / "no-wheels").mkdir()
    offline = {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(tmp_path / "no-wheels")}
    result = make(work, "setup", f"PYTHON={sys.executable}", env=offline)
    assert result.returncode != 0
    assert "Creating .venv with" in result.stdout
    assert "Installing the pinned packages" in result.stdout, "the set-up failed before its install"
    assert "make: the set-up did not finish; .venv was removed, so the next make starts it again " \
           "from scratch." in result.stderr
    assert not (work / ".venv").exists(), "the failed set-up left .venv behind"
    assert files_in(work) == before, "the failed set-up left files behind"


#: This Python, except that the .venv it makes has no pip: made in a blink, and an install into it
#: fails at once ("No module named pip"), as an install with nothing to install from does.
PIPLESS_PYTHON = f"""#!{sys.executable}
import os, sys
args = sys.argv[1:]
if args[:2] == ["-m", "venv"]:
    args[2:2] = ["--without-pip"]
os.execv(sys.executable, [sys.executable, *args])
"""


def test_a_venv_left_by_a_set_up_that_never_finished_is_not_trusted(tmp_path):
    """A .venv without the stamp (a set-up interrupted before its end) is made again from
    scratch: removed, made afresh, and (its install failing here too) removed again."""
    work = copy_of_the_setup(tmp_path)
    python = tmp_path / "python3"
    python.write_text(PIPLESS_PYTHON)
    python.chmod(0o755)
    (work / ".venv" / "bin").mkdir(parents=True)
    (work / ".venv" / "left-over").write_text("from an interrupted set-up")
    result = make(work, "setup", f"PYTHON={python}")
    assert result.returncode != 0
    assert f"Creating .venv with {python}" in result.stdout, f"the left-over .venv was trusted:\n{result.stdout}"
    assert "No module named pip" in result.stdout + result.stderr, "the install did not fail as this test means it to"
    assert not (work / ".venv").exists(), "the failed set-up left .venv behind"


def test_clean_removes_the_venv_too(tmp_path):
    work = copy_of_the_setup(tmp_path)
    for folder in (".venv/bin", "_build/html", "_vendor/mathjax", "node_modules/mathjax", "backprop_lib.egg-info"):
        (work / folder).mkdir(parents=True)
    (work / ".venv" / ".installed").write_text("")
    result = make(work, "clean")
    assert result.returncode == 0, result.stderr
    assert files_in(work) == files_in(copy_of_the_setup(tmp_path / "pristine"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_serves_the_built_book_on_127_0_0_1_at_the_port_asked_for(tmp_path):
    work = copy_of_the_setup(tmp_path)
    (work / "_build" / "html").mkdir(parents=True)
    (work / "_build" / "html" / "index.html").write_text("<title>the built book</title>")
    port = _free_port()
    server = subprocess.Popen(["make", "--no-print-directory", "serve", f"PORT={port}", f"PYTHON={sys.executable}"],
                              cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        body = None
        for _ in range(300):  # until the server answers, a minute at most
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=5) as response:
                    body = response.read().decode()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                time.sleep(0.2)
        assert body == "<title>the built book</title>"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    assert f"Serving the book at http://127.0.0.1:{port}/ (this machine only; Ctrl-C stops it)" in output
    assert f"Serving HTTP on 127.0.0.1 port {port}" in output  # http.server bound to 127.0.0.1 alone
