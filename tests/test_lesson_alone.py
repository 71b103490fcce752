"""A lesson away from the book: on Colab, without myst-nb, in a folder of its own.

- Every lesson starts with the Colab set-up cell that tools/colab_cell.py writes from
  _config.yml now; the cell does nothing outside Colab and, on a Colab simulated here, clones
  the repository (or, while the book names none, unpacks the lessons' zip the learner
  uploaded, and tells the learner what to do when there is none), installs the pinned extras
  and puts the library on the path. tests_binder/test_colab.py runs every learner notebook on
  a replay of Colab's own stack.
- The glue helpers write, without myst-nb, the very outputs myst-nb's glue writes.
- A lesson that reads its siblings, refreshed alone in a folder of its own with myst-nb
  unimportable, stores exactly its committed bytes.
- pyproject.toml declares every package the library imports.
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import runpy
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
sys.path.insert(0, str(ROOT / "tools"))
import colab_cell  # noqa: E402

from backprop_lib.pages import glue as glue_module  # noqa: E402


@pytest.fixture
def no_myst_nb(tmp_path, monkeypatch):
    """This process's environment made one in which ``import myst_nb`` fails, as where myst-nb
    is not installed: the kernels it starts from now on cannot import it."""
    blocker = tmp_path / "no-myst-nb"
    blocker.mkdir()
    (blocker / "myst_nb.py").write_text('raise ModuleNotFoundError("No module named \'myst_nb\'", name="myst_nb")\n')
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(blocker), os.environ.get("PYTHONPATH")])))


# ---- the Colab cell -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_lesson_starts_with_the_colab_cell_the_tool_writes_now(path):
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.get("id") == colab_cell.CELL_ID, (
        f"{path.name}: the first cell is not the Colab set-up cell; run `python tools/colab_cell.py`")
    assert first.cell_type == "code" and first.metadata.get("tags") == ["remove-cell"], path.name
    assert first.source == colab_cell.cell_source(), (
        f"{path.name}: the Colab cell is not what _config.yml and the pins give now; run `make refresh`")
    assert first.outputs == [], f"{path.name}: the Colab cell printed something outside Colab"


def _config(tmp_path, url):
    config = tmp_path / "_config.yml"
    config.write_text("repository:\n" + (f"  url: {url}\n" if url else "") + "  branch: main\n")
    return config


def test_outside_colab_the_cell_does_nothing(tmp_path):
    for url in (None, "https://github.com/example-owner/backprop-step-by-step"):
        source = colab_cell.cell_source(_config(tmp_path, url))
        cwd, path, modules = os.getcwd(), list(sys.path), set(sys.modules)
        namespace = {}
        exec(source, namespace)
        assert (os.getcwd(), sys.path, set(sys.modules) - modules) == (cwd, path, set())
        assert set(namespace) - {"__builtins__"} == {"sys"}


def _on_colab(source, cwd, runs=2):
    """Run the cell ``source`` ``runs`` times in a new Python started in ``cwd``, as on a Colab
    simulated: ``google.colab`` imported, pip recorded instead of run. Returns the completed
    process; its last stdout line is JSON: cwd, sys.path[:2], pip's recorded arguments, and where
    ``a_library`` (the library of the stand-ins below) was imported from."""
    runner = textwrap.dedent(f"""
        import json, os, subprocess, sys, types
        sys.modules["google.colab"] = types.ModuleType("google.colab")
        pip, run = [], subprocess.run
        subprocess.run = lambda args, **kw: pip.append(args[3:]) if args[1:3] == ["-m", "pip"] else run(args, **kw)
        cell = {source!r}
        for _ in range({runs}):
            exec(cell, {{}})
        import a_library
        print(json.dumps(dict(cwd=os.getcwd(), path=sys.path[:2], pip=pip, library=a_library.WHERE)))
    """)
    return subprocess.run([sys.executable, "-c", runner], cwd=cwd, capture_output=True, text=True, timeout=120)


def _lessons_zip(path, marker="zip"):
    """A stand-in for the lessons' download: one top folder with a lesson and a library."""
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{colab_cell.TOP}/lessons/01_a.ipynb", "{}")
        zf.writestr(f"{colab_cell.TOP}/a_library/__init__.py", f"WHERE = __file__\nFROM = {marker!r}\n")
    return path


def test_the_cell_looks_for_the_zip_and_the_folder_the_download_tool_writes():
    import lessons_download

    assert (colab_cell.ZIP, colab_cell.TOP) == (lessons_download.NAME, lessons_download.TOP), (
        "expected the Colab cell and tools/lessons_download.py to agree on the zip's name and top folder")


def test_without_a_url_or_a_zip_the_cell_tells_the_learner_what_to_do(tmp_path):
    source = colab_cell.cell_source(_config(tmp_path, None))
    content = tmp_path / "content"
    content.mkdir()
    result = _on_colab(source, content, runs=1)
    assert result.returncode != 0, f"expected the cell to raise with no zip in {content}, got: {result.stdout}"
    assert "FileNotFoundError: This lesson needs its files beside it" in result.stderr, result.stderr[-2000:]
    said = result.stderr[result.stderr.index("FileNotFoundError:"):]
    for words in (colab_cell.ZIP, "'How to run the lessons'", "every lesson page links to it", "Files panel",
                  "the folder icon on the left", "Run this cell again", "python start.py"):
        assert words in said, f"expected the learner to be told {words!r}, got: {said}"
    for words in ("_config.yml", "make", "maintainer", "README", "repository"):
        assert words not in said, f"expected no word for maintainers ({words!r}) in what the learner reads, got: {said}"
    left = sorted(p.name for p in content.iterdir())
    assert left == [], f"expected the cell to leave {content} empty, got {left}"


def test_without_a_url_the_cell_unpacks_the_uploaded_zip_installs_the_pins_and_puts_the_library_on_the_path(tmp_path):
    """The learner uploaded the zip into the folder Colab starts in; the cell, run twice (the
    second time from the lessons folder it moved into), unpacks once and sets the path once."""
    source = colab_cell.cell_source(_config(tmp_path, None))
    content = tmp_path / "content"
    content.mkdir()
    _lessons_zip(content / colab_cell.ZIP)
    result = _on_colab(source, content)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.splitlines()[-1])
    top = content / colab_cell.TOP
    assert seen["cwd"] == str(top / "lessons") and (top / "lessons" / "01_a.ipynb").is_file()
    assert seen["path"][0] == str(top) and seen["path"][1] != str(top)
    assert seen["library"] == str(top / "a_library" / "__init__.py")
    assert seen["pip"] == [["install", "--quiet", *colab_cell.pins()]] * 2


def test_without_a_url_the_cell_unpacks_the_newest_of_two_downloads(tmp_path):
    """A second download of the zip is saved as "... (1).zip"; the newer upload is the one unpacked."""
    source = colab_cell.cell_source(_config(tmp_path, None))
    content = tmp_path / "content"
    content.mkdir()
    older = _lessons_zip(content / colab_cell.ZIP, marker="older")
    newer = _lessons_zip(content / colab_cell.ZIP.replace(".zip", " (1).zip"), marker="newer")
    os.utime(older, (1_000_000_000, 1_000_000_000))
    os.utime(newer, (1_000_000_100, 1_000_000_100))
    result = _on_colab(source, content, runs=1)
    assert result.returncode == 0, result.stderr[-3000:]
    library = (content / colab_cell.TOP / "a_library" / "__init__.py").read_text()
    assert "FROM = 'newer'" in library, f"expected the newer upload unpacked, got: {library}"


def test_the_cell_bakes_in_the_url_the_branch_and_the_pins_never_the_pypi_name(tmp_path):
    source = colab_cell.cell_source(_config(tmp_path, "https://github.com/example-owner/backprop-step-by-step/"))
    assert '"https://github.com/example-owner/backprop-step-by-step", "main"' in source
    assert 'TOP = os.path.join(START, "backprop-step-by-step")' in source  # the clone, where Colab starts
    pins = colab_cell.pins()
    assert [pin.split("==")[0] for pin in pins] == ["anywidget", "psygnal"] and all("==" in pin for pin in pins)
    assert "PINS = [" + ", ".join(json.dumps(pin) for pin in pins) + "]" in source
    assert "backprop_lib" not in source and not any(pin.startswith("backprop") for pin in pins)


@pytest.mark.parametrize("url", ["https://gitlab.com/owner/repo", "git@github.com:owner/repo.git", "https://github.com/owner"])
def test_a_url_that_is_no_github_repository_is_refused(tmp_path, url):
    with pytest.raises(ValueError, match=r"repository\.url: expected https://github.com/OWNER/REPO"):
        colab_cell.cell_source(_config(tmp_path, url))


def test_jupyter_book_s_default_url_counts_as_no_url(tmp_path):
    assert colab_cell.repository(_config(tmp_path, "https://github.com/executablebooks/jupyter-book")) == (None, "main")


def test_on_colab_the_cell_clones_the_repository_installs_the_pins_and_puts_the_library_on_the_path(tmp_path):
    """A Colab simulated: ``google.colab`` imported, the repository a local git repository with a
    learner notebook and a library in it, pip recorded instead of run."""
    origin = tmp_path / "origin"
    (origin / "notebooks" / "lessons").mkdir(parents=True)
    (origin / "notebooks" / "lessons" / "01_a.ipynb").write_text("{}")
    (origin / "a_library").mkdir()
    (origin / "a_library" / "__init__.py").write_text("WHERE = __file__\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"]
    for args in (["init", "--quiet"], ["add", "."], ["commit", "--quiet", "-m", "a lesson"]):
        subprocess.run(git + args, cwd=origin, check=True, capture_output=True)
    content = tmp_path / "content"
    content.mkdir()
    source = colab_cell.cell_source(_config(tmp_path, "https://github.com/example-owner/backprop-step-by-step"))
    source = source.replace('"https://github.com/example-owner/backprop-step-by-step"', json.dumps(origin.as_uri()))
    result = _on_colab(source, content)  # run twice: no second clone, the path once
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.splitlines()[-1])
    clone = content / "backprop-step-by-step"
    assert seen["cwd"] == str(clone / "notebooks" / "lessons")
    assert (clone / "notebooks" / "lessons" / "01_a.ipynb").is_file()
    assert seen["path"][0] == str(clone) and seen["path"][1] != str(clone)
    assert seen["library"] == str(clone / "a_library" / "__init__.py")
    assert seen["pip"] == [["install", "--quiet", *colab_cell.pins()]] * 2


def test_the_tool_inserts_the_cell_once_and_keeps_cell_ids(tmp_path):
    copy = tmp_path / LESSONS[0].name
    nb = nbformat.read(LESSONS[0], as_version=4)
    if nb.cells[0].get("id") == colab_cell.CELL_ID:
        del nb.cells[0]
    ids = [cell.id for cell in nb.cells]
    nbformat.write(nb, copy)
    for run in (1, 2):
        colab_cell.main([copy])
        again = nbformat.read(copy, as_version=4)
        assert [cell.id for cell in again.cells] == [colab_cell.CELL_ID, *ids], f"run {run}"
        nbformat.validate(again)
    before = copy.read_bytes()
    colab_cell.main([copy])
    assert copy.read_bytes() == before


# ---- without myst-nb ----------------------------------------------------------------------------------------

GLUING = """\
import pandas as pd
from backprop_lib import pages
from backprop_lib.pages.glue import glue
pages.glue_numbers(a=0.1 + 0.2, b=-0.0)
pages.glue_power("p", 1.93e-10)
glue("table", pd.DataFrame({"x": [1.5]}), display=False)
glue("shown", 2.5)
"""


def _run_cells(cells, cwd):
    """Run ``cells`` in a fresh kernel started in ``cwd`` (a process of its own, with this
    process's environment); return each cell's outputs, as the notebook stores them."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return json.loads(json.dumps([cell.outputs for cell in nb.cells]))


def test_without_myst_nb_the_glue_helpers_write_what_myst_nb_writes(tmp_path):
    """One kernel glues the same values twice: with myst-nb, then with ``import myst_nb``
    failing (``sys.modules["myst_nb"] = None``); the outputs are the same."""
    block = "import sys\nsys.modules['myst_nb'] = None\ntry:\n    import myst_nb\nexcept ImportError as e:\n    print(type(e).__name__)"
    outputs = _run_cells(["import myst_nb", GLUING, block, GLUING], tmp_path)
    assert outputs[2] == [{"output_type": "stream", "name": "stdout", "text": "ModuleNotFoundError\n"}]
    assert outputs[3] == outputs[1]
    assert [out["metadata"]["scrapbook"]["name"] for out in outputs[3]] == ["a", "b", "p", "table", "shown"]


def test_a_lesson_alone_in_a_folder_without_myst_nb_stores_its_committed_bytes(tmp_path, monkeypatch, no_myst_nb):
    """The errata appendix reads every chapter's stored values: alone in a folder, it finds them
    beside the library, in the repository's lessons/ folder. `make refresh`'s script runs as
    make runs it (as ``__main__``) but in this process, moved into that folder: that saves a
    second Python's start and imports, and the kernel it starts is a process of its own all
    the same."""
    lesson = ROOT / "lessons" / "A2_errata.ipynb"
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(lesson, alone / lesson.name)
    refresh = ROOT / "tools" / "refresh_lessons.py"
    monkeypatch.chdir(alone)
    monkeypatch.setattr(sys, "argv", [str(refresh), str(alone / lesson.name)])
    monkeypatch.setattr(sys, "path", list(sys.path))
    runpy.run_path(str(refresh), run_name="__main__")
    assert (alone / lesson.name).read_bytes() == lesson.read_bytes()


# ---- finding sibling lessons ------------------------------------------------------------------------------

def test_a_sibling_is_found_beside_the_running_notebook_first(tmp_path, monkeypatch):
    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    for folder in (here, elsewhere):
        folder.mkdir()
        (folder / "05_b.ipynb").write_text(json.dumps({"cells": []}))
    (here / "06_a.ipynb").write_text("{}")
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("JPY_SESSION_NAME", str(here / "06_a.ipynb"))
    assert glue_module.find_lesson("05_b.ipynb") == here / "05_b.ipynb"
    monkeypatch.delenv("JPY_SESSION_NAME")
    assert glue_module.find_lesson("05_b.ipynb") == elsewhere / "05_b.ipynb"
    # Neither beside a notebook nor here: the repository that holds the library.
    monkeypatch.chdir(tmp_path)
    assert glue_module.find_lesson("A2_errata.ipynb") == ROOT / "lessons" / "A2_errata.ipynb"


def test_a_missing_sibling_names_every_folder_looked_in(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    with pytest.raises(ValueError, match=r"^notebook: expected the path of a stored \.ipynb, got 'no_such\.ipynb'") as err:
        glue_module.glued_values("no_such.ipynb")
    assert str(tmp_path) in str(err.value) and str(ROOT / "lessons") in str(err.value)


# ---- what the library imports -------------------------------------------------------------------------------

def _imports(tree):
    """Top-level names of the modules a module imports, each with whether every import of it is
    guarded by ``try: ... except ImportError``."""
    guarded_nodes = {id(node) for handler in ast.walk(tree) if isinstance(handler, ast.Try)
                     if any(isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
                            for h in handler.handlers)
                     for stmt in handler.body for node in ast.walk(stmt)}
    found = {}
    for node in ast.walk(tree):
        names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                 else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
        for name in names:
            top = name.split(".")[0]
            found[top] = found.get(top, True) and id(node) in guarded_nodes
    return found


def test_pyproject_declares_every_package_the_library_imports():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

    def canonical(requirement):
        name = requirement.split(";")[0]
        for sep in "<>=!~[ ":
            name = name.split(sep)[0]
        return name.replace("_", "-").replace(".", "-").lower()

    required = {canonical(r) for r in project["dependencies"]}
    optional = {canonical(r) for extra in project.get("optional-dependencies", {}).values() for r in extra}
    distributions = importlib.metadata.packages_distributions()
    imports = {}
    for path in sorted((ROOT / "backprop_lib").rglob("*.py")):
        for name, guarded in _imports(ast.parse(path.read_text(encoding="utf-8"))).items():
            if name in sys.stdlib_module_names or name in ("backprop_lib", "__future__"):
                continue
            imports[name] = imports.get(name, True) and guarded
    undeclared, unguarded = [], []
    for name, guarded in sorted(imports.items()):
        dists = {canonical(d) for d in distributions.get(name, [name])}
        if dists & required:
            continue
        if dists & optional:
            if not guarded:
                unguarded.append(name)
            continue
        undeclared.append(name)
    assert not undeclared, f"backprop_lib imports {undeclared}, which pyproject.toml's dependencies do not declare"
    assert not unguarded, f"backprop_lib imports the optional {unguarded} without falling back when it is missing"
