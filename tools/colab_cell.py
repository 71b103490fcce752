"""Write the Colab set-up cell at the top of every lesson, from the book's _config.yml.

Colab opens one notebook with nothing beside it: no sibling lesson, no library. The first cell
of every lesson, removed from the book (tag ``remove-cell``) and doing nothing outside Colab,
sets a lesson up there: it clones the repository named by ``repository.url`` (the lessons and
the library as a working copy), installs what the lessons import beyond Colab's own packages,
pinned as for Binder, changes into the lessons folder and puts the repository on ``sys.path``.
Never ``pip install backprop_lib``: PyPI's ``backprop-lib`` is another project.
Without a URL in _config.yml, the cell raises on Colab an error that says how to set it.

The URL is written into the cell, so this tool rewrites the cell whenever _config.yml or the
pins change; ``make refresh`` (tools/refresh_lessons.py) runs it before running each lesson,
and tests/test_lesson_alone.py checks that every lesson starts with the cell it writes now.

    python tools/colab_cell.py                        # every lesson
    python tools/colab_cell.py lessons/03_*.ipynb     # some lessons
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "_config.yml"
REQUIREMENTS = ROOT / "requirements.txt"
CELL_ID = "colab-setup"
TAGS = ["remove-cell"]
#: What the lessons import that Colab does not ship: the explorers' widget base, and myst-nb's
#: glue (which two chapters import by name). numpy, matplotlib, pandas, IPython, ipywidgets and
#: traitlets are Colab's own, left as they are (replacing numpy there needs a restart).
COLAB_EXTRAS = ("anywidget", "myst-nb")
#: Jupyter Book's own repository, the default it puts in place of an unset ``repository.url``.
JUPYTER_BOOK_DEFAULT = "https://github.com/executablebooks/jupyter-book"
GITHUB = re.compile(r"https://github\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+")


def repository(config: Path = CONFIG) -> tuple[str | None, str]:
    """The book's repository URL (``None`` when _config.yml sets none) and branch, as the
    launch buttons use them: Jupyter Book's default branch, ``master``, when none is set."""
    settings = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("repository") or {}
    url = str(settings.get("url") or "").strip().rstrip("/").removesuffix(".git") or None
    branch = str(settings.get("branch") or "master").strip()
    if url is not None and url.lower() == JUPYTER_BOOK_DEFAULT:
        url = None
    if url is not None and not GITHUB.fullmatch(url):
        raise ValueError(f"{config.name}: repository.url: expected https://github.com/OWNER/REPO, got {url!r}")
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", branch):
        raise ValueError(f"{config.name}: repository.branch: expected a branch name, got {branch!r}")
    return url, branch


def pins(requirements: Path = REQUIREMENTS, names=COLAB_EXTRAS) -> list[str]:
    """``name==version`` for each of ``names``, as requirements.txt pins it (or a file it
    includes with ``-r``: binder/requirements.txt, the lessons' run-time pins)."""
    def canonical(name):
        return re.sub(r"[-_.]+", "-", name).lower()

    pinned, files = {}, [requirements]
    while files:
        path = files.pop()
        for line in path.read_text(encoding="utf-8").splitlines():
            if include := re.fullmatch(r"\s*(?:-r|--requirement)\s*=?\s*(\S+)\s*", line):
                files.append(path.parent / include[1])  # binder/requirements.txt, the runtime's pins
            elif match := re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;#]+).*", line):
                pinned.setdefault(canonical(match[1]), match[2])
    missing = [name for name in names if canonical(name) not in pinned]
    if missing:
        raise ValueError(f"{requirements.name}: expected an exact pin (name==version) for {missing}")
    return [f"{name}=={pinned[canonical(name)]}" for name in names]


HEADER = """\
# On Colab, this cell sets the lesson up (run it first); anywhere else it does nothing.
# Written by tools/colab_cell.py from the book's _config.yml: change that, then `make refresh`.
import sys

if "google.colab" in sys.modules:
"""

SET_UP = """\
    import os
    import subprocess

    REPOSITORY, BRANCH = {url}, {branch}
    CLONE = {clone}  # the lessons, and the library beside them
    # What the lessons import beyond Colab's own packages, pinned as the book runs them. The
    # library comes from the clone, never from PyPI (whose backprop-lib is another project).
    PINS = [{pins}]
    if not os.path.isdir(CLONE):
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--branch", BRANCH, REPOSITORY, CLONE],
                       check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *PINS], check=True)
    os.chdir(os.path.join(CLONE, "lessons"))
    if CLONE not in sys.path:
        sys.path.insert(0, CLONE)"""

NO_URL = """\
    raise RuntimeError(
        "This lesson runs on Colab from the book's repository, and the book names none. Set "
        "`url: https://github.com/OWNER/REPO` under `repository:` in the book's _config.yml, "
        "run `make refresh`, and open the lesson from the book's Colab button (see the README).")"""


def cell_source(config: Path = CONFIG, requirements: Path = REQUIREMENTS) -> str:
    """The Colab set-up cell's code, for the repository _config.yml names."""
    url, branch = repository(config)
    if url is None:
        return HEADER + NO_URL
    quoted = json.dumps
    return HEADER + SET_UP.format(url=quoted(url), branch=quoted(branch),
                                  clone=quoted("/content/" + url.rsplit("/", 1)[1]),
                                  pins=", ".join(quoted(pin) for pin in pins(requirements)))


def put_cell(nb, source: str | None = None) -> bool:
    """Make the Colab set-up cell the first cell of the notebook ``nb`` (in place): insert it,
    or bring the one already there up to date. Returns whether ``nb`` changed. A cell that is
    already up to date keeps its stored run, so running this twice changes nothing."""
    source = cell_source() if source is None else source
    first = nb.cells[0] if nb.cells else None
    if first is not None and first.get("id") == CELL_ID:
        if (first.cell_type, first.source, first.metadata.get("tags")) == ("code", source, TAGS):
            return False
        nb.cells[0] = nbformat.v4.new_code_cell(source, id=CELL_ID, metadata={"tags": list(TAGS)})
        return True
    if any(cell.get("id") == CELL_ID for cell in nb.cells):
        raise ValueError(f"a cell with id {CELL_ID!r} is not the notebook's first cell: remove it")
    nb.cells.insert(0, nbformat.v4.new_code_cell(source, id=CELL_ID, metadata={"tags": list(TAGS)}))
    return True


def main(paths) -> None:
    source = cell_source()
    for path in sorted(paths):
        nb = nbformat.read(path, as_version=4)
        if put_cell(nb, source):
            nbformat.write(nb, path)
            print(f"wrote the Colab cell of {path}", flush=True)


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or sorted((ROOT / "lessons").glob("*.ipynb")))
