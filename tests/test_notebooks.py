"""The lessons are stored fully run, and nbval really compares them.

nbval itself runs over every lesson as part of `pytest` (see pyproject.toml): these tests make
sure that run means something.
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))


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


def run_nbval(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env", path.name],
        cwd=path.parent, capture_output=True, text=True, timeout=600,
    )


def change_first_stored_number(nb: dict, want) -> str:
    """Change the last digit of the first number in a stored output matching ``want``; return
    the changed line."""
    number = re.compile(r"\d\.\d{4,}")
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
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
                    return f"{old} -> {new}"
    raise AssertionError("no stored number found to change")


@pytest.mark.parametrize(
    "kind, want",
    [
        ("printed output", lambda out, key: out["output_type"] == "stream"),
        ("glued value", lambda out, key: "scrapbook" in out.get("metadata", {}) and key.endswith("text/plain")),
        ("table", lambda out, key: out["output_type"] == "execute_result" and key == "text/plain"),
    ],
)
def test_nbval_fails_when_a_stored_number_changes(tmp_path, kind, want):
    """A copy of the first lesson with one stored digit changed must fail nbval, while the
    unchanged copy passes: proof that the nbval run compares what the book shows."""
    lesson = LESSONS[0]
    good = tmp_path / "good" / lesson.name
    good.parent.mkdir()
    shutil.copy(lesson, good)
    result = run_nbval(good)
    assert result.returncode == 0, f"the unchanged copy should pass nbval:\n{result.stdout[-3000:]}"

    nb = json.loads(lesson.read_text())
    changed = change_first_stored_number(nb, want)
    bad = tmp_path / "bad" / lesson.name
    bad.parent.mkdir()
    bad.write_text(json.dumps(nb))
    result = run_nbval(bad)
    assert result.returncode == 1, f"nbval passed although a {kind} changed ({changed}):\n{result.stdout[-3000:]}"
    assert "1 failed" in result.stdout


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
