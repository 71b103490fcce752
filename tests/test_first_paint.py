"""A page of the book shows its text on a slow phone within 5 s: what it loads before its first
paint, and how, measured as bounds that do not depend on this machine's speed.

The phone: Chromium throttled through the DevTools protocol to Fast 3G (150 ms a request, 180,000
bytes/s down) with a 4× slower CPU (tests/throttling.py). What is asserted is never a time:

- no script in a page's head that holds up its text is larger than ``SMALL_SCRIPT``;
- the widget JavaScript (requirejs, its configuration, the html-manager's 3.6 MB embed-amd.js and
  the page's widget state) is on the pages that hold a widget and on no other, deferred, in the
  order that works, and the browser itself reports it as not render-blocking;
- the bytes the first paint waits for or shares the line with, on the wire as the book's host
  sends them, are under ``BUDGET``: the page, every resource the browser reports as
  render-blocking, and every other request sent before the paint at more than low priority
  (Chromium holds back its low-priority ones while render-blocking ones are in flight), each
  text file counted gzip-compressed, as GitHub Pages serves text (``make serve`` does not
  compress: the same page then weighs about five times more);
- each widget's still picture is on the screen as soon as the page is parsed, while the
  html-manager is held back; it reads well (axe-core, contrast) in both colour modes and passes
  for no explorer; and it gives way to the explorer once that is drawn, never shown twice.

The times themselves are printed by benchmarks/first_paint.py, never asserted.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[1]
from browsing import HTML, collect_problems  # noqa: E402  (where tests/conftest.py builds the book)
from test_book import AXE, RUN_AXE, WIDGET_REPORT, toc_files  # noqa: E402
from throttling import DOWN, LATENCY, ThrottledPage  # noqa: E402

#: A script that holds up the text may be this large at most, uncompressed: 0.09 s of Fast 3G.
#: (The largest the theme and Sphinx put in the head is 9.8 kB; embed-amd.js is 3,628,999.)
SMALL_SCRIPT = 16_000

#: What the first paint may wait for, in bytes on the wire: what Fast 3G (DOWN bytes/s) carries
#: in the 5 s it may take, less the time the line is idle or the page busy: three round trips of
#: LATENCY (the page, then its stylesheets and scripts, then basic.css that theme.css imports)
#: and 1 s for a 4× slower CPU to parse, style and lay out the page:
#: (5 − 3 × 0.15 − 1) s × 180,000 bytes/s = 639,000 bytes.
BUDGET = int((5 - 3 * LATENCY - 1) * DOWN)

#: Chromium's priorities that wait for the render-blocking requests (its "delayable" ones).
LOW = ("VeryLow", "Low")

#: The widget JavaScript, in the order it must run (the state before the html-manager reads it).
WIDGET_SCRIPTS = ("widgets/state/", "widgets/require.js", "widgets/require-config.js", "widgets/embed-amd.js")
VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'

#: A page of each kind: a lesson with explorers, a lesson with answer boxes only, a lesson with no
#: widget, a book page.
KINDS = ["lessons/01_single_neuron", "lessons/02_computational_graph", "lessons/A2_errata", "book/glossary"]
#: A lesson for each kind of explorer, and one with an answer box alone.
WIDGET_PAGES = ["lessons/01_single_neuron", "lessons/02_computational_graph", "lessons/04_linear_221",
                "lessons/05_network_222", "lessons/07_xor"]


def _head_scripts(page: str) -> list[dict]:
    soup = BeautifulSoup((HTML / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    scripts = []
    for script in soup.head.find_all("script"):
        src = script.get("src")
        if src is None:
            continue
        path = (HTML / page).parent / urlparse(src).path
        scripts.append({"src": urlparse(src).path, "path": path.resolve(),
                        "waits": not (script.has_attr("defer") or script.has_attr("async")
                                      or script.get("type") == "module")})
    return scripts


def _has_widgets(page: str) -> bool:
    return "application/vnd.jupyter.widget-view+json" in (HTML / f"{page}.html").read_text(encoding="utf-8")


def _on_the_wire(url: str) -> int:
    """The bytes GitHub Pages sends for this file of the build: a text file gzip-compressed
    (level 6), any other as it is."""
    path = HTML / urlparse(url).path.lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    if path.suffix in (".html", ".css", ".js", ".json", ".svg", ".txt"):
        return len(gzip.compress(path.read_bytes(), compresslevel=6))
    return path.stat().st_size


def _pages() -> list[str]:
    return ["index"] + toc_files() + ["genindex", "search", "prf-prf", "404"]


def test_no_page_holds_up_its_text_for_a_large_script(built_book):
    """Every page: each script in the head that the browser must run before it can paint (no
    defer, async or module) is at most SMALL_SCRIPT bytes."""
    large = [f"{page}: {s['src']} ({s['path'].stat().st_size:,} bytes)" for page in _pages()
             for s in _head_scripts(page) if s["waits"] and s["path"].stat().st_size > SMALL_SCRIPT]
    assert not large, f"scripts over {SMALL_SCRIPT:,} bytes hold up the text; defer them:\n" + "\n".join(large)


def test_the_widget_javascript_is_deferred_in_order_and_only_where_a_widget_is(built_book):
    """A page that holds a widget loads its state, requirejs, its configuration and the
    html-manager, all deferred, in that order; a page without one loads none of them."""
    for page in _pages():
        widget = [(s["src"], s["waits"]) for s in _head_scripts(page) if any(w in s["src"] for w in WIDGET_SCRIPTS)]
        if not _has_widgets(page):
            assert not widget, f"{page} holds no widget but loads {widget}"
            continue
        order = [next(i for i, w in enumerate(WIDGET_SCRIPTS) if w in src) for src, _ in widget]
        assert order == list(range(len(WIDGET_SCRIPTS))), f"{page}: widget scripts {widget}"
        assert not any(waits for _, waits in widget), f"{page}: a widget script not deferred: {widget}"
        state = HTML / Path(page).parent / widget[0][0]
        assert state.resolve() == (HTML / f"widgets/state/{page}.js").resolve() and state.resolve().is_file()


@pytest.mark.parametrize("page_name", KINDS)
def test_a_phone_on_fast_3g_waits_for_little_before_the_first_paint(page_name, book_server, browser):
    """Throttled to Fast 3G with a 4× slower CPU, the page paints once it has the bytes the browser
    calls render-blocking; those, the page itself and whatever else it asked for before the
    paint at more than low priority (a preload, a figure) weigh under BUDGET on the wire, and
    each script among them under SMALL_SCRIPT. The widget scripts are never among them, and a
    page with no widget loads none."""
    visit = ThrottledPage(browser)
    try:
        problems = collect_problems(visit.page)
        visit.page.goto(f"{book_server}/{page_name}.html", wait_until="commit")
        visit.wait_for_first_paint()
        competing = visit.requested_before_first_paint()
        visit.throttle(False)  # what is measured is done: the rest may come quickly
        visit.page.wait_for_load_state("load")
        report = visit.report()
    finally:
        visit.close()

    assert report["fcp"] is not None, f"{page_name}: no first contentful paint"
    blocking = [r for r in report["resources"] if r["renderBlockingStatus"] == "blocking"]
    urls = {report["document"]["name"]} | {r["name"] for r in blocking}
    urls |= {r["url"] for r in competing if r["priority"] not in LOW and urlparse(r["url"]).path not in ("", "/")}
    waited = [(url, _on_the_wire(url)) for url in urls if not url.startswith("data:")]
    total = sum(size for _, size in waited)
    listing = "\n".join(f"{size:9,} {urlparse(name).path}" for name, size in sorted(waited, key=lambda w: -w[1]))
    assert total <= BUDGET, (f"{page_name}: the first paint waits for, or shares the line with, {total:,} bytes "
                             f"on the wire (gzip), over the budget of {BUDGET:,}:\n{listing}")
    for r in blocking:
        if r["initiatorType"] == "script":
            size = (HTML / urlparse(r["name"]).path.lstrip("/")).stat().st_size
            assert size <= SMALL_SCRIPT, f"{page_name}: {r['name']} ({size:,} bytes) blocks the first paint"
    widget = [r for r in report["resources"] if any(w in r["name"] for w in WIDGET_SCRIPTS)]
    if _has_widgets(page_name):
        assert {next(w for w in WIDGET_SCRIPTS if w in r["name"]) for r in widget} == set(WIDGET_SCRIPTS)
        assert all(r["renderBlockingStatus"] == "non-blocking" for r in widget), \
            f"{page_name}: widget scripts hold up the text: {[(r['name'], r['renderBlockingStatus']) for r in widget]}"
    else:
        assert not widget, f"{page_name}: no widget, yet it loads {[r['name'] for r in widget]}"
    assert not problems, f"{page_name}:\n" + "\n".join(problems)


STILL_REPORT = WIDGET_REPORT.replace("querySelectorAll('.bp-explorer')", "querySelectorAll('.bp-preview')")
STILLS = """() => ({
    explorers: document.querySelectorAll('.bp-explorer').length,
    views: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
    shown: Array.from(document.querySelectorAll('.bp-preview')).map(p => getComputedStyle(p).display !== 'none'
        && p.getBoundingClientRect().height > 40 && p.querySelector('.bp-preview-note').textContent.startsWith('Loading the ')),
    live: Array.from(document.querySelectorAll('.bp-preview input, .bp-preview button')).filter(c => !c.disabled).length,
    taken: document.querySelectorAll('.bp-preview .bp-explorer, .bp-preview [data-trait], .bp-preview [data-quantity], ' +
                                     '.bp-preview [data-action], .bp-preview [data-stage]').length})"""


@pytest.mark.parametrize("page_name", WIDGET_PAGES)
def test_each_still_picture_shows_until_its_explorer_is_drawn_and_reads_well(page_name, book_server, browser):
    """With the html-manager held back, the parsed page shows a still picture in place of each
    widget (each kind of explorer, the answer boxes), saying that it is loading, with disabled
    controls and none of the explorer's classes or data attributes (nothing takes it for the
    explorer); no WCAG 2 A/AA fault found by axe-core and text that reads at 4.5:1, at 1280 px in
    the light colour mode and at 390 px in the dark one. Once the html-manager comes, every
    explorer is drawn and every picture hidden: nothing shows twice."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    held = []
    try:
        page = context.new_page()
        problems = collect_problems(page)
        page.route("**/widgets/embed-amd.js*", lambda route: held.append(route))
        page.goto(f"{book_server}/{page_name}.html", wait_until="commit")
        try:
            page.wait_for_function("() => document.readyState !== 'loading'", timeout=60000)
        except PlaywrightTimeout:
            pytest.fail(f"{page_name}: the page is not parsed while embed-amd.js is held back: a script that "
                        "stops the parser until it has come (not deferred)")
        before = page.evaluate(STILLS)
        page.add_script_tag(path=str(AXE))
        only_stills = RUN_AXE.replace("axe.run(document,", "axe.run({include: [['.bp-preview']]},")
        light, light_text = page.evaluate(only_stills), page.evaluate(STILL_REPORT)
        page.set_viewport_size({"width": 390, "height": 900})
        page.evaluate("() => document.documentElement.dataset.theme = 'dark'")
        dark, dark_text = page.evaluate(only_stills), page.evaluate(STILL_REPORT)
        assert len(held) == 1, f"{page_name}: embed-amd.js requested {len(held)} times"
        held.pop().continue_()
        page.wait_for_function(f"""() => document.querySelectorAll('.bp-explorer').length >=
                                    document.querySelectorAll('{VIEW}').length""", timeout=60000)
        after = page.evaluate(STILLS)
    finally:
        for route in held:
            route.continue_()
        context.close()
    assert before["explorers"] == 0 and before["views"] > 0, f"{page_name}: {before}"
    assert before["shown"] == [True] * before["views"], f"{page_name}: a still picture not shown: {before}"
    assert not before["live"] and not before["taken"], f"{page_name}: a still picture passes for the explorer: {before}"
    assert not light, f"{page_name}: WCAG 2 A/AA faults in the still pictures:\n" + "\n".join(light)
    assert not dark, f"{page_name}: WCAG 2 A/AA faults in the still pictures, dark mode:\n" + "\n".join(dark)
    assert not light_text["faint"] and not dark_text["faint"], f"{page_name}: {light_text} {dark_text}"
    assert after["explorers"] == after["views"] and not any(after["shown"]), \
        f"{page_name}: still pictures left beside the explorers: {after}"
    assert not problems, f"{page_name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("page_name", WIDGET_PAGES)
def test_without_javascript_each_still_picture_says_what_the_reader_can_do(page_name, book_server, browser):
    """With JavaScript off the explorer never comes: the page then says so under each still
    picture, rather than "Loading the explorer…" for ever, and points to the section on running
    the lessons as notebooks, which is on the how-to page. (Seen failing: the loading line stayed,
    and no <noscript> said anything.)"""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{book_server}/{page_name}.html")
        stills = page.locator(".bp-preview")
        assert stills.count() > 0, page_name
        for n in range(stills.count()):
            still = stills.nth(n)
            assert still.locator(".bp-preview-note").is_hidden(), f"{page_name}: still says it is loading"
            told = still.locator(".bp-preview-noscript")
            assert told.is_visible(), f"{page_name}: no word on what to do without JavaScript"
            assert told.inner_text().startswith("With JavaScript off, the ") and "Run the lessons" in told.inner_text()
            href = told.locator("a").get_attribute("href")
            target = (HTML / page_name).parent / href.split("#")[0]
            assert href.endswith("#run-the-lessons") and 'id="run-the-lessons"' in target.resolve().read_text(), href
    finally:
        context.close()


def test_the_noscript_line_is_in_each_still_picture_and_the_loading_line_hidden_without_javascript():
    """The build's own HTML for a still picture (first_paint.preview) holds, after the loading
    line, a <noscript> line with the link it is given; and the theme's layout hides the loading
    line when JavaScript is off (its <noscript> style), so no page says "Loading" for ever."""
    import sys

    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    from first_paint import preview

    html = preview("m1", "the explorer", "<svg></svg>", "../book/how-to-read.html#run-the-lessons")
    soup = BeautifulSoup(html, "html.parser")
    note, told = soup.select_one(".bp-preview-note"), soup.select_one("noscript .bp-preview-noscript")
    assert note.text.startswith("Loading the explorer") and told is not None
    assert told.text.startswith("With JavaScript off, the explorer cannot run here")
    assert told.a["href"] == "../book/how-to-read.html#run-the-lessons" and soup.select_one("svg") is not None
    layout = (ROOT / "book" / "_ext" / "templates" / "layout.html").read_text()
    assert ".bp-preview-note { display: none !important; }" in layout.split("<noscript>")[1].split("</noscript>")[0]
