"""Shared fixtures: the built book, served on 127.0.0.1, and a headless Chromium.

The book is built once per test run even when several pytest-xdist workers ask for it (the
pages' tests and the explorers' tests run on different workers): the first builds under a file
lock and leaves the log stamped with the run's id; the others wait for the lock and read it.
The build starts as soon as a worker has collected a test that reads it, beside other tests.
BOOK_OUTPUT (default: the repository) names another folder to build into, `_build/` under it.
"""

from __future__ import annotations

import concurrent.futures
import fcntl
import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
from browsing import HTML, OUTPUT, build_book  # noqa: E402  (where and how the book is built)
from explorer_source import stale_notebooks  # noqa: E402  (the stored explorers' code against the source)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _build_book() -> tuple[int, str]:
    """Build the whole book with Sphinx warnings as errors, once per run however many workers
    ask: the first builds under a file lock and leaves the log stamped with the run's id; the
    others wait for the lock and read it. Returns the build's return code and log."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")
    build = OUTPUT / "_build"
    build.mkdir(parents=True, exist_ok=True)
    stamped = build / ".build-of-this-run.log"
    with open(build / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        first, _, rest = stamped.read_text().partition("\n") if stamped.exists() else ("", "", "")
        if run and first.startswith(run + " "):
            return int(first.split()[1]), rest
        result = build_book(OUTPUT)
        returncode, log = result.returncode, result.stdout + result.stderr
        stamped.write_text(f"{run or '-'} {returncode}\n{log}")
        return returncode, log


_early_build: concurrent.futures.Future | None = None


@functools.cache
def _stale() -> tuple[str, ...]:
    """What tests/explorer_source.py finds of explorers' code stored in a notebook that is not the
    source's today, once per worker: the book is not built from such notebooks."""
    return tuple(stale_notebooks())


def pytest_collection_finish(session):
    """When this run has tests that read the built book, start building it now, beside the
    tests that do not need it (a build is a subprocess, so this worker's thread only waits)."""
    global _early_build
    if any("built_book" in getattr(item, "fixturenames", ()) for item in session.items) and not _stale():
        _early_build = concurrent.futures.ThreadPoolExecutor(max_workers=1).submit(_build_book)


@pytest.fixture(scope="session")
def built_book():
    """The whole book, built once per run with Sphinx warnings as errors; returns the build log.
    First, the lessons must store the explorers' code as the source files have it today (the
    book draws them from that copy): so every browser test runs the source's JavaScript."""
    stale = _stale()
    assert not stale, ("the book would draw explorers whose code is not backprop_lib/explorers/ today's, "
                       "and the browser tests would test that old code:\n" + "\n".join(stale))
    returncode, log = _early_build.result() if _early_build is not None else _build_book()
    assert returncode == 0, f"jupyter-book build failed (warnings are errors):\n{log[-6000:]}"
    return log


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def book_server(built_book):
    """Serve _build/html on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright. Never skipped: without Chromium the
    browser tests fail, saying how to install it."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install Debian's package (`apt-get install chromium`, "
            "which `make test` does when run as root) or set CHROMIUM to its path."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield browser
        browser.close()
