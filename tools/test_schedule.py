"""How `make test` shares its work between pytest-xdist's workers (a pytest plugin, loaded by
the root conftest.py; pyproject.toml runs pytest with ``--dist loadfile --no-loadscope-reorder``).

- Each file is one unit of work, done by one worker, in order: a notebook's cells share one
  kernel, and a test file's module fixtures (a page opened once, a build) are made once.
- The page tests of tests/test_book.py are the exception: each is its own unit, so that the
  book's nineteen pages are read by every worker at once.
- One worker more than the machine has cores (``-n auto``): each worker spends part of its time
  waiting for a process of its own (a kernel, Chromium, a build), and the extra worker uses it.
- The longest units go first (``FIRST``, as measured with ``pytest --durations=0``), so that no
  worker is left with a long one at the end while the other waits. The order changes only how
  long the run takes, never what it checks.
"""

from __future__ import annotations

import os

#: Spread over the workers, one unit per test (node ids that start with these).
SPREAD = ("tests/test_book.py::test_page_reads_offline",)

#: Started first, longest first (node ids that start with these); the rest follow in the order
#: they were collected.
FIRST = (
    "lessons/07_xor.ipynb",
    "lessons/10_depth_and_initialisation.ipynb",
    "tests/test_first_paint.py",
    "tests/test_published_book.py",
    "lessons/09_beyond_sgd.ipynb",
    "lessons/11_digits.ipynb",
    "tests/test_notebooks.py",
    "lessons/08_your_own_trainer.ipynb",
    "tests/test_explorer_xor.py",
    "tests/test_launch_buttons.py",
    "tests/test_explorer_network.py",
    *SPREAD,
    "tests/test_lesson_alone.py",
    "tests/test_explorer_learning_rate.py",
    "tests/test_explorer_neuron.py",
    "tests/test_setup.py",
)


def _rank(item) -> int:
    return next((i for i, start in enumerate(FIRST) if item.nodeid.startswith(start)), len(FIRST))


def pytest_collection_modifyitems(config, items):
    items.sort(key=_rank)  # stable: a file's tests and a notebook's cells keep their order


def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist's scheduling by file (``--dist loadfile``), but for the tests in ``SPREAD``,
    each a unit of its own. (Its ``--dist loadgroup`` would say the same with marks, but with
    pytest 9 it groups nothing: it renames a test's id where pytest no longer reads it.)"""
    from xdist.scheduler import LoadScopeScheduling

    class ByFileButSpread(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return nodeid if nodeid.startswith(SPREAD) else nodeid.split("::", 1)[0]

    return ByFileButSpread(config, log)


def pytest_xdist_auto_num_workers(config):
    """``-n auto``: the cores this process may use, plus one."""
    return len(os.sched_getaffinity(0)) + 1
