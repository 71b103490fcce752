"""What Binder installs, checked quickly in every `make test` (the slow check that builds
Binder's environment and runs the lessons in it is tests_binder/, `make binder-check`).

binder/requirements.txt is the runtime: the packages the lessons and the library import, and
all they pull in, pinned. requirements.txt starts from it (`-r`) and adds the build and test
tools, so the two cannot pin one package at two versions.
"""

from __future__ import annotations

import ast
import json
import os
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
#: Files repo2docker would read at the root if there were no binder/ folder; with one, it
#: reads them only there, so a copy left at the root would mislead (requirements.txt is make's).
REPO2DOCKER_FILES = ("environment.yml", "Pipfile", "Pipfile.lock", "setup.py", "Project.toml", "REQUIRE",
                     "install.R", "apt.txt", "DESCRIPTION", "postBuild", "start", "runtime.txt", "default.nix",
                     "Dockerfile")
TOOLS = ("jupyter-book", "jupyterlab", "nbval", "pytest", "pytest-xdist", "hypothesis", "playwright", "zizmor")


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]


def pins(path: Path) -> dict[str, str]:
    return {norm(n): v for n, v in (line.split("==") for line in lines(path) if not line.startswith("-"))}


RUNTIME = pins(BINDER / "requirements.txt")


def test_binder_reads_its_own_folder_only():
    assert not (ROOT / ".binder").exists(), "repo2docker refuses both binder/ and .binder/"
    stray = [name for name in REPO2DOCKER_FILES if (ROOT / name).exists()]
    assert not stray, f"repo2docker ignores these at the root once binder/ exists; move them into binder/: {stray}"
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    assert os.access(BINDER / "postBuild", os.X_OK)
    commands = [l for l in (BINDER / "postBuild").read_text().splitlines() if not l.lstrip().startswith("#")]
    assert not [l for l in commands if "pip install" in l], "postBuild must not install the library"


def test_binder_requirements_are_exact_pins_and_nothing_else():
    """No `-e .`, no path, no nested file: repo2docker then installs them before it copies the
    repository, and never builds the library."""
    for line in lines(BINDER / "requirements.txt"):
        assert re.fullmatch(r"[A-Za-z0-9][\w.-]*==[\w.]+", line), f"binder/requirements.txt: not an exact pin: {line}"


def test_requirements_txt_is_binders_runtime_plus_the_tools():
    reqs = lines(ROOT / "requirements.txt")
    assert reqs[0] == "-r binder/requirements.txt"
    tools = pins(ROOT / "requirements.txt")
    assert not set(tools) & set(RUNTIME), f"pinned in both files: {sorted(set(tools) & set(RUNTIME))}"
    assert all(norm(t) in tools for t in TOOLS)
    assert not [t for t in TOOLS if norm(t) in RUNTIME], "a build or test tool is in Binder's runtime"


def test_the_runtime_is_closed_and_installed_at_its_pins():
    """Every dependency of every runtime package is itself pinned in binder/requirements.txt (so
    Binder resolves nothing on its own), and .venv has each at that version."""
    env = {"extra": ""}
    missing = {}
    for name, version in RUNTIME.items():
        assert metadata.version(name) == version, f"{name}: pinned {version}, .venv has {metadata.version(name)}"
        for spec in metadata.requires(name) or []:
            req = Requirement(spec)
            if (req.marker is None or req.marker.evaluate(env)) and norm(req.name) not in RUNTIME:
                missing.setdefault(name, []).append(req.name)
    assert not missing, f"dependencies not pinned in binder/requirements.txt: {missing}"


def imported_modules() -> set[str]:
    """Top-level modules imported by the library's code and by the lessons' code cells."""
    sources = [p.read_text() for p in (ROOT / "backprop_lib").rglob("*.py")]
    for lesson in (ROOT / "lessons").glob("*.ipynb"):
        for cell in json.loads(lesson.read_text())["cells"]:
            if cell["cell_type"] == "code":
                sources.append("\n".join(l for l in "".join(cell["source"]).splitlines() if not l.startswith(("%", "!"))))
    found = set()
    for tree in map(ast.parse, sources):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


def test_every_module_the_lessons_and_library_import_comes_from_the_runtime():
    dists = metadata.packages_distributions()
    stdlib = sys.stdlib_module_names | {"__future__", "backprop_lib"}
    outside = {m: dists.get(m) for m in imported_modules() - stdlib
               if not any(norm(d) in RUNTIME for d in dists.get(m, []))}
    assert not outside, f"imported, but from no package in binder/requirements.txt: {outside}"
    declared = [Requirement(d).name for d in metadata.requires("backprop_lib") or []]  # pyproject's
    assert declared and all(norm(d) in RUNTIME for d in declared), declared
