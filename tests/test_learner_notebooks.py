"""The lessons' learner form (notebooks/lessons/, written by tools/learner_notebooks.py): what
JupyterLab, Binder and Colab open. It must be what the tool writes from the lessons now, run
exactly as the lesson does, and read like the page: no raw MyST, every glued number in its
sentence, solutions folded, checks folded."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import learner_notebooks as ln  # noqa: E402

LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
RAW_MYST = re.compile(r"\{glue|\{term\}|\{cite|\{doc\}|\{ref\}|\{numref\}|\{prf:|\{eval\}|:::\{|```\{|^\([\w-]+\)=\s*$",
                      re.M)
GLUE_ROLE = re.compile(r"\{glue(:\w+)?\}`[^`]*`")


@pytest.fixture(scope="module")
def book():
    return ln.load_book()


@pytest.fixture(scope="module")
def learners(book):
    """Each lesson's learner form as the tool writes it now, and the glued values its prose shows."""
    return {path.stem: ln.learner_notebook(path, book) for path in LESSONS}


@pytest.fixture(scope="module")
def lessons():
    """Each lesson as nbformat reads it, read once for the tests below (which only read it)."""
    return {path.stem: nbformat.read(path, as_version=4) for path in LESSONS}


def test_every_lesson_has_its_learner_notebook_and_no_other():
    assert sorted(p.name for p in ln.OUT.glob("*.ipynb")) == [p.name for p in LESSONS]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_the_committed_learner_notebook_is_what_the_tool_writes_now(path, learners):
    written = ln.written(learners[path.stem][0])
    stored = (ln.OUT / path.name).read_text(encoding="utf-8")
    assert stored == written, (f"notebooks/lessons/{path.name} is stale or was edited by hand: "
                               "run `make refresh` (or python tools/learner_notebooks.py)")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_the_learner_notebook_runs_the_lessons_code_and_stores_its_outputs(path, learners, lessons):
    lesson = lessons[path.stem]
    learner = learners[path.stem][0]
    code = [c for c in lesson.cells if c.cell_type == "code"]
    learner_code = [c for c in learner.cells if c.cell_type == "code"]
    assert len(code) == len(learner_code)
    for mine, theirs in zip(learner_code, code):
        source = mine.source
        if mine.metadata.get("cellView") == "form":
            title, _, source = source.partition("\n")
            assert title.startswith("# @title "), title
        assert source == theirs.source
        assert mine.outputs == theirs.outputs and mine.execution_count == theirs.execution_count
    assert learner.metadata == lesson.metadata  # the kernel, and the explorers' stored state


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_the_cells_the_book_hides_are_folded_and_the_rest_are_not(path, learners, lessons):
    lesson = lessons[path.stem]
    learner = learners[path.stem][0]
    pairs = [(a, b) for a, b in zip(lesson.cells, [c for c in learner.cells if c.get("id") != "sources-cited"])]
    assert len(pairs) == len(lesson.cells)
    for theirs, mine in pairs:
        if theirs.cell_type != "code":
            continue
        tags = set(theirs.metadata.get("tags", []))
        folds = mine.metadata.get("jupyter", {})
        if tags & {"remove-cell", "remove-input", "hide-input"}:
            assert folds.get("source_hidden") is True and mine.metadata.get("cellView") == "form"
            # the Colab set-up cell's output is for the learner to read; other removed cells' is not
            assert folds.get("outputs_hidden", False) is ("remove-cell" in tags and theirs.get("id") != "colab-setup")
        else:
            assert not folds and "cellView" not in mine.metadata, mine.source[:80]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_the_prose_shows_every_glued_number_and_no_raw_myst(path, learners, lessons):
    lesson = lessons[path.stem]
    learner, shown = learners[path.stem]
    roles = sum(len(GLUE_ROLE.findall(c.source)) for c in lesson.cells if c.cell_type == "markdown")
    directives = sum(len(re.findall(r"^\s*`{3,}\{glue:md\}", c.source, re.M))
                     for c in lesson.cells if c.cell_type == "markdown")
    assert len(shown) == roles + directives > 0
    prose = "\n".join(c.source for c in learner.cells if c.cell_type == "markdown")
    raw = [prose[max(0, m.start() - 30):m.end() + 30] for m in RAW_MYST.finditer(prose)]
    assert not raw, f"raw MyST in the learner form of {path.stem}: {raw[:5]}"
    for value in shown:
        assert value in prose


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_solutions_and_dropdowns_are_closed_folds(path, learners, lessons):
    lesson = lessons[path.stem]
    text = "\n".join(c.source for c in lesson.cells if c.cell_type == "markdown")
    solutions = len(re.findall(r"^\s*`{3,}\{solution\}", text, re.M))
    dropdowns = len(re.findall(r"^\s*:{3,}\{admonition\}.*\n(?::\w+:.*\n)*:class:.*\bdropdown\b", text, re.M))
    prose = "\n".join(c.source for c in learners[path.stem][0].cells if c.cell_type == "markdown")
    assert prose.count("<details>") == prose.count("</details>") == solutions + dropdowns
    assert "<details open" not in prose
    assert len(re.findall(r"<summary><strong>Solution to Exercise", prose)) == solutions
    # Markdown is not rendered inside HTML: a fold's title carries its emphasis as tags
    marked = [t for t in re.findall(r"<summary>(.*?)</summary>", prose) if re.search(r"[*`_]", t)]
    assert not marked, f"Markdown markers inside a fold's title in {path.stem}: {marked}"


def test_cross_references_cite_and_terms_read_as_text(book):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(
        "# T\n\nSee {doc}`chapter 3 <03_two_neurons>`, {doc}`01_single_neuron`, {ref}`ex-single-neuron-far`, "
        "{term}`weights <weight>`, {cite:t}`pumaline2024` and {cite}`lamsal`.")]
    lesson = ln.Lesson("test", nb, book)
    text = lesson.markdown(nb.cells[0].source)
    assert text.endswith("See chapter 3, chapter 1, *A single neuron*, Exercise 1.4, weights, pumaline (2024) and "
                         "(Lamsal, 2021).")


@pytest.mark.parametrize("markdown, named", [
    ("{unknownrole}`x`", "{unknownrole}"),
    ("```{unknowndirective}\nbody\n```", "{unknowndirective}"),
    ("{glue:text}`not_glued:.2f`", "not_glued"),
    ("{ref}`no-such-label`", "no-such-label"),
    ("{cite}`nobody1999`", "nobody1999"),
])
def test_myst_it_cannot_write_plainly_is_refused_by_name(book, markdown, named):
    nb = nbformat.v4.new_notebook()
    lesson = ln.Lesson("a_lesson", nb, book)
    with pytest.raises(ln.LearnerFormError, match=re.escape(named)) as caught:
        lesson.markdown(markdown)
    assert "a_lesson" in str(caught.value)


def test_the_check_mode_finds_a_stale_notebook(tmp_path, monkeypatch, book, learners):
    """`python tools/learner_notebooks.py --check` passes when the learner notebooks are what
    the tool writes, and fails once one was edited by hand. Shown on the smallest lesson alone
    (the tests above compare every lesson's learner form), with the book's numbering the
    fixture read from every lesson."""
    smallest = min(LESSONS, key=lambda path: path.stat().st_size)
    lessons, out = tmp_path / "lessons", tmp_path / "notebooks"
    lessons.mkdir()
    out.mkdir()
    shutil.copy(smallest, lessons / smallest.name)
    (out / smallest.name).write_text(ln.written(learners[smallest.stem][0]), encoding="utf-8")
    monkeypatch.setattr(ln, "LESSONS", lessons)
    monkeypatch.setattr(ln, "OUT", out)
    monkeypatch.setattr(ln, "load_book", lambda: book)
    assert ln.main(["--check"]) == 0
    first = out / smallest.name
    nb = json.loads(first.read_text(encoding="utf-8"))
    nb["cells"][1]["source"] = "edited by hand"
    first.write_text(json.dumps(nb), encoding="utf-8")
    assert ln.main(["--check"]) == 1


# The tests that read the built book come last: the book is built beside the tests above
# (tests/conftest.py), so that this file's other tests need not wait for it.
def test_exercises_and_theorems_carry_the_books_numbers(book, built_book, lessons):
    """The numbers the learner form prints are those of the built pages (sphinx-exercise's and
    sphinx-proof's own numbering)."""
    from browsing import HTML

    for path in LESSONS:
        page = (HTML / "lessons" / f"{path.stem}.html").read_text(encoding="utf-8")
        in_book = set(re.findall(r'<span class="caption-number">(\w+ [\d.]+?)\.? </span>', page))
        lesson = lessons[path.stem]
        defined = [options["label"] for c in lesson.cells if c.cell_type == "markdown"
                   for name, _, options in ln._directives(c.source) if name in ln.KINDS and "label" in options]
        in_learner = {book.labels[label] for label in defined}
        assert in_learner == in_book, (path.stem, sorted(in_learner ^ in_book))


def test_every_lesson_page_links_the_lessons_download_and_serves_its_learner_form(built_book):
    """book/_ext/learner_downloads.py: a line at the top of each lesson page links the zip (which
    is in the site) and how-to-read's section on running the lessons; the page's own notebook
    download (the site's _sources copy) is the learner form."""
    from browsing import HTML

    assert (HTML / "download" / "backprop-step-by-step-lessons.zip").is_file()
    how_to = (HTML / "book" / "how-to-read.html").read_text(encoding="utf-8")
    assert 'id="run-the-lessons"' in how_to and "../download/backprop-step-by-step-lessons.zip" in how_to
    for path in LESSONS:
        page = (HTML / "lessons" / f"{path.stem}.html").read_text(encoding="utf-8")
        line = re.search(r'<p class="run-lesson">(.*?)</p>', page, re.S)
        assert line, f"{path.stem}: no line saying how to run the chapter"
        assert 'href="../download/backprop-step-by-step-lessons.zip"' in line[1]
        assert 'href="../book/how-to-read.html#run-the-lessons"' in line[1]
        served = (HTML / "_sources" / "lessons" / path.name).read_bytes()
        assert served == (ln.OUT / path.name).read_bytes(), f"{path.stem}: the page's .ipynb is not its learner form"
