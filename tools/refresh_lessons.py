"""Re-run lessons in place and store their new outputs: `make refresh`.

Runs each notebook top to bottom in a fresh kernel with nbclient, in an environment free of
the user's own matplotlib and IPython settings (tools/kernel_env.py), with each cell's
stream output coalesced into one output per stream, with the widgets' model ids derived from
the lesson's name, and with no timing metadata: running it twice changes no byte, so `git diff lessons/` afterwards shows exactly the outputs that
moved. Lessons run in name order: the general formulation (06) reads the values that chapters
01, 03, 04 and 05 glued, the computational graph (02) one of chapter 01's, and the errata
appendix (A2) those of every chapter, so they must be fresh first. Before it runs a lesson, it writes the lesson's first cell, the Colab set-up cell,
from _config.yml (tools/colab_cell.py); after the last, it writes the lessons' learner form,
notebooks/lessons/ (tools/learner_notebooks.py).

    python tools/refresh_lessons.py                        # every lesson
    python tools/refresh_lessons.py lessons/03_*.ipynb     # some lessons
"""

import json
import re
import sys
import uuid
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from colab_cell import cell_source, put_cell  # noqa: E402
from kernel_env import isolate  # noqa: E402
from learner_notebooks import main as write_learner_notebooks  # noqa: E402


def stable_widget_ids(nb, name: str):
    """The notebook with each widget's model id (a random uuid each run) replaced by one derived
    from the lesson's name and the order the ids first appear in, everywhere it occurs: in the
    cells' widget views, in the stored widget state and in its IPY_MODEL_ references. Same run,
    same bytes."""
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    if not state:
        return nb
    text = json.dumps(nb)
    found = [m for m in dict.fromkeys(re.findall(r"[0-9a-f]{32}", text)) if m in state]
    for i, old in enumerate(found):
        text = text.replace(old, uuid.uuid5(uuid.NAMESPACE_URL, f"backprop-step-by-step/{name}/{i}").hex)
    return nbformat.from_dict(json.loads(text))


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    put_cell(nb, cell_source())
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False, coalesce_streams=True,
                            store_widget_state=True, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    nbformat.write(stable_widget_ids(nb, path.stem), path)


if __name__ == "__main__":
    isolate()
    paths = [Path(p) for p in sys.argv[1:]] or sorted(Path("lessons").glob("*.ipynb"))
    for path in sorted(paths):
        print(f"running {path}", flush=True)
        refresh(path)
    if any(path.resolve().parent == Path(__file__).resolve().parents[1] / "lessons" for path in paths):
        write_learner_notebooks([])  # the book's own lessons changed: their learner form follows
