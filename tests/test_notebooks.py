"""The lessons are stored fully run, and nbval really compares them.

nbval itself runs over every lesson as part of `pytest` (see pyproject.toml): these tests make
sure that run means something.
"""

import copy
import json
import os
import re
import runpy
import shutil
import sys
import uuid
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))

pytest_plugins = ["pytester"]


def code_cells(path):
    return [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_there_are_lessons():
    assert LESSONS


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_code_cell_has_a_stored_run_in_order(path):
    """nbval silently skips a cell that was never run: every code cell must have been run,
    top to bottom in one kernel session (execution counts 1, 2, 3, ...)."""
    counts = [c.get("execution_count") for c in code_cells(path)]
    unrun = [i for i, n in enumerate(counts) if n is None]
    assert not unrun, f"{path.name}: code cells {unrun} have no stored run; run `make refresh`"
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: cells were not run top to bottom: {counts}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_no_stored_errors_or_warnings(path):
    for i, cell in enumerate(code_cells(path)):
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"{path.name} cell {i}: stored error {out.get('ename')}"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), (
                f"{path.name} cell {i}: stored stderr output: {''.join(out['text'])[:300]}"
            )


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_no_cell_hides_its_output_from_nbval(path):
    """`nbval-ignore-output` is for widget cells only, whose model ids change every run."""
    for i, cell in enumerate(code_cells(path)):
        tags = cell.get("metadata", {}).get("tags", [])
        if "nbval-ignore-output" in tags or "nbval-skip" in tags:
            data = [out.get("data", {}) for out in cell["outputs"]]
            assert any("application/vnd.jupyter.widget-view+json" in d for d in data), (
                f"{path.name} cell {i} is tagged {tags} but shows no widget"
            )


def change_first_stored_number(nb: dict, want) -> tuple[int, str]:
    """Change the last digit of the first number in a stored output matching ``want``; return
    the code cell's index (nbval's ``Cell N``) and the change."""
    number = re.compile(r"\d\.\d{4,}")
    for index, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
        for out in cell["outputs"]:
            texts = [("text", out)] if out["output_type"] == "stream" else [(k, out.get("data", {})) for k in out.get("data", {})]
            for key, holder in texts:
                if not want(out, key):
                    continue
                text = "".join(holder[key])
                match = number.search(text)
                if match:
                    old = match.group()
                    new = old[:-1] + str((int(old[-1]) + 1) % 10)
                    holder[key] = text[: match.start()] + new + text[match.end():]
                    return index, f"{old} -> {new}"
    raise AssertionError("no stored number found to change")


MUTATIONS = {
    "printed_output": lambda out, key: out["output_type"] == "stream",
    "glued_value": lambda out, key: "scrapbook" in out.get("metadata", {}) and key.endswith("text/plain"),
    "table": lambda out, key: out["output_type"] == "execute_result" and key == "text/plain",
}


def first_code_cells(nb: dict, count: int) -> dict:
    """``nb`` cut after its first ``count`` code cells. A cell's outputs depend only on the cells
    above it, so the cells kept store what they store in the whole lesson."""
    code = [i for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "code"]
    return {**nb, "cells": nb["cells"][: code[count - 1] + 1]}


#: A user's own sitecustomize.py, which Python imports at the start of every process that has it
#: on its path: it sets every numpy print option a lesson's cell leaves unpinned, pandas' precision,
#: and prints.
SITECUSTOMIZE = """import numpy, pandas
numpy.set_printoptions(sign="+", linewidth=12, suppress=True, floatmode="unique", threshold=4, edgeitems=1)
pandas.set_option("display.precision", 2)
print("a line from the user's sitecustomize")
"""


def hostile_user_config(home: Path, *lesson_folders: Path) -> dict:
    """An environment carrying a user's own settings that change stored text: a matplotlibrc
    with another figure size and dpi, one more beside the lessons (in each of ``lesson_folders``,
    the kernels' working directory, which matplotlib reads first), an IPython startup file that
    prints, a forced backend, and a sitecustomize.py on PYTHONPATH (:data:`SITECUSTOMIZE`)."""
    mpl, startup, site = home / "mpl", home / "ipython" / "profile_default" / "startup", home / "site"
    for folder in (mpl, startup, site):
        folder.mkdir(parents=True)
    (mpl / "matplotlibrc").write_text("figure.dpi: 50\nfigure.figsize: 3, 2\n")
    for folder in lesson_folders:
        (folder / "matplotlibrc").write_text("figure.dpi: 60\nfigure.figsize: 4, 3\nfont.size: 30\n")
    (startup / "00-hello.py").write_text("print('a line from the user startup file')\n")
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    env = dict(os.environ, MPLCONFIGDIR=str(mpl), IPYTHONDIR=str(home / "ipython"), MPLBACKEND="agg",
               MATPLOTLIBRC=str(mpl / "matplotlibrc"), HOME=str(home))
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT / "tools"), env.get("PYTHONPATH", "")])
    return env


def nbval_outcomes(pytester, *folders: str) -> list:
    """nbval over the notebooks of ``folders`` (under ``pytester.path``), in a pytest session of
    its own in this process, with nbval and the kernel_env plugin as the main run loads them:
    ``(folder, cell, outcome)`` for each cell."""
    run = pytester.inline_run("-p", "no:cacheprovider", "-p", "kernel_env", "--nbval", "--nbval-current-env", *folders)
    return [(Path(report.nodeid.split("::")[0]).parent.name, int(report.nodeid.rsplit(" ", 1)[1]), report.outcome)
            for report in run.getreports("pytest_runtest_logreport") if report.when == "call"]


def test_nbval_fails_exactly_where_a_stored_number_changed(pytester, monkeypatch):
    """One nbval run over two copies of the first lesson's opening cells: the unchanged copy
    passes, and the copy with one stored digit changed in each of three cells (in printed
    output, in a glued value, in a table) fails in exactly those three cells. The run carries a
    user's own matplotlib and IPython settings, which the kernels must not see
    (tools/kernel_env.py), or the unchanged copy would fail too: the cells kept reach the first
    figure, whose stored size such settings change.

    The main run's nbval runs every lesson whole; this test shows that its verdicts mean
    something, and the lesson's opening cells, up to the last cell changed or the first figure,
    show it as the whole lesson would, in a fraction of the kernel's work. The run is a pytest
    session of its own, in this process (pytester): nbval and the kernel_env plugin as the
    main run loads them, without a second Python's start."""
    lesson = json.loads(LESSONS[0].read_text())
    changed = copy.deepcopy(lesson)
    where = {kind: change_first_stored_number(changed, want) for kind, want in MUTATIONS.items()}
    cells = sorted(index for index, _ in where.values())
    assert len(set(cells)) == len(MUTATIONS), f"expected each change in a cell of its own, got {where}"
    code = [cell for cell in lesson["cells"] if cell["cell_type"] == "code"]
    figure = next(i for i, cell in enumerate(code)
                  if any("image/png" in out.get("data", {}) for out in cell["outputs"]))
    kept = max(*cells, figure) + 1  # code cells kept: to the last one changed, and the first figure
    for name, nb in (("unchanged", lesson), ("changed", changed)):
        (pytester.path / name).mkdir()
        (pytester.path / name / LESSONS[0].name).write_text(json.dumps(first_code_cells(nb, kept)))
    home = hostile_user_config(pytester.path / "home", pytester.path / "unchanged", pytester.path / "changed")
    for var, value in home.items():
        monkeypatch.setenv(var, value)
    outcomes = nbval_outcomes(pytester, "unchanged", "changed")
    failed = {name: [cell for n, cell, outcome in outcomes if n == name and outcome == "failed"]
              for name in ("unchanged", "changed")}
    assert len(outcomes) == 2 * kept, outcomes
    assert failed["unchanged"] == [], f"the unchanged copy should pass nbval: {outcomes}"
    assert failed["changed"] == cells, (
        f"nbval should fail exactly in cells {cells}, where a stored digit changed ({where}): {outcomes}")


#: A lesson whose stored outputs print arrays (with only their precision and float mode pinned
#: in the cell) and draw figures: what a user's sitecustomize or matplotlibrc would change.
PRINTS_ARRAYS = ROOT / "lessons" / "04_linear_221.ipynb"


def test_nbval_sees_no_sitecustomize_on_the_users_path_and_no_matplotlibrc_beside_the_lessons(pytester, monkeypatch):
    """nbval over a lesson's cells up to its first printed arrays and the figure after them,
    in a folder holding a matplotlibrc of the user's (read first by matplotlib, from the kernel's
    working directory), with a sitecustomize.py on PYTHONPATH that sets numpy's print options
    and pandas' precision and prints: every cell passes. (Before kernel_env dropped PYTHONPATH
    and pages.style() reset matplotlib, the array cell and every figure's size failed.)"""
    lesson = json.loads(PRINTS_ARRAYS.read_text())
    code = [cell for cell in lesson["cells"] if cell["cell_type"] == "code"]
    arrays = next(i for i, cell in enumerate(code) if any("= [[" in "".join(out.get("text", "")) for out in cell["outputs"]))
    figure = next(i for i, cell in enumerate(code) if i > arrays
                  and any("image/png" in out.get("data", {}) for out in cell["outputs"]))
    folder = pytester.path / "lessons"
    folder.mkdir()
    (folder / PRINTS_ARRAYS.name).write_text(json.dumps(first_code_cells(lesson, figure + 1)))
    for var, value in hostile_user_config(pytester.path / "home", folder).items():
        monkeypatch.setenv(var, value)
    outcomes = nbval_outcomes(pytester, "lessons")
    assert len(outcomes) == figure + 1, outcomes
    assert [cell for _, cell, outcome in outcomes if outcome != "passed"] == [], outcomes


REFRESH = ROOT / "tools" / "refresh_lessons.py"


def make_refresh(path: Path, monkeypatch, env: dict) -> None:
    """Run `make refresh`'s script on ``path`` as make runs it (as ``__main__``), with ``env``
    as the environment it starts in. It runs in this process, which saves a second Python's
    start and imports (most of the work for a small lesson); the kernel it starts is a process
    of its own all the same, and sees only what the script leaves of ``env``."""
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    monkeypatch.setattr(sys, "argv", [str(REFRESH), str(path)])
    monkeypatch.setattr(sys, "path", list(sys.path))
    runpy.run_path(str(REFRESH), run_name="__main__")


def test_make_refresh_stores_exactly_what_is_committed_and_changes_nothing_when_run_again(tmp_path, monkeypatch):
    """`make refresh` on a copy of the first lesson (printed lines, glued numbers, tables,
    figures, explorers), in a hostile user environment, writes the very bytes that are
    committed (streams coalesced, no timing metadata, the explorers' model ids derived from the
    lesson's name). The copy it ran on was those bytes, so a second run would start from the
    same input as the first: this one run shows that running it again changes no byte. (The
    committed bytes were written by another run, in another process, on another day: nothing of
    the run's own, no time, no random id, reaches them.) Every other lesson's stored outputs are
    checked by nbval, and its form by the next test, without running it again here."""
    lesson = LESSONS[0]
    refreshed = tmp_path / lesson.name
    shutil.copy(lesson, refreshed)
    monkeypatch.chdir(ROOT)
    make_refresh(refreshed, monkeypatch, hostile_user_config(tmp_path / "home", tmp_path))
    assert refreshed.read_bytes() == lesson.read_bytes(), f"make refresh changed {lesson.name}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_lesson_is_stored_in_the_form_make_refresh_writes(path):
    """What the run above shows for one lesson's bytes, checked in every lesson without running
    it: the file is nbformat's own writing of the notebook, no cell carries timing metadata,
    each cell's streams are coalesced (one output per stream, no carriage return or backspace
    left), and the explorers' model ids are those derived from the lesson's name."""
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    assert nbformat.writes(nb) + "\n" == text, f"{path.name} is not as nbformat writes it: run `make refresh`"
    timed = [i for i, cell in enumerate(nb.cells) if "execution" in cell.metadata]
    assert not timed, f"{path.name}: cells {timed} carry timing metadata (execution)"
    for i, cell in enumerate(nb.cells):
        streams = [out for out in cell.get("outputs", []) if out.output_type == "stream"]
        names = [out.name for out in streams]
        assert len(names) == len(set(names)), f"{path.name} cell {i}: streams not coalesced: {names}"
        assert not any(re.search(r"\r(?!\n)|\x08", out.text) for out in streams), f"{path.name} cell {i}"
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    # as tools/refresh_lessons.py's stable_widget_ids derives them: the lesson's name, and a count
    derived = {uuid.uuid5(uuid.NAMESPACE_URL, f"backprop-step-by-step/{path.stem}/{i}").hex for i in range(len(state))}
    assert set(state) == derived, f"{path.name}: the explorers' model ids are not those derived from the lesson's name"


TYPED_NUMBER = re.compile(r"(?<![\w.{`])-?\d+\.\d{3,}")
GLUE_ROLE = re.compile(r"\{glue(:\w+)?\}`[^`]*`")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_no_computed_number_is_typed_into_the_prose(path):
    """A number with three or more decimals in a lesson's text must come from glue (a computed
    result) or from a code cell (a source's printed figure, kept as data), never be typed."""
    cells = json.loads(path.read_text())["cells"]
    typed = [
        (i, number)
        for i, cell in enumerate(cells) if cell["cell_type"] == "markdown"
        for number in TYPED_NUMBER.findall(GLUE_ROLE.sub("", "".join(cell["source"])))
    ]
    assert not typed, f"{path.name}: numbers typed into markdown (cell, number): {typed}"


def _tags(cell) -> set:
    return set(cell.get("metadata", {}).get("tags", []))


HIDDEN = {"remove-input", "remove-cell", "hide-input", "hide-cell"}


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_checks_run_out_of_sight(path):
    """Cells that exist for the checks (asserts) are hidden from the reader; nbval still runs them."""
    visible = [i for i, cell in enumerate(json.loads(path.read_text())["cells"])
               if cell["cell_type"] == "code" and re.search(r"^\s*assert\b", "".join(cell["source"]), re.M)
               and not _tags(cell) & HIDDEN]
    assert not visible, f"{path.name}: visible cells with assert lines: {visible}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_figure_says_what_it_shows(path):
    missing = []
    for i, cell in enumerate(json.loads(path.read_text())["cells"]):
        if cell["cell_type"] != "code" or "remove-output" in _tags(cell) or "remove-cell" in _tags(cell):
            continue
        if any("image/png" in out.get("data", {}) for out in cell.get("outputs", [])):
            alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt", "")
            if len(alt) < 20:
                missing.append(i)
    assert not missing, f"{path.name}: figure cells without alt text (mystnb.image.alt): {missing}"


#: A phone shows the article 358 CSS px wide; the pictures write their numbers in 9 pt type,
#: 9 CSS px at a figure's own size. Shrunk below 8 px, the numbers are unreadable.
PHONE_WIDTH, NUMBER_TYPE, SMALLEST_TYPE = 358, 9, 8


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_a_picture_of_numbers_too_wide_for_a_phone_scrolls_there_instead_of_shrinking(path):
    """book.css shows a cell tagged wide-figure at its own size on a phone, in a box that
    scrolls sideways; a network or graph drawn wider than a phone shrinks its numbers
    unreadably without it."""
    untagged = []
    for i, cell in enumerate(code_cells(path)):
        if not re.search(r"draw_(network|graph)\(", "".join(cell["source"])):
            continue
        for out in cell.get("outputs", []):
            width = out.get("metadata", {}).get("image/png", {}).get("width")
            if width and NUMBER_TYPE * PHONE_WIDTH / width < SMALLEST_TYPE and "wide-figure" not in _tags(cell):
                untagged.append((i, width))
    assert not untagged, f"{path.name}: code cells (index, figure width in px) to tag wide-figure: {untagged}"


#: At 1280 px the article's code box holds about 81 characters of code a line; a longer line
#: is cut at the box's edge and must be scrolled sideways to be read.
CODE_LINE_WIDTH = 80


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_code_shown_on_a_page_fits_its_box_on_a_laptop(path):
    """Every line of code the reader sees (cells not tagged remove-cell or remove-input, other
    than the Colab set-up cell) is at most 80 characters: the code box on a 1280 px screen
    holds about 81, and a longer line is cut off and scrolls sideways."""
    long = [
        (i, len(line), line)
        for i, cell in enumerate(json.loads(path.read_text())["cells"])
        if cell["cell_type"] == "code" and cell.get("id") != "colab-setup"
        and not _tags(cell) & {"remove-cell", "remove-input"}
        for line in "".join(cell["source"]).splitlines() if len(line) > CODE_LINE_WIDTH
    ]
    assert not long, f"{path.name}: code lines longer than {CODE_LINE_WIDTH} characters (cell, length, line):\n" + \
        "\n".join(f"cell {i}, {n} characters: {line}" for i, n, line in long)


INTERNAL_NAME = re.compile(r"\bseed\s?00[0-3]\b", re.I)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_no_internal_name_reaches_the_reader(path):
    found = [i for i, cell in enumerate(json.loads(path.read_text())["cells"])
             if INTERNAL_NAME.search("".join(cell["source"]))
             or any(INTERNAL_NAME.search(json.dumps(out)) for out in cell.get("outputs", []))]
    assert not found, f"{path.name}: cells naming a source by an internal file name: {found}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_chapter_has_the_anatomy_s_frame(path):
    """It sets the book's look first, and closes with what the reader learnt."""
    cells = json.loads(path.read_text())["cells"]
    first_code = next(c for c in cells if c["cell_type"] == "code" and c.get("id") != "colab-setup")
    assert "pages.style()" in "".join(first_code["source"]), f"{path.name}: the first code cell does not call pages.style()"
    markdown = [c for c in cells if c["cell_type"] == "markdown"]
    assert "What you learnt" in "".join(markdown[-1]["source"]), f"{path.name}: no closing 'What you learnt' box"


WITH_EXERCISES = [p for p in LESSONS if p.stem != "A2_errata"]  # the errata page asks nothing


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.name)
def test_every_chapter_has_a_checked_numeric_exercise_whose_answer_is_computed(path):
    """At least one exercise holds an answer box (backprop_lib.explorers.Answer) between its
    exercise-start and exercise-end, stored as a widget the static page renders, and the answer
    is an expression the lesson computes, never a number typed into the call."""
    import ast

    cells = json.loads(path.read_text())["cells"]
    inside, checked = False, []
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            if "{exercise-start}" in source:
                inside = True
            if "{exercise-end}" in source:
                inside = False
            continue
        if not inside or "Answer(" not in source:
            continue
        call = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "Answer")
        answer = call.args[0] if call.args else next(k.value for k in call.keywords if k.arg == "answer")
        typed = isinstance(answer, ast.Constant) or (isinstance(answer, ast.UnaryOp) and isinstance(answer.operand, ast.Constant))
        assert not typed, f"{path.name}: an answer box with a typed answer: {ast.unparse(answer)}"
        views = [o for o in cell.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
        assert views, f"{path.name}: an answer box stored without its widget view: {source[:60]!r}"
        model_id = views[0]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
        state = json.loads(path.read_text())["metadata"].get("widgets", {}).get(
            "application/vnd.jupyter.widget-state+json", {}).get("state", {})
        assert model_id in state, f"{path.name}: the answer box's widget state is not stored (make refresh)"
        checked.append(source)
    assert checked, f"{path.name}: no exercise with an answer box that checks the reader's number"
