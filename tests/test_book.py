"""The book: it builds with Sphinx warnings as errors, exactly the pages of _toc.yml, and every
page, opened in a real headless Chromium, reads offline: it loads; it logs no console error;
it makes no request to any host but 127.0.0.1 and none fails; no image is broken; and every
piece of math is typeset (by MathJax, when the book is built), with no raw TeX delimiters left
in the text.

One module, so that pytest-xdist (--dist loadfile) builds the book once, on one worker.
"""

import contextlib
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sphinx.errors import ExtensionError

ROOT = Path(__file__).resolve().parents[1]
from browsing import HTML  # noqa: E402  (where tests/conftest.py builds the book)

sys.path.insert(0, str(ROOT / "book" / "_ext"))  # the book's Sphinx extensions, as _config.yml loads them


def toc_files() -> list[str]:
    """Every file named in _toc.yml, without its extension, in reading order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part["chapters"]:
            files.append(chapter["file"])
            files.extend(section["file"] for section in chapter.get("sections", []))
    return files


def test_book_builds_without_warnings(built_book):
    assert "build succeeded" in built_book
    for name in toc_files():
        assert (HTML / f"{name}.html").is_file(), f"{name} was not built"


def test_every_lesson_is_in_the_table_of_contents():
    listed = set(toc_files())
    lessons = {f"lessons/{p.stem}" for p in (ROOT / "lessons").glob("*.ipynb")}
    assert lessons, "no lessons found"
    assert lessons <= listed, f"lessons missing from _toc.yml (they would not be built): {sorted(lessons - listed)}"


def test_the_maths_is_typeset_in_the_build_and_only_its_fonts_are_served(built_book):
    """MathJax typesets every formula when the book is built (book/_ext/prerendered_math.py):
    a page holds each one drawn, with its hidden MathML copy for screen readers, links the one
    stylesheet whose fonts the book serves itself, and loads no MathJax."""
    html = HTML
    css = (html / "_static" / "mathjax-chtml.css").read_text()
    fonts = set(re.findall(r'url\("?([^)"]+\.woff)"?\)', css))
    assert fonts, "the stylesheet names no font"
    missing = [f for f in fonts if not (html / "_static" / f).resolve().is_file()]
    assert not missing, f"fonts the stylesheet names that the build does not serve: {missing}"
    for page_file in html.glob("lessons/*.html"):
        page = page_file.read_text()
        assert "mathjax-chtml.css" in page, page_file.name
        assert not re.search(r"<script[^>]*(mathjax|tex-chtml)", page, re.I), f"{page_file.name} loads MathJax"
        assert "cdn.jsdelivr.net" not in page
    page = (html / "lessons" / "01_single_neuron.html").read_text()
    formulas = page.count('class="math notranslate nohighlight"')
    assert formulas > 100 and page.count("<mjx-container") == page.count("<mjx-assistive-mml") == formulas


def test_a_formula_mathjax_cannot_typeset_stops_the_build_naming_the_page_and_the_tex():
    from types import SimpleNamespace

    import prerendered_math

    translator = SimpleNamespace(builder=SimpleNamespace(current_docname="lessons/01_single_neuron"))
    try:
        assert "<mjx-container" in prerendered_math._typeset(translator, r"\sigma'(z) = \tfrac12", display=False)
        with pytest.raises(ExtensionError, match=r"lessons/01_single_neuron: MathJax could not typeset "
                                                 r"'\\\\sigmoidd\(z\)': Undefined control sequence \\sigmoidd"):
            prerendered_math._typeset(translator, r"\sigmoidd(z)", display=False)
        with pytest.raises(ExtensionError, match="Missing close brace"):
            prerendered_math._typeset(translator, r"\frac{1}{2", display=True)
    finally:
        prerendered_math.TYPESETTER.close()


# index.html redirects to the first page; genindex, search and prf-prf (sphinx-proof's index of
# theorems and proofs) are pages Sphinx adds; 404 is book/_ext/not_found.py's.
PAGES = ["index"] + toc_files() + ["genindex", "search", "prf-prf", "404"]


def test_the_build_has_no_page_this_test_misses(built_book):
    html = HTML
    built = {
        str(p.relative_to(html).with_suffix(""))
        for p in html.rglob("*.html")
        if p.relative_to(html).parts[0] not in ("_static", "_sources", "mathjax", "_images")
    }
    assert built == set(PAGES)


# The maths is typeset when the book is built: a page that runs MathJax itself is a fault. Its
# fonts come as the page is drawn.
WAIT_FOR_MATH = """async () => {
    await document.fonts.ready;
    return !window.MathJax;
}"""

MATH_REPORT = """() => {
    const maths = Array.from(document.querySelectorAll('.math'));
    const untypeset = maths.filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 80));
    const clone = document.querySelector('main, article, body').cloneNode(true);
    clone.querySelectorAll('pre, code, script, style, mjx-container').forEach(e => e.remove());
    const text = clone.textContent;
    const raw = ['\\\\(', '\\\\[', '$$'].filter(d => text.includes(d));
    // inline math left as $...$ (a glue:md pasted as plain Markdown, say): a $ next to TeX
    const dollar = text.match(/\\$[^$\\s][^$]{0,60}?[\\\\^_{}][^$]{0,60}?\\$/);
    if (dollar) raw.push(dollar[0]);
    const broken = Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src);
    return {n_math: maths.length, untypeset, raw, broken};
}"""


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

RUN_AXE = """async () => {
    // every violation in full; passes and "needs review" are not read, so axe-core is told not
    // to build their selectors (its resultTypes option: the same rules run on the same nodes)
    const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                                           resultTypes: ['violations']});
    return result.violations.map(v => `${v.id} (${v.impact}): ${v.help}; ` +
        v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')).join(' | '));
}"""

PHONE_REPORT = """() => {
    const wide = document.documentElement.scrollWidth > window.innerWidth + 1;
    // an element whose right edge passes the screen's, outside any box that scrolls sideways
    const cut = [];
    for (const el of document.querySelectorAll('article *')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right <= window.innerWidth + 1) continue;
        let box = el.parentElement, scrolls = false;
        while (box && box !== document.body) {
            const s = getComputedStyle(box);
            if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && box.getBoundingClientRect().right <= window.innerWidth + 1) { scrolls = true; break; }
            box = box.parentElement;
        }
        if (!scrolls) cut.push(el.tagName + '.' + el.className + ': ' + (el.textContent || '').trim().slice(0, 40));
    }
    // a picture, table or equation that scrolls sideways in its box, wider than it shows,
    // with no visible line above it saying so (book/_static/scroll-cues.js)
    const uncued = [];
    // (what it draws reaching past its right edge by more than 4 px: MathJax's hidden copy of a
    // formula for screen readers, mjx-assistive-mml, widens scrollWidth with nothing to see, and
    // a hat may overhang by a pixel or two)
    const drawnPast = box => {
        const edge = box.getBoundingClientRect().left + box.clientLeft + box.clientWidth + 4;
        return Array.from(box.querySelectorAll('*')).some(e => !e.closest('mjx-assistive-mml')
            && e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > edge);
    };
    for (const box of document.querySelectorAll('article *')) {
        if (box.closest('pre, .bp-explorer, .cell_input') || box.scrollWidth <= box.clientWidth + 1) continue;
        if (!box.checkVisibility({visibilityProperty: true})) continue;  // in a closed dropdown
        const s = getComputedStyle(box);
        if (s.overflowX !== 'auto' && s.overflowX !== 'scroll') continue;
        if (!box.matches('table, mjx-container') && !box.querySelector('img, table, mjx-container, svg')) continue;
        if (!drawnPast(box)) continue;
        // the cue goes above the outermost such box: a box inside a cued one is cued by it
        let cued = false;
        for (let e = box; e && e !== document.body && !cued; e = e.parentElement) {
            const cue = e.previousElementSibling;
            cued = !!cue && cue.classList.contains('bp-scroll-cue') && !cue.hidden && cue.getBoundingClientRect().height > 0;
        }
        if (!cued) uncued.push(box.tagName + '.' + box.className + ': ' + (box.textContent || '').trim().slice(0, 40));
    }
    // a number in a table or glued into the prose that the line breaks inside (1.250e- / 01)
    const broken = [];
    const NUMBER = /^[-\\u2212+]?(\\d[\\d,]*)?\\.?\\d+(e[-\\u2212+]?\\d+)?%?$/i;
    for (const el of document.querySelectorAll('article td, article th, article span.pasted-text')) {
        const text = el.textContent.trim();
        if (!NUMBER.test(text)) continue;
        const range = document.createRange();
        range.selectNodeContents(el);
        const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(text);
    }
    return {wide, cut: cut.slice(0, 5), uncued: uncued.slice(0, 5), broken: broken.slice(0, 5)};
}"""

# The explorers: every widget kept in the page rendered, and every piece of their text readable
# (WCAG AA: 4.5:1, 3:1 for large type) on what is really behind it (the theme may paint a widget's area in its own colours, which
# axe-core reports only as "needs review").
WIDGETS_DRAWN = """() => document.querySelectorAll('.bp-explorer').length >=
    document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length"""

WIDGET_REPORT = """() => {
    const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length;
    const rendered = document.querySelectorAll('.bp-explorer').length;
    const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const behind = el => {
        for (let e = el; e; e = e.parentElement) {
            if (e instanceof SVGElement && e.tagName !== 'svg') continue;
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c;
        }
        return [255, 255, 255];
    };
    const faint = [];
    for (const root of document.querySelectorAll('.bp-explorer')) {
        for (const el of root.querySelectorAll('*')) {
            const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
            const r = el.getBoundingClientRect();
            if (!own || r.width === 0 || getComputedStyle(el).visibility === 'hidden') continue;
            const style = getComputedStyle(el);
            const fg = rgb(el instanceof SVGElement ? style.fill : style.color);
            if (fg.length < 3 || (fg.length > 3 && fg[3] === 0)) continue;
            const [a, b] = [lum(fg), lum(behind(el))].sort((x, y) => y - x);
            const ratio = (a + 0.05) / (b + 0.05);
            const size = parseFloat(style.fontSize), large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
            if (ratio < (large ? 3 : 4.5)) faint.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}:1`);
        }
    }
    return {views, rendered, faint: faint.slice(0, 6)};
}"""

# The boxes the theme (pydata-sphinx-theme's addTabStopsToScrollableElements) makes
# keyboard-focusable when they scroll, all set for the present width.
SCROLL_STOPS_SET = """() => Array.from(document.querySelectorAll(
        'pre, .nboutput > .output_area, .cell_output > .output, .jp-RenderedHTMLCommon, .pst-scrollable-table-container'))
    .every(e => e.tabIndex === (e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight ? 0 : -1))"""

# scroll-cues.js has caught up with the present width (it marks the width it last set its
# cues for).
CUES_SET = "() => document.documentElement.dataset.scrollCues === String(window.innerWidth)"

IMAGE_REPORT = """() => Array.from(document.querySelectorAll('article img'))
    .filter(i => !i.alt || i.alt.length < 20 || /\\.(png|svg|jpe?g)$/.test(i.alt))
    .map(i => i.src.split('/').pop() + ' alt=' + JSON.stringify(i.alt))"""

# A code box (code, its output, a code block in the prose) whose lines run past its right
# edge, so that the laptop reader must scroll it sideways to read them.
CUT_CODE = """() => Array.from(document.querySelectorAll('article pre'))
    .filter(p => !p.closest('.bp-explorer') && p.scrollWidth > p.clientWidth + 1)
    .map(p => p.textContent.split('\\n').reduce((a, b) => a.length >= b.length ? a : b).trim().slice(0, 60))"""

TRUNCATED_CELLS = """() => Array.from(document.querySelectorAll('article table td, article table th'))
    .map(c => c.textContent.trim()).filter(t => t === '...' || t === '…' || t.endsWith('...'))"""


def _open(browser, book_server, page_name, width, problems, colour_mode="light"):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=colour_mode)
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"console error: {msg.text}"))
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    page.on("requestfailed", lambda req: problems.append(f"failed request: {req.url} ({req.failure})"))
    page.on("response", lambda res: res.status >= 400 and problems.append(f"HTTP {res.status}: {res.url}"))

    def only_this_machine(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith("data:") or host == "127.0.0.1":
            route.continue_()
        else:
            problems.append(f"request off the machine: {route.request.url}")
            route.abort()

    page.route("**/*", only_this_machine)
    address = f"{book_server}/{page_name}.html"
    response = page.goto(address, wait_until="load")
    assert response is not None and response.ok, f"{page_name}: HTTP {response and response.status}"
    if 'http-equiv="refresh"' in (HTML / f"{page_name}.html").read_text().lower():  # it forwards (the root)
        page.wait_for_url(lambda url: url != address, wait_until="load")
    assert page.evaluate(WAIT_FOR_MATH), f"{page_name}: the page runs MathJax (its maths is typeset in the build)"
    # what the typeset maths asked for (fonts) has come; a later request (a favicon) still
    # counts, since the page stays open, listened to, for the checks that follow
    page.wait_for_load_state("networkidle")
    return context, page


@pytest.mark.parametrize("page_name", PAGES)
def test_page_reads_offline_on_a_laptop_and_on_a_phone_with_no_accessibility_fault(page_name, book_server, browser):
    """At 1280 px in the light colour mode: everything typeset, described and whole, and no
    WCAG 2 A/AA fault; then, on the same page at 390 px in the dark mode: the page never scrolls
    sideways and nothing is cut (wide tables and equations scroll in their own boxes), and
    still no fault. (`tools/screenshots.py` takes pictures of the pages to look at.)"""
    problems = []
    context, page = _open(browser, book_server, page_name, 1280, problems)
    try:
        # The html-manager draws the explorers after the page has loaded, later on a busy machine:
        # wait (up to a deadline, not a speed requirement) until every kept widget is drawn.
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(WIDGETS_DRAWN, timeout=60000)
        report = page.evaluate(MATH_REPORT)
        images, truncated = page.evaluate(IMAGE_REPORT), page.evaluate(TRUNCATED_CELLS)
        cut_code = page.evaluate(CUT_CODE)
        page.add_script_tag(path=str(AXE))
        faults = page.evaluate(RUN_AXE)
        widgets = page.evaluate(WIDGET_REPORT)
        page.set_viewport_size({"width": 390, "height": 900})
        page.evaluate("() => document.documentElement.dataset.theme = 'dark'")
        # the theme makes boxes that now scroll keyboard-focusable 300 ms after a resize, and
        # scroll-cues.js shows its cues at the next frame: wait (up to a deadline) until both
        # have; if they never do, axe-core and the phone report below say so
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(f"() => ({SCROLL_STOPS_SET})() && ({CUES_SET})()", timeout=5000)
        phone = page.evaluate(PHONE_REPORT)
        dark_faults = page.evaluate(RUN_AXE)
        dark_widgets = page.evaluate(WIDGET_REPORT)
    finally:
        context.close()

    assert not problems, f"{page_name}:\n" + "\n".join(problems)
    assert not report["broken"], f"{page_name}: broken images {report['broken']}"
    assert not report["untypeset"], f"{page_name}: math not typeset: {report['untypeset']}"
    assert not report["raw"], f"{page_name}: raw TeX delimiters left in the text: {report['raw']}"
    if page_name in ("lessons/01_single_neuron", "book/notation"):
        assert report["n_math"] > 10, f"{page_name}: expected plenty of typeset math, found {report['n_math']}"
    assert not images, f"{page_name}: figures without alt text that says what they show: {images}"
    assert not truncated, f"{page_name}: table cells cut short: {truncated}"
    assert not cut_code, f"{page_name}: code boxes cut off on the right at 1280 px, longest lines: {cut_code}"
    assert not faults, f"{page_name}: WCAG 2 A/AA faults found by axe-core:\n" + "\n".join(faults)
    assert not phone["wide"] and not phone["cut"], f"{page_name}: cut at 390 px: {phone['cut']}"
    assert not phone["uncued"], f"{page_name}: wider than a phone's screen, with no line saying so: {phone['uncued']}"
    assert not phone["broken"], f"{page_name}: numbers broken across lines at 390 px: {phone['broken']}"
    assert not dark_faults, f"{page_name}: WCAG 2 A/AA faults in dark mode at 390 px:\n" + "\n".join(dark_faults)
    assert widgets["rendered"] >= widgets["views"], f"{page_name}: {widgets['views']} widgets kept, {widgets['rendered']} drawn"
    assert not widgets["faint"], f"{page_name}: explorer text too faint to read (light mode): {widgets['faint']}"
    assert not dark_widgets["faint"], f"{page_name}: explorer text too faint to read (dark mode): {dark_widgets['faint']}"
