"""Re-run lessons in place and store their new outputs: `make refresh`.

Runs each notebook top to bottom in a fresh kernel with nbclient, in an environment free of
the user's own matplotlib and IPython settings (tools/kernel_env.py), with each cell's
stream output coalesced into one output per stream, and stores no timing metadata: running
it twice changes no byte, so `git diff lessons/` afterwards shows exactly the outputs that
moved. Lessons run in name order: the general formulation (05) reads the values that chapters
01 to 04 glued, so they must be fresh first.

    python tools/refresh_lessons.py                        # every lesson
    python tools/refresh_lessons.py lessons/03_*.ipynb     # some lessons
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kernel_env import isolate  # noqa: E402


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False, coalesce_streams=True,
                            store_widget_state=True, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    nbformat.write(nb, path)


if __name__ == "__main__":
    isolate()
    paths = [Path(p) for p in sys.argv[1:]] or sorted(Path("lessons").glob("*.ipynb"))
    for path in sorted(paths):
        print(f"running {path}", flush=True)
        refresh(path)
