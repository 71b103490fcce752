"""Sphinx extension: the book carries its lessons.

- Every lesson page opens with a line that says how to run it: the download of all the
  lessons (learner notebooks, the library, pinned requirements and a one-command set-up, built
  by tools/lessons_download.py into the site's ``download/`` folder), and the page that
  explains the three ways to run them (at home, Binder, Colab).
- The site's copy of each lesson notebook (``_sources/lessons/*.ipynb``, what the page's
  download button gives) is its learner form from ``notebooks/lessons/``, which reads right
  in JupyterLab and Colab, rather than the book's MyST source.

Only the HTML builder is concerned: the line is raw HTML, which other builders leave out.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from docutils import nodes

ROOT = Path(__file__).resolve().parents[2]
ZIP = "download/backprop-step-by-step-lessons.zip"
HOW_TO = "book/how-to-read"
ANCHOR = "run-the-lessons"


def _is_lesson(docname: str) -> bool:
    return docname.startswith("lessons/")


def _run_line(app, doctree, docname):
    if app.builder.format != "html" or not _is_lesson(docname):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children or not isinstance(section.children[0], nodes.title):
        return
    depth = docname.count("/")
    zip_url = "../" * depth + ZIP
    how_to = app.builder.get_relative_uri(docname, HOW_TO) + f"#{ANCHOR}"
    html = (f'<p class="run-lesson">Run this chapter yourself: <a href="{zip_url}" download>download '
            f'the lessons</a> (every chapter as a notebook, with the library; one command sets them up) '
            f'or see <a href="{how_to}">how to run the lessons</a> at home, on Binder or on Colab.</p>')
    section.insert(1, nodes.raw("", html, format="html"))


def _write_downloads(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from lessons_download import build
    finally:
        sys.path.remove(str(ROOT / "tools"))
    out = Path(app.outdir)
    build(out)
    sources = out / "_sources" / "lessons"
    for learner in sorted((ROOT / "notebooks" / "lessons").glob("*.ipynb")):
        if (sources / learner.name).exists():
            shutil.copyfile(learner, sources / learner.name)


def setup(app):
    app.connect("doctree-resolved", _run_line)
    app.connect("build-finished", _write_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
