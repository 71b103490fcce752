"""What the published book carries, read from the built HTML and checked in Chromium: on every
page the licence line and the edition (book/_ext/edition.py) and the link-preview metadata
(book/_ext/social_meta.py); the 404 page (book/_ext/not_found.py), served the way a static host
serves it, at any depth and under the site's own path, and opened from disk; and the search,
which works once the book is served (`make serve`), as it does not from a file:// page.
"""

from __future__ import annotations

import datetime
import functools
import http.server
import io
import subprocess
import sys
import threading
import tomllib
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from docutils import nodes

ROOT = Path(__file__).resolve().parents[1]
from browsing import HTML, collect_problems  # noqa: E402  (where tests/conftest.py builds the book)

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import edition  # noqa: E402
import social_meta  # noqa: E402

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
ASSETS = ("_static", "_sources", "_images", "mathjax", "widgets", "download")
TEXT_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def pages() -> list[str]:
    """Every HTML page of the build (its assets aside), as paths relative to it."""
    return sorted(p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html")
                  if p.relative_to(HTML).parts[0] not in ASSETS)


def read(page: str) -> BeautifulSoup:
    return BeautifulSoup((HTML / page).read_text(encoding="utf-8"), "html.parser")


def last_commit_date() -> datetime.date:
    out = subprocess.run(["git", "log", "-1", "--format=%cI"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    return datetime.datetime.fromisoformat(out).date()


def test_the_build_has_the_pages_these_tests_read(built_book):
    found = set(pages())
    expected = {"index.html", "404.html", "genindex.html", "search.html", "book/intro.html",
                "lessons/01_single_neuron.html", "lessons/A2_errata.html"}
    assert expected <= found, sorted(expected - found)


def test_the_repository_carries_both_licences():
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert code.startswith("MIT License\n\nCopyright (c) 2026 the Backprop, Step by Step team\n")
    assert "Permission is hereby granted, free of charge" in code
    text = (ROOT / "LICENSE-text").read_text(encoding="utf-8")
    assert text.startswith('The text of "Backprop, Step by Step" is licensed under the Creative Commons\n'
                           "Attribution 4.0 International licence (CC BY 4.0)")
    assert "licensed under the MIT licence in\nLICENSE" in text
    # the legal code itself, whole: its title, its first and its last section
    for part in ("Creative Commons Attribution 4.0 International Public License", "Section 1 – Definitions.",
                 "Section 8 – Interpretation.", "Creative Commons may be contacted at creativecommons.org."):
        assert part in text, part


def test_every_page_says_under_which_licences_it_is_and_links_to_them(built_book):
    for page in pages():
        soup = read(page)
        line = soup.select("p.book-licence")
        assert len(line) == 1, f"{page}: {len(line)} licence lines"
        assert " ".join(line[0].get_text().split()) == \
            "The text of this book is licensed under CC BY 4.0 and its code under the MIT licence.", page
        text_link, code_link = line[0].find_all("a")
        assert text_link["href"] == TEXT_LICENCE_URL and text_link.get("rel") == ["license"], page
        # resolved as a browser resolves it on a site served at "/", the path of this build
        assert urljoin(f"http://host/{page}", code_link["href"]) == "http://host/LICENSE.txt", page
    assert (HTML / "LICENSE.txt").read_bytes() == (ROOT / "LICENSE").read_bytes()


def test_every_page_shows_the_edition_version_and_last_commit_date(built_book):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    day = last_commit_date()
    expected = f"Edition {version} of {day.day} {MONTHS[day.month - 1]} {day.year}."
    for page in pages():
        line = read(page).select("p.book-edition")
        assert len(line) == 1, f"{page}: {len(line)} edition lines"
        assert line[0].get_text() == expected, page
        assert line[0].time["datetime"] == day.isoformat(), page


def test_the_footer_lines_are_shown_at_the_foot_of_a_page(built_book, book_server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{book_server}/lessons/01_single_neuron.html", wait_until="networkidle")
        for selector in ("footer .book-licence", "footer .book-edition"):
            line = page.locator(selector)
            line.scroll_into_view_if_needed()
            assert line.is_visible(), selector
    finally:
        page.close()


def test_the_edition_date_is_the_last_commit_s_then_source_date_epoch_never_the_build_s(tmp_path, monkeypatch):
    assert edition.date() == last_commit_date()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14: the commit still wins
    assert edition.date() == last_commit_date()
    monkeypatch.setattr(edition, "ROOT", tmp_path)  # a source archive: no git history
    assert edition.date() == datetime.date(2023, 11, 14)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    from sphinx.errors import ExtensionError

    with pytest.raises(ExtensionError, match="has no git history; build from a clone, or set SOURCE_DATE_EPOCH"):
        edition.date()


def _meta(soup: BeautifulSoup, key: str) -> list[str]:
    return [m["content"] for m in soup.find_all("meta") if key in (m.get("property"), m.get("name"))]


def test_every_page_has_a_link_preview_title_description_and_card(built_book):
    assert (HTML / social_meta.CARD).is_file()
    for page in pages():
        soup = read(page)
        for key in ("og:title", "og:description", "og:image", "og:site_name", "twitter:card", "description"):
            assert len(_meta(soup, key)) == 1, f"{page}: {key} {_meta(soup, key)}"
        title, text = _meta(soup, "og:title")[0], _meta(soup, "og:description")[0]
        assert title and soup.title.get_text().startswith(title), f"{page}: og:title {title!r}"
        assert 40 <= len(text) <= social_meta.DESCRIPTION_LENGTH, f"{page}: og:description {text!r}"
        assert "\\" not in text and "$" not in text, f"{page}: TeX in the description {text!r}"
        assert _meta(soup, "description") == [text]
        assert _meta(soup, "og:site_name") == ["Backprop, Step by Step"]
        assert _meta(soup, "twitter:card") == ["summary_large_image"]
        # no published address in _config.yml yet: the card's address is relative to the page
        assert urljoin(f"http://host/{page}", _meta(soup, "og:image")[0]) == f"http://host/{social_meta.CARD}", page
    lesson = read("lessons/01_single_neuron.html")
    assert _meta(lesson, "og:title") == ["1. A single neuron"]
    assert _meta(lesson, "og:description")[0].startswith("How does a neuron learn from a wrong answer? It moves")
    assert _meta(read("index.html"), "og:title") == ["Backprop, Step by Step"]


def test_the_card_is_drawn_at_the_size_previews_show_the_same_on_every_build(built_book, tmp_path):
    from PIL import Image

    card = HTML / social_meta.CARD
    with Image.open(card) as image:
        assert image.format == "PNG" and image.size == social_meta.CARD_SIZE == (1200, 630)
    social_meta.draw_card(tmp_path / "card.png", "Backprop, Step by Step")
    assert (tmp_path / "card.png").read_bytes() == card.read_bytes()


def test_the_root_forwards_to_the_first_page(built_book):
    soup = read("index.html")
    refresh = soup.find("meta", attrs={"http-equiv": "Refresh"})
    assert refresh["content"] == "0; url=book/intro.html"
    assert soup.find("a", href="book/intro.html") is not None


def test_a_page_s_own_description_in_its_front_matter_comes_first():
    """``description:`` in a page's front matter (MyST puts it in the page's metadata) is its
    preview's description, before its first paragraph."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    doctree = new_document("page", get_default_settings(Parser))
    text = "A first paragraph of prose that is long enough to describe the page it opens, and would be its description."
    doctree += nodes.paragraph(text, text)
    app = SimpleNamespace(builder=SimpleNamespace(format="html", get_target_uri=lambda name: f"{name}.html"),
                          config=SimpleNamespace(html_baseurl="", html_theme_options={}, html_title="A book", project=""))
    for meta, expected in [({}, "A first paragraph of prose that is long enough"),
                           ({"description": "What this page is for, in the author's words."},
                            "What this page is for, in the author's words.")]:
        context = {"title": "A page", "meta": meta, "metatags": "", "pathto": lambda name, resource=0: name}
        social_meta._page_tags(app, "book/page", "page.html", context, doctree)
        found = _meta(BeautifulSoup(context["metatags"], "html.parser"), "og:description")
        assert len(found) == 1 and found[0].startswith(expected), found


def _config(baseurl="", repository_url=""):
    return SimpleNamespace(html_baseurl=baseurl, html_theme_options={"repository_url": repository_url})


@pytest.mark.parametrize("baseurl, repository_url, address", [
    ("", "", ""),
    ("", "https://github.com/Example-Owner/backprop-step-by-step", "https://example-owner.github.io/backprop-step-by-step/"),
    ("", "https://github.com/example/example.github.io.git", "https://example.github.io/"),
    ("https://book.example.org/backprop", "https://github.com/example/backprop", "https://book.example.org/backprop/"),
])
def test_the_published_address_is_the_base_url_else_github_pages_of_the_repository(baseurl, repository_url, address):
    assert social_meta.site_address(_config(baseurl, repository_url)) == address


def test_with_a_published_address_the_preview_addresses_are_absolute():
    site = "https://example-owner.github.io/backprop-step-by-step/"
    tags = BeautifulSoup(social_meta.tags(
        title="1. A single neuron", description='A "quoted" word & more', site_name="Backprop, Step by Step",
        site=site, page_url=site + "lessons/01_single_neuron.html", card_url=site + social_meta.CARD), "html.parser")
    assert _meta(tags, "og:url") == [site + "lessons/01_single_neuron.html"]
    assert _meta(tags, "og:image") == [site + "_static/social-card.png"]
    assert _meta(tags, "og:description") == ['A "quoted" word & more']


# The 404 page, served as GitHub Pages serves it: a missing address gets 404.html's bytes with
# status 404, whatever its depth; `prefix` is the site's path on its host.
class _StaticHost(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    not_found = b""

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        path = urlparse(path).path
        if not path.startswith(self.prefix):
            return str(HTML / "missing-page")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_head(self):
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if target.is_file():
            return super().send_head()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.not_found)))
        self.end_headers()
        return io.BytesIO(self.not_found)


@pytest.fixture
def static_host(built_book):
    """Start a host of the built book under ``prefix``. Its 404 page is the one of a book
    published under ``built_for`` (default: ``prefix``): not_found.py writes that ROOT in two
    places, the links' href and the script's root."""
    servers = []

    def start(prefix: str = "/", built_for: str | None = None) -> str:
        built_for = built_for or prefix
        page = (HTML / "404.html").read_text(encoding="utf-8")
        if built_for != "/":
            assert page.count('var root = "/"') == 1
            page = page.replace('var root = "/"', f'var root = "{built_for}"').replace('href="/', f'href="{built_for}')
        handler = type("Host", (_StaticHost,), {"prefix": prefix, "not_found": page.encode()})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(HTML)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _open_404(browser, address: str, javascript: bool = True):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    problems, requests = [], []
    # Chromium logs the document's own 404 status as an error ("Failed to load resource"): that
    # one is the host saying the page is missing, as it should; any other console error counts.
    own_status = "Failed to load resource: the server responded with a status of 404 (Not Found)"
    page.on("console", lambda m: m.type == "error" and not (m.text == own_status and m.location.get("url") == address)
            and problems.append(f"console error: {m.text} ({m.location.get('url')})"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    page.on("request", lambda r: requests.append(r.url))

    def only_this_machine(route):
        url = route.request.url
        if url.startswith(("data:", "file:")) or urlparse(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            problems.append(f"request off the machine: {url}")
            route.abort()

    page.route("**/*", only_this_machine)
    response = page.goto(address, wait_until="networkidle")
    page.wait_for_timeout(300)  # a late request (an icon) still counts
    return context, page, response, problems, requests


@pytest.mark.parametrize("prefix, missing, words", [
    ("/", "lessons/11_a_chapter_that_is_not_there.html", "a chapter that is not there"),
    ("/", "no/such/folder/deep/down/", "down"),
    ("/backprop-step-by-step/", "lessons/old-name.html", "old name"),
    ("/backprop-step-by-step/", "a/b/c/d", "d"),
])
def test_a_missing_address_at_any_depth_gets_the_404_page_whose_links_work(prefix, missing, words, static_host, browser):
    host = static_host(prefix)
    address = f"{host}{prefix}{missing}"
    context, page, response, problems, requests = _open_404(browser, address)
    try:
        assert response.status == 404 and page.title() == "Page not found \u2014 Backprop, Step by Step"
        assert requests == [address], "the 404 page asks for nothing but itself"
        assert page.locator("a.home-link").evaluate("a => a.href") == f"{host}{prefix}book/intro.html"
        assert page.locator("footer .book-licence a").nth(1).evaluate("a => a.href") == f"{host}{prefix}LICENSE.txt"
        search = page.locator("a.search-link")
        assert search.inner_text() == f"Search the book for \u201c{words}\u201d"
        assert search.evaluate("a => a.href") == f"{host}{prefix}search.html?q={quote(words)}"
        page.locator("a.home-link").click()
        page.wait_for_load_state("networkidle")
        assert page.url == f"{host}{prefix}book/intro.html"
        assert page.title().startswith("Backprop, Step by Step")
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_a_book_published_under_a_path_but_served_at_the_root_still_links_home(static_host, browser):
    """A book built for https://OWNER.github.io/backprop-step-by-step/ and served on 127.0.0.1
    at "/": the 404 page's links are then written from "/"."""
    host = static_host("/", built_for="/backprop-step-by-step/")
    context, page, response, problems, _ = _open_404(browser, f"{host}/lessons/gone.html")
    try:
        assert page.locator("a.home-link").evaluate("a => a.href") == f"{host}/book/intro.html"
        assert page.locator("a.search-link").evaluate("a => a.href") == f"{host}/search.html?q=gone"
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_without_javascript_the_404_page_s_links_still_lead_home(static_host, browser):
    host = static_host("/backprop-step-by-step/")
    context, page, response, problems, _ = _open_404(browser, f"{host}/backprop-step-by-step/x/y/z.html", javascript=False)
    try:
        assert page.locator("a.home-link").evaluate("a => a.href") == f"{host}/backprop-step-by-step/book/intro.html"
        assert page.locator("a.search-link").evaluate("a => a.href") == f"{host}/backprop-step-by-step/search.html"
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_the_404_page_reads_from_disk_and_at_its_own_address_on_the_book_s_server(built_book, book_server, browser):
    for address, root in [((HTML / "404.html").as_uri(), HTML.as_uri() + "/"), (f"{book_server}/404.html", f"{book_server}/")]:
        context, page, response, problems, requests = _open_404(browser, address)
        try:
            assert requests == [address]
            assert page.locator("a.home-link").evaluate("a => a.href") == root + "book/intro.html"
            assert page.locator("a.search-link").evaluate("a => a.href") == root + "search.html"
            assert page.locator("footer .book-licence a").nth(1).evaluate("a => a.href") == root + "LICENSE.txt"
            page.locator("a.home-link").click()
            page.wait_for_load_state("networkidle")
            assert page.url == root + "book/intro.html"
            assert not problems, f"{address}:\n" + "\n".join(problems)
        finally:
            context.close()


def test_search_shows_its_results_with_their_summaries_once_the_book_is_served(book_server, browser):
    """What `make serve` is for: over http the search finds the pages and shows a summary of
    each; from a file:// page the browser refuses to fetch the pages for their summaries."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = collect_problems(page)
    try:
        page.goto(f"{book_server}/search.html?q=sigmoid", wait_until="networkidle")
        page.locator("#search-results p.search-summary").wait_for(timeout=20000)  # "Search finished, ..."
        page.wait_for_load_state("networkidle")
        found = page.locator("#search-results ul.search > li")
        assert found.count() >= 5
        summaries = page.locator("#search-results ul.search > li > p.context")
        assert summaries.count() == found.count()
        assert all("sigmoid" in text.lower() for text in summaries.all_inner_texts())
        assert not problems, "\n".join(problems)
    finally:
        page.close()
