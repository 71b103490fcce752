"""Write the Colab set-up cell at the top of every lesson, from the book's _config.yml.

Colab opens one notebook with nothing beside it: no sibling lesson, no library. The first cell
of every lesson, removed from the book (tag ``remove-cell``) and doing nothing outside Colab,
sets a lesson up there, and speaks to the learner, who sees it first:

- with ``repository.url`` set, it clones the repository (the lessons and the library as a
  working copy) and changes into the learner notebooks, ``notebooks/lessons``;
- without one, it unpacks the lessons' download, ``backprop-step-by-step-lessons.zip``, which
  the learner uploads with Colab's Files panel into the folder Colab starts in (``/content``),
  and changes into its ``lessons/`` folder; with no zip there, it raises an error that tells
  the learner where to get it and what to do with it.

Either way it installs what the lessons import beyond Colab's own packages, pinned as for
Binder, and puts the folder that holds the library on ``sys.path``. Never
``pip install backprop_lib``: PyPI's ``backprop-lib`` is another project.

The URL and the pins are written into the cell, so this tool rewrites the cell whenever
_config.yml or the pins change; ``make refresh`` (tools/refresh_lessons.py) runs it before
running each lesson, tests/test_lesson_alone.py checks that every lesson starts with the cell
it writes now, and tests_binder/test_colab.py runs every learner notebook on a replay of Colab.

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
#: What the lessons need that Colab does not ship as the book runs it: the explorers' widget base
#: (Colab has an older anywidget; the explorers' stored state names the book's) and the one
#: package it pulls in that Colab lacks, pinned too. The lessons glue through backprop_lib's
#: glue, which writes myst-nb's outputs without myst-nb. numpy, matplotlib, pandas, IPython,
#: ipywidgets and traitlets are Colab's own, left as they are (replacing numpy there needs a
#: restart); tests_binder/test_colab.py checks that installing these replaces none of them.
COLAB_EXTRAS = ("anywidget", "psygnal")
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


#: The lessons' download (tools/lessons_download.py's NAME) and the one folder at its top (TOP).
ZIP = "backprop-step-by-step-lessons.zip"
TOP = "backprop-step-by-step"

HEADER = """\
# On Colab, this cell sets the lesson up: run it first. Anywhere else it does nothing.
import sys

if "google.colab" in sys.modules:
"""

PIP = """\
    # What the lessons need beyond Colab's own packages, pinned as the book runs them.
    PINS = [{pins}]
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *PINS], check=True)"""

FROM_REPOSITORY = """\
    import os
    import subprocess

    REPOSITORY, BRANCH = {url}, {branch}
    # Cloned into the folder Colab starts in: the lessons, and the library beside them.
    # (Run again, this cell starts in TOP/{lessons}.)
    START = os.getcwd().removesuffix("/{top}/{lessons}")
    TOP = os.path.join(START, "{top}")
    if not os.path.isdir(TOP):
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--branch", BRANCH, REPOSITORY, TOP],
                       check=True)
{pip}
    os.chdir(os.path.join(TOP, "{lessons}"))
    if TOP not in sys.path:
        sys.path.insert(0, TOP)"""

FROM_ZIP = """\
    import glob
    import os
    import subprocess
    import zipfile

    # The lessons' zip, uploaded into the folder Colab starts in, unpacks there to TOP: the
    # lessons and the library beside them. (Run again, this cell starts in TOP/lessons.)
    START = os.getcwd().removesuffix("/{top}/lessons")
    TOP = os.path.join(START, "{top}")
    if not os.path.isdir(TOP):
        uploads = glob.glob(os.path.join(START, "{stem}*.zip"))  # or "... (1).zip"
        if not uploads:
            raise FileNotFoundError(
                "This lesson needs its files beside it, and Colab opened it alone. To set it up:\\n"
                "1. Download the lessons' zip, {zip}, from the book's page "
                "'How to run the lessons' (every lesson page links to it).\\n"
                "2. Here in Colab, open the Files panel (the folder icon on the left) and upload "
                "the zip as it is.\\n"
                "3. Run this cell again.\\n"
                "Or run the lessons on your own computer: unzip the file, and in the folder it "
                "gives ({top}) run: python start.py")
        with zipfile.ZipFile(max(uploads, key=os.path.getmtime)) as lessons:
            lessons.extractall(START)
{pip}
    os.chdir(os.path.join(TOP, "lessons"))
    if TOP not in sys.path:
        sys.path.insert(0, TOP)"""


def cell_source(config: Path = CONFIG, requirements: Path = REQUIREMENTS) -> str:
    """The Colab set-up cell's code: from the repository _config.yml names, or, while it names
    none, from the lessons' zip."""
    url, branch = repository(config)
    quoted = json.dumps
    pip = PIP.format(pins=", ".join(quoted(pin) for pin in pins(requirements)))
    if url is None:
        return HEADER + FROM_ZIP.format(top=TOP, zip=ZIP, stem=ZIP.removesuffix(".zip"), pip=pip)
    return HEADER + FROM_REPOSITORY.format(url=quoted(url), branch=quoted(branch), top=url.rsplit("/", 1)[1],
                                           lessons="notebooks/lessons", pip=pip)


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
