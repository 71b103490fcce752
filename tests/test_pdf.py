"""The printed book (``make pdf``): it builds with no LaTeX error and no missing glyph, its
chapters are numbered as online, the numbers its prose glues are printed, and no explorer or
answer box prints its Python repr.

Not part of ``make test`` (pyproject.toml leaves this file out: the PDF takes minutes to build):
``make pdf-check`` runs it on the PDF ``make pdf`` built (PRINTED_BOOK names it), and .ci/run
runs ``make pdf-check`` after the tests. Run alone without PRINTED_BOOK, it builds the PDF
itself under BOOK_OUTPUT (default: a temporary folder).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from myst_nb.core.variables import format_plain_text

from backprop_lib.pages import glued_values

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
NAME = "backprop-step-by-step"
VIEW_TYPE = "application/vnd.jupyter.widget-view+json"
GLUE_TEXT = re.compile(r"\{glue:text\}`([A-Za-z0-9_]+)(?::([^`]*))?`")
#: Sphinx's LaTeX (fncychap, Bjarne style) prints a chapter's number in words (its list goes to twenty).
NUMBER_WORDS = ["ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN", "ELEVEN", "TWELVE",
                "THIRTEEN", "FOURTEEN", "FIFTEEN"]
#: Two chapters whose glued numbers the test looks for, each on its own pages.
CHAPTERS = ["01_single_neuron.ipynb", "09_beyond_sgd.ipynb"]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> tuple[list[str], str]:
    """The PDF's text, page by page (pdftotext), and XeLaTeX's log."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext not found: install Debian's poppler-utils (`make tex` does, as root)")
    given = os.environ.get("PRINTED_BOOK")
    if given:
        pdf = Path(given)
        assert pdf.is_file(), f"PRINTED_BOOK names {pdf}, which is no file: run `make pdf` first"
    else:
        output = Path(os.environ.get("BOOK_OUTPUT") or tmp_path_factory.mktemp("printed"))
        jupyter_book = Path(sys.executable).with_name("jupyter-book")
        result = subprocess.run([str(jupyter_book), "build", "--builder", "pdflatex", "--path-output",
                                 str(output), str(ROOT)], capture_output=True, text=True)
        assert result.returncode == 0, f"the PDF did not build:\n{(result.stdout + result.stderr)[-4000:]}"
        pdf = output / "_build" / "latex" / f"{NAME}.pdf"
    text = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    return text.split("\f"), log


def _lesson(name: str) -> dict:
    return json.loads((LESSONS / name).read_text(encoding="utf-8"))


def _title(notebook: dict) -> str:
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            match = re.search(r"^# (.+)$", "".join(cell["source"]), re.M)
            if match:
                return match.group(1).strip()
    raise AssertionError("the lesson has no title")


def _numbered_lessons() -> list[str]:
    return sorted(p.name for p in LESSONS.glob("[0-9][0-9]_*.ipynb"))


def _chapter_pages(pages: list[str]) -> list[int]:
    """The index of each numbered chapter's first page: fncychap's "CHAPTER" and its number."""
    return [i for i, page in enumerate(pages) if page.lstrip().startswith("CHAPTER")]


def _squeezed(text: str) -> str:
    """Text with no white space (a number may end a line at its sign) and a true minus as '-'."""
    return re.sub(r"\s+", "", text).replace("\u2212", "-")


def test_the_book_prints_with_no_latex_error_and_no_missing_glyph(printed):
    _, log = printed
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert not errors, f"LaTeX errors: {errors[:5]}"
    assert "There were undefined references" not in log, \
        re.findall(r"Reference `([^']*)' on page", log.replace("\n", ""))[:5]
    missing = sorted(set(re.findall(r"Missing character: There is no (\S+ \(U\+[0-9A-F]+\))", log)))
    assert not missing, f"glyphs missing from the PDF's fonts: {missing}"


def test_the_lessons_are_chapters_numbered_as_online(printed):
    pages, _ = printed
    starts = _chapter_pages(pages)
    lessons = _numbered_lessons()
    assert len(starts) == len(lessons) and lessons, (len(starts), lessons)
    for number, (start, lesson) in enumerate(zip(starts, lessons)):
        words = _squeezed(pages[start])
        assert words.startswith("CHAPTER" + NUMBER_WORDS[number]), (lesson, pages[start][:80])
        assert _squeezed(_title(_lesson(lesson)).upper().replace("’", "'")) in words.replace("’", "'"), \
            (lesson, pages[start][:120])


@pytest.mark.parametrize("lesson", CHAPTERS)
def test_a_chapter_prints_every_number_its_prose_glues(printed, lesson):
    pages, _ = printed
    starts = _chapter_pages(pages)
    number = _numbered_lessons().index(lesson)
    assert len(starts) > number + 1, f"the PDF has {len(starts)} numbered chapters, {lesson} is number {number + 1}"
    chapter = _squeezed("".join(pages[starts[number]:starts[number + 1]]))
    values = glued_values(LESSONS / lesson)
    roles = [m for cell in _lesson(lesson)["cells"] if cell["cell_type"] == "markdown"
             for m in GLUE_TEXT.finditer("".join(cell["source"]))]
    assert len(roles) > 10, f"{lesson}: only {len(roles)} glued numbers in its prose"
    printed_values = {(name, spec): format_plain_text(repr(values[name]), spec or "")
                      for name, spec in (role.groups() for role in roles)}
    absent = {key: text for key, text in printed_values.items() if _squeezed(text) not in chapter}
    assert not absent, f"{lesson}: glued values not on its pages: {absent}"


def test_no_explorer_or_answer_box_prints_its_repr(printed):
    pages, _ = printed
    text = _squeezed("".join(pages))
    reprs = [out["data"]["text/plain"] for lesson in sorted(LESSONS.glob("*.ipynb"))
             for cell in _lesson(lesson.name)["cells"] if cell["cell_type"] == "code"
             for out in cell.get("outputs", []) if VIEW_TYPE in out.get("data", {})]
    reprs = ["".join(r) if isinstance(r, list) else r for r in reprs]
    assert len(reprs) >= 20, f"only {len(reprs)} widgets in the lessons"
    shown = [r for r in reprs if _squeezed(r) in text]
    assert not shown, f"printed as their repr: {shown[:5]}"
    assert text.count(_squeezed("The explorer as it starts.")) == sum(
        not r.startswith("Answer(") for r in reprs)
    assert text.count(_squeezed("Answer box:")) == sum(r.startswith("Answer(") for r in reprs)
