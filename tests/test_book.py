"""The book: it builds with Sphinx warnings as errors, exactly the pages of _toc.yml, and every
page, opened in a real headless Chromium, reads offline: it loads; it logs no console error;
it makes no request to any host but 127.0.0.1 and none fails; no image is broken; and every
piece of math is typeset by MathJax, with no raw TeX delimiters left in the text.

One module, so that pytest-xdist (--dist loadfile) builds the book once, on one worker.
"""

from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


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
        assert (ROOT / "_build" / "html" / f"{name}.html").is_file(), f"{name} was not built"


def test_every_lesson_is_in_the_table_of_contents():
    listed = set(toc_files())
    lessons = {f"lessons/{p.stem}" for p in (ROOT / "lessons").glob("*.ipynb")}
    assert lessons, "no lessons found"
    assert lessons <= listed, f"lessons missing from _toc.yml (they would not be built): {sorted(lessons - listed)}"


def test_mathjax_is_served_by_the_book_itself(built_book):
    html = ROOT / "_build" / "html"
    assert (html / "mathjax" / "tex-chtml.js").is_file()
    assert (html / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()
    page = (html / "lessons" / "01_single_neuron.html").read_text()
    assert 'src="../_static/../mathjax/tex-chtml.js' in page
    assert "cdn.jsdelivr.net" not in page


# index.html redirects to the first page; genindex, search and prf-prf (sphinx-proof's index of
# theorems and proofs) are pages Sphinx adds.
PAGES = ["index"] + toc_files() + ["genindex", "search", "prf-prf"]
SCREENSHOTS = ROOT / "_build" / "screenshots"


def test_the_build_has_no_page_this_test_misses(built_book):
    html = ROOT / "_build" / "html"
    built = {
        str(p.relative_to(html).with_suffix(""))
        for p in html.rglob("*.html")
        if p.relative_to(html).parts[0] not in ("_static", "_sources", "mathjax", "_images")
    }
    assert built == set(PAGES)


WAIT_FOR_MATH = """async () => {
    if (!window.MathJax || !MathJax.startup) return document.querySelectorAll('.math').length === 0;
    await MathJax.startup.promise;
    return true;
}"""

MATH_REPORT = """() => {
    const maths = Array.from(document.querySelectorAll('.math'));
    const untypeset = maths.filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 80));
    const clone = document.querySelector('main, article, body').cloneNode(true);
    clone.querySelectorAll('pre, code, script, style, mjx-container').forEach(e => e.remove());
    const text = clone.textContent;
    const raw = ['\\\\(', '\\\\[', '$$'].filter(d => text.includes(d));
    const broken = Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src);
    return {n_math: maths.length, untypeset, raw, broken};
}"""


@pytest.mark.parametrize("page_name", PAGES)
def test_page_reads_offline_with_all_math_typeset(page_name, book_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
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
    try:
        response = page.goto(f"{book_server}/{page_name}.html", wait_until="networkidle")
        assert response is not None and response.ok, f"{page_name}: HTTP {response and response.status}"
        assert page.evaluate(WAIT_FOR_MATH), f"{page_name}: math on the page but MathJax never loaded"
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)  # late requests (a favicon, a font) still count
        report = page.evaluate(MATH_REPORT)
        if page_name.startswith("lessons/"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{Path(page_name).name}.png"), full_page=True)
    finally:
        context.close()

    assert not problems, f"{page_name}:\n" + "\n".join(problems)
    assert not report["broken"], f"{page_name}: broken images {report['broken']}"
    assert not report["untypeset"], f"{page_name}: math not typeset: {report['untypeset']}"
    assert not report["raw"], f"{page_name}: raw TeX delimiters left in the text: {report['raw']}"
    if page_name in ("lessons/01_single_neuron", "book/notation"):
        assert report["n_math"] > 10, f"{page_name}: expected plenty of typeset math, found {report['n_math']}"
