"""Whether the explorers' code that a notebook or a built page stores is the code of
backprop_lib/explorers/ today.

A notebook keeps, in its widget state, each explorer's JavaScript (``_esm``) and stylesheet
(``_css``) as they were at its last ``make refresh``; the built book draws the explorers from that
copy, not from the source files. :func:`stale` compares each stored copy with what
backprop_lib/explorers/base.py makes of the files now (the class's ``_esm`` and ``_css``: common.js,
core.js unless ``_core`` is False, the explorer's file; explorers.css and its own stylesheet).
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "lessons").glob("*.ipynb")) + sorted((ROOT / "notebooks" / "lessons").glob("*.ipynb"))
STATE_TYPE = "application/vnd.jupyter.widget-state+json"


def notebook_models(path: Path) -> dict:
    """The widget models a notebook stores, by model id."""
    widgets = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("widgets", {})
    return widgets.get(STATE_TYPE, {}).get("state", {})


def page_models(path: Path) -> dict:
    """The widget models of a built page's ``widgets/state/<page>.js`` (book/_ext/first_paint.py):
    the JSON text the script puts back into the page, read from its one string literal."""
    script = path.read_text(encoding="utf-8")
    literal = script[script.index("state.textContent = ") + len("state.textContent = "):script.rindex(";\n  document")]
    return json.loads(json.loads(literal))["state"]


def stale(models: dict, where: str) -> list[str]:
    """For each explorer among ``models`` whose stored JavaScript or stylesheet is not what its
    class makes of the source files today, a line saying which, where and what to do."""
    found = []
    for model_id, model in models.items():
        state = model.get("state", {})
        name = state.get("_anywidget_id", "")
        if not name.startswith("backprop_lib.explorers."):
            continue
        module, _, cls_name = name.rpartition(".")
        cls = getattr(importlib.import_module(module), cls_name)
        for trait, source in (("_esm", "JavaScript"), ("_css", "stylesheet")):
            if state.get(trait) != getattr(cls, trait):
                found.append(f"{where}: the {cls_name} ({model_id[:8]}) stores {source} that is not "
                             f"backprop_lib/explorers/ today's: run `make refresh` (or tools/refresh_lessons.py on it)")
    return found


def stale_notebooks(paths=NOTEBOOKS) -> list[str]:
    """:func:`stale` over every lesson and learner notebook."""
    return [line for path in paths for line in stale(notebook_models(path), str(path.relative_to(ROOT)))]
