"""What the published book carries, read from the built HTML and checked in Chromium: on every
page the licence line and the edition (book/_ext/edition.py) and the link-preview metadata
(book/_ext/social_meta.py); the 404 page (book/_ext/not_found.py), served the way a static host
serves it, at any depth and under the site's own path, and opened from disk; and the search,
which works once the book is served (`make serve`), as it does not from a file:// page.

Each page of the build is parsed once (``book_pages``) for the tests that read every page; the
404 page is opened in Chromium once for every case, all of them at once (``not_found_visits``),
and each case's test reads what was seen there.
"""

from __future__ import annotations

import dataclasses
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


@pytest.fixture(scope="module")
def book_pages(built_book) -> dict[str, BeautifulSoup]:
    """Every HTML page of the build (``pages()``), each parsed once for all the tests that read
    them (none of them changes a page)."""
    return {page: read(page) for page in pages()}


def last_commit_date() -> datetime.date:
    out = subprocess.run(["git", "log", "-1", "--format=%cI"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    return datetime.datetime.fromisoformat(out).date()


def test_the_build_has_the_pages_these_tests_read(book_pages):
    """The build has every page that the tests below read by name."""
    found = set(book_pages)
    expected = {"index.html", "404.html", "genindex.html", "search.html", "book/intro.html",
                "lessons/01_single_neuron.html", "lessons/A2_errata.html"}
    assert expected <= found, sorted(expected - found)


def test_the_repository_carries_both_licences():
    """LICENSE is the MIT licence of the code; LICENSE-text is the CC BY 4.0 licence of the text,
    its legal code whole."""
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


def test_every_page_says_under_which_licences_it_is_and_links_to_them(book_pages):
    """Every page has one licence line, linking CC BY 4.0 (rel=license) and the build's own copy
    of LICENSE, which is the repository's."""
    for page, soup in book_pages.items():
        line = soup.select("p.book-licence")
        assert len(line) == 1, f"{page}: {len(line)} licence lines"
        assert " ".join(line[0].get_text().split()) == \
            "The text of this book is licensed under CC BY 4.0 and its code under the MIT licence.", page
        text_link, code_link = line[0].find_all("a")
        assert text_link["href"] == TEXT_LICENCE_URL and text_link.get("rel") == ["license"], page
        # resolved as a browser resolves it on a site served at "/", the path of this build
        assert urljoin(f"http://host/{page}", code_link["href"]) == "http://host/LICENSE.txt", page
    assert (HTML / "LICENSE.txt").read_bytes() == (ROOT / "LICENSE").read_bytes()


def test_every_page_shows_the_edition_version_and_last_commit_date(book_pages):
    """Every page has one edition line: pyproject.toml's version and the last commit's date."""
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    day = last_commit_date()
    expected = f"Edition {version} of {day.day} {MONTHS[day.month - 1]} {day.year}."
    for page, soup in book_pages.items():
        line = soup.select("p.book-edition")
        assert len(line) == 1, f"{page}: {len(line)} edition lines"
        assert line[0].get_text() == expected, page
        assert line[0].time["datetime"] == day.isoformat(), page


def test_the_footer_lines_are_shown_at_the_foot_of_a_page(built_book, book_server, browser):
    """In Chromium, a lesson's licence and edition lines are in its footer, and visible there."""
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
    """The edition's date is the last commit's; without git history, SOURCE_DATE_EPOCH's; with
    neither, the build stops and says what to do."""
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


def test_every_page_has_a_link_preview_title_description_and_card(book_pages):
    """Every page has one of each link-preview tag: its title, a description of prose (no TeX)
    of a preview's length, the site's name and the card, the last relative to the page."""
    assert (HTML / social_meta.CARD).is_file()
    for page, soup in book_pages.items():
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
    lesson = book_pages["lessons/01_single_neuron.html"]
    assert _meta(lesson, "og:title") == ["1. A single neuron"]
    assert _meta(lesson, "og:description")[0].startswith("How does a neuron learn from a wrong answer? It moves")
    assert _meta(book_pages["index.html"], "og:title") == ["Backprop, Step by Step"]


def test_the_card_is_drawn_at_the_size_previews_show_the_same_on_every_build(built_book, tmp_path):
    """The preview card is a PNG of the size previews show, drawn the same byte for byte again."""
    from PIL import Image

    card = HTML / social_meta.CARD
    with Image.open(card) as image:
        assert image.format == "PNG" and image.size == social_meta.CARD_SIZE == (1200, 630)
    social_meta.draw_card(tmp_path / "card.png", "Backprop, Step by Step")
    assert (tmp_path / "card.png").read_bytes() == card.read_bytes()


def test_the_root_forwards_to_the_first_page(book_pages):
    """index.html forwards to the book's first page, and links to it for a reader without refresh."""
    soup = book_pages["index.html"]
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
    """The published address is html.baseurl, else the GitHub Pages address of repository.url."""
    assert social_meta.site_address(_config(baseurl, repository_url)) == address


def test_with_a_published_address_the_preview_addresses_are_absolute():
    """With a published address, the page's and the card's addresses are absolute, and a
    description with quotes and an ampersand reads back whole."""
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


@pytest.fixture(scope="module")
def static_hosts(built_book):
    """``host(prefix, built_for)``: the address of a host of the built book under ``prefix``,
    started on first asking and kept for the module. Its 404 page is the one of a book published
    under ``built_for`` (default: ``prefix``): not_found.py writes that ROOT in two places, the
    links' href and the script's root."""
    servers = {}

    def host(prefix: str = "/", built_for: str | None = None) -> str:
        built_for = built_for or prefix
        if (prefix, built_for) not in servers:
            page = (HTML / "404.html").read_text(encoding="utf-8")
            if built_for != "/":
                assert page.count('var root = "/"') == 1
                page = page.replace('var root = "/"', f'var root = "{built_for}"')
                page = page.replace('href="/', f'href="{built_for}')
            handler = type("Host", (_StaticHost,), {"prefix": prefix, "not_found": page.encode()})
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(HTML)))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers[prefix, built_for] = server
        return f"http://127.0.0.1:{servers[prefix, built_for].server_address[1]}"

    yield host
    for server in servers.values():
        server.shutdown()
        server.server_close()


PATH = "/backprop-step-by-step/"  # the site's path on GitHub Pages: https://OWNER.github.io/REPO/

#: Missing addresses at several depths, at the host's root and under the site's path:
#: (the site's path on its host, the missing address under it, the words the 404 page offers
#: to search the book for).
MISSING = [
    ("/", "lessons/11_a_chapter_that_is_not_there.html", "a chapter that is not there"),
    ("/", "no/such/folder/deep/down/", "down"),
    (PATH, "lessons/old-name.html", "old name"),
    (PATH, "a/b/c/d", "d"),
]

# What the 404 page's links are, read in the page: the links' addresses as the browser resolves them.
_READ_LINKS = """() => {
  const href = selector => { const a = document.querySelector(selector); return a ? a.href : null; };
  const search = document.querySelector("a.search-link"), licence = document.querySelectorAll("footer .book-licence a");
  return {home: href("a.home-link"), search: href("a.search-link"), search_text: search ? search.innerText : null,
          licence: licence.length > 1 ? licence[1].href : null};
}"""


@dataclasses.dataclass
class Visit:
    """One address that gets the 404 page, opened in a page of its own in Chromium: what the page
    was (its status, title, requests and links), then where its home link led. ``problems`` are
    every console error (but the document's own 404 status), page error, failed request and
    request off this machine of the 404 page, ``then_problems`` those of the page its home link
    led to; ``error`` is a step that could not be done."""

    address: str
    javascript: bool = True
    status: int | None = None
    title: str = ""
    requests: list[str] = dataclasses.field(default_factory=list)  # the 404 page's, until the click
    home: str | None = None
    search: str | None = None
    search_text: str | None = None
    licence: str | None = None
    then_url: str = ""
    then_title: str = ""
    problems: list[str] = dataclasses.field(default_factory=list)
    then_problems: list[str] = dataclasses.field(default_factory=list)
    error: str = ""
    # while it is open: its page, and every request and problem of it so far
    page: object = dataclasses.field(default=None, repr=False)
    seen_requests: list[str] = dataclasses.field(default_factory=list, repr=False)
    seen_problems: list[str] = dataclasses.field(default_factory=list, repr=False)

    def step(self, action, *args):
        """Do one step of the visit, unless an earlier one failed; a failure is kept, for this
        case's test to report, and the other cases go on."""
        if not self.error:
            try:
                action(*args)
            except Exception as error:  # noqa: BLE001  (any failure: reported by this case's test)
                self.error = f"{action.__name__}: {error}"

    def open(self, context):
        """Open the address in a new page of ``context``, watched from its first request, and
        return as soon as the host has answered (the page goes on loading)."""
        self.page = page = context.new_page()
        # Chromium logs the document's own 404 status as an error ("Failed to load resource"):
        # that one is the host saying the page is missing, as it should; any other console error counts.
        own_status = "Failed to load resource: the server responded with a status of 404 (Not Found)"
        page.on("console", lambda m: m.type == "error"
                and not (m.text == own_status and m.location.get("url") == self.address)
                and self.seen_problems.append(f"console error: {m.text} ({m.location.get('url')})"))
        page.on("pageerror", lambda e: self.seen_problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.seen_problems.append(f"failed request: {r.url}"))
        page.on("request", lambda r: self.seen_requests.append(r.url))
        page.route("**/*", self._only_this_machine)
        response = page.goto(self.address, wait_until="commit")
        self.status = response.status if response else None

    def _only_this_machine(self, route):
        url = route.request.url
        if url.startswith(("data:", "file:")) or urlparse(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.seen_problems.append(f"request off the machine: {url}")
            route.abort()

    def read(self):
        """Once the page has loaded and asked for nothing for half a second: its title and links."""
        self.page.wait_for_load_state("networkidle")
        self.title = self.page.title()
        for name, value in self.page.evaluate(_READ_LINKS).items():
            setattr(self, name, value)

    def click_home(self):
        """Click the link to the start of the book; until then, every request and problem is the
        404 page's."""
        assert self.home is not None, "the page has no a.home-link"
        self.requests, self.problems = list(self.seen_requests), list(self.seen_problems)
        self.page.click("a.home-link")

    def follow(self):
        """Wait until the page the home link leads to has loaded and asked for nothing for half a
        second; then its address and title."""
        self.page.wait_for_url(lambda url: url != self.address, wait_until="networkidle")
        self.then_url, self.then_title = self.page.url, self.page.title()
        self.then_problems = self.seen_problems[len(self.problems):]


@pytest.fixture(scope="module")
def not_found_visits(static_hosts, book_server, browser):
    """Every address the 404 tests read (by name: a MISSING entry's prefix and address, or a
    test's own case), opened in Chromium all at once, each in a page of its own: the pages load
    side by side, and each step waits for an event (the page's load, its network's quiet, the
    address the link led to), never for a fixed time."""
    cases = {f"{prefix}{missing}": (f"{static_hosts(prefix)}{prefix}{missing}", True) for prefix, missing, _ in MISSING}
    cases["built for a path, served at the root"] = (f"{static_hosts('/', built_for=PATH)}/lessons/gone.html", True)
    cases["without JavaScript"] = (f"{static_hosts(PATH)}{PATH}x/y/z.html", False)
    cases["from disk"] = ((HTML / "404.html").as_uri(), True)
    cases["at its own address on the book's server"] = (f"{book_server}/404.html", True)
    visits = {name: Visit(address, javascript) for name, (address, javascript) in cases.items()}
    contexts = {javascript: browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
                for javascript in (True, False)}
    try:
        for visit in visits.values():
            visit.step(visit.open, contexts[visit.javascript])
        for step in ("read", "click_home", "follow"):  # each step of every visit, then the next
            for visit in visits.values():
                visit.step(getattr(visit, step))
    finally:
        for context in contexts.values():
            context.close()
    return visits


def _seen(visits: dict[str, Visit], case: str) -> Visit:
    """The visit of ``case``, once it is known that every step of it was done."""
    visit = visits[case]
    assert not visit.error, f"{case} ({visit.address}): {visit.error}\n" + "\n".join(visit.seen_problems)
    return visit


@pytest.mark.parametrize("prefix, missing, words", MISSING)
def test_a_missing_address_at_any_depth_gets_the_404_page_whose_links_work(prefix, missing, words, static_hosts,
                                                                          not_found_visits):
    """A missing address, at any depth, at the host's root or under the site's path, gets the
    404 page with status 404: it asks for nothing but itself, links to the start of the book, to
    the licence and to a search for the missing page's name, and its home link leads home."""
    host = static_hosts(prefix)
    address = f"{host}{prefix}{missing}"
    seen = _seen(not_found_visits, f"{prefix}{missing}")
    assert seen.address == address
    assert seen.status == 404 and seen.title == "Page not found \u2014 Backprop, Step by Step"
    assert seen.requests == [address], "the 404 page asks for nothing but itself"
    assert seen.home == f"{host}{prefix}book/intro.html"
    assert seen.licence == f"{host}{prefix}LICENSE.txt"
    assert seen.search_text == f"Search the book for \u201c{words}\u201d"
    assert seen.search == f"{host}{prefix}search.html?q={quote(words)}"
    assert seen.then_url == f"{host}{prefix}book/intro.html"
    assert seen.then_title.startswith("Backprop, Step by Step")
    assert not seen.problems + seen.then_problems, "\n".join(seen.problems + seen.then_problems)


def test_a_book_published_under_a_path_but_served_at_the_root_still_links_home(static_hosts, not_found_visits):
    """A book built for https://OWNER.github.io/backprop-step-by-step/ and served on 127.0.0.1
    at "/": the 404 page's links are then written from "/", and its home link leads home."""
    host = static_hosts("/", built_for=PATH)
    seen = _seen(not_found_visits, "built for a path, served at the root")
    assert seen.address == f"{host}/lessons/gone.html"
    assert seen.home == f"{host}/book/intro.html"
    assert seen.search == f"{host}/search.html?q=gone"
    assert seen.then_url == f"{host}/book/intro.html"
    assert not seen.problems + seen.then_problems, "\n".join(seen.problems + seen.then_problems)


def test_without_javascript_the_404_page_s_links_still_lead_home(static_hosts, not_found_visits):
    """With JavaScript off, the 404 page's links, written from the site's path, lead to the start
    of the book (followed) and to the search."""
    host = static_hosts(PATH)
    seen = _seen(not_found_visits, "without JavaScript")
    assert seen.address == f"{host}{PATH}x/y/z.html" and not seen.javascript
    assert seen.home == f"{host}{PATH}book/intro.html"
    assert seen.search == f"{host}{PATH}search.html"
    assert not seen.problems, "\n".join(seen.problems)
    # The start of the book, read without JavaScript: Chromium refuses its scripts' preloads (as
    # failed requests), so only its address is checked here.
    assert seen.then_url == f"{host}{PATH}book/intro.html"


@pytest.mark.parametrize("case", ["from disk", "at its own address on the book's server"])
def test_the_404_page_reads_from_disk_and_at_its_own_address_on_the_book_s_server(case, book_server, not_found_visits):
    """404.html opened from disk (file://) and at its own address on the book's server: it asks
    for nothing but itself, its links (home, search, licence) are relative to the site's root,
    and its home link leads home."""
    root = {"from disk": HTML.as_uri() + "/", "at its own address on the book's server": f"{book_server}/"}[case]
    seen = _seen(not_found_visits, case)
    assert seen.address == root + "404.html"
    assert seen.requests == [seen.address]
    assert seen.home == root + "book/intro.html"
    assert seen.search == root + "search.html"
    assert seen.licence == root + "LICENSE.txt"
    assert seen.then_url == root + "book/intro.html"
    assert not seen.problems + seen.then_problems, f"{seen.address}:\n" + "\n".join(seen.problems + seen.then_problems)


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
