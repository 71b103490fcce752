"""The explorers' stored code is their source: every lesson, every learner notebook and every built
page holds the JavaScript and stylesheets of backprop_lib/explorers/ as they are today, so the
browser tests (which read the built book, drawn from the lessons' stored widget state) run the
source files. A fault put into an explorer's file fails here until the lessons are refreshed, and
then fails the explorer's own tests."""

import pytest

from browsing import HTML
from explorer_source import NOTEBOOKS, ROOT, notebook_models, page_models, stale


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_stored_explorer_is_its_source_today(path):
    assert stale(notebook_models(path), str(path.relative_to(ROOT))) == []


def test_every_notebook_with_an_explorer_is_checked():
    """The check above sees the explorers: every lesson but the errata appendix has at least one."""
    with_explorers = {p.name for p in NOTEBOOKS if p.parent.name == "lessons" and p.parent.parent == ROOT
                      and any(m.get("state", {}).get("_anywidget_id", "").startswith("backprop_lib.explorers.")
                              for m in notebook_models(p).values())}
    assert len(with_explorers) >= 11, sorted(with_explorers)


def test_every_built_page_holds_the_explorers_source_today(built_book):
    """The built book's widget state (widgets/state/<page>.js), which the pages draw from."""
    scripts = sorted((HTML / "widgets" / "state").rglob("*.js"))
    assert scripts, f"no widget state in {HTML / 'widgets' / 'state'}"
    found = [line for script in scripts for line in stale(page_models(script), str(script.relative_to(HTML)))]
    assert found == []
