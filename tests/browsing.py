"""Where the book is built, and opening its pages in the test's Chromium."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: BOOK_OUTPUT (default: the repository) names another folder to build into, `_build/` under it.
OUTPUT = Path(os.environ.get("BOOK_OUTPUT", ROOT)).resolve()
HTML = OUTPUT / "_build" / "html"


def build_book(output: Path, *options: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """``jupyter-book build`` of the whole book, every page, Sphinx warnings as errors, into
    ``output/_build`` (``options``, such as ``--config``, go before the output folder)."""
    jb = Path(sys.executable).with_name("jupyter-book")
    args = [str(jb), "build", "--all", "--warningiserror", "--keep-going", str(ROOT), *options]
    if output != ROOT:
        args += ["--path-output", str(output)]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


#: Reports on the console, as "window error: ...", every error event of the window that carries no
#: exception (an exception is a page error already).
WINDOW_ERRORS = """window.addEventListener('error', (event) => {
    if (!event.error) console.error('window error: ' + event.message);
});"""


def collect_problems(page) -> list:
    """A list that collects every console error and page error of ``page`` from now on, and the
    error events of its window that are neither (Chromium's "ResizeObserver loop completed with
    undelivered notifications" reaches only window.onerror: no exception, no console line)."""
    problems = []
    page.add_init_script(WINDOW_ERRORS)
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return problems


def open_lesson(browser, book_server, lesson: str, selector: str, width: int = 1280, timeout: int = 20000):
    """Open ``lessons/<lesson>.html`` at ``width`` px, wait until ``selector`` (an explorer's root)
    is drawn, and return ``(page, problems)``: ``problems`` collects every console error and
    page error from then on, for the test to assert empty."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems = collect_problems(page)
    page.goto(f"{book_server}/lessons/{lesson}.html", wait_until="load")
    page.locator(selector).first.wait_for(timeout=timeout)  # drawn once its scripts have come
    return page, problems


# An explorer's module outside the book: a bare page with a stand-in for the widget model (get, set,
# on, save_changes), as the html-manager gives one.
HARNESS = """<!doctype html><html><head><meta charset="utf-8"><style>%(css)s</style></head>
<body><div id="w"></div><script type="module">
const state = %(state)s, handlers = {};
const model = {get: (k) => state[k], set: (k, v) => { state[k] = v; (handlers['change:' + k] || []).forEach((f) => f()); },
  on: (e, f) => (handlers[e] = handlers[e] || []).push(f), off: () => {}, save_changes: () => {}};
const module = await import(URL.createObjectURL(new Blob([%(esm)s], {type: 'text/javascript'})));
module.default.render({model, el: document.getElementById('w')});
window.rendered = true;
</script></body></html>"""


def open_bare(browser, explorer, folder: Path, width: int = 900):
    """``explorer``'s JavaScript as the package ships it, drawn in a bare page (no book, no kernel)
    from the explorer's synced state, at ``width`` px; returns ``(page, problems)`` as
    :func:`open_lesson` does. ``folder`` holds the page's file."""
    state = {name: getattr(explorer, name) for name in explorer.trait_names(sync=True) if not name.startswith("_")
             and name not in ("layout", "tabbable", "tooltip")}
    page_file = folder / f"{type(explorer).__name__}.html"
    page_file.write_text(HARNESS % {"css": explorer._css, "state": json.dumps(state), "esm": json.dumps(explorer._esm)})
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems = collect_problems(page)
    page.goto(page_file.as_uri())
    page.wait_for_function("window.rendered === true")
    return page, problems
