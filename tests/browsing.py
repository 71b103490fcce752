"""Where the book is built, and opening its pages in the test's Chromium."""

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


def collect_problems(page) -> list:
    """A list that collects every console error and page error of ``page`` from now on."""
    problems = []
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
