"""Sphinx extension: what a link to the book shows when it is shared (Open Graph and Twitter
card metadata), on every page, with no network use at build time.

- Every page the theme draws gets ``og:title`` (the page's title), ``og:description`` and the
  ``description`` meta (its first paragraph of prose with no math, shortened to 200 characters;
  pages with no prose of their own, such as the index and search pages, take the first page's;
  a page's own ``description:`` in its front matter comes first; not_found.py gives the 404
  page the same tags), ``og:type``,
  ``og:site_name``, ``og:image`` (the book's card, below) with its size and alt text, and
  ``twitter:card`` (``summary_large_image``; Twitter reads the ``og:`` tags for the rest).
- The card, ``_static/social-card.png`` (1200 x 630 px, the size the sites show), is drawn at
  build time with matplotlib from the book's title: no file to keep in step by hand.
- The ``index.html`` at the site's root, which only forwards to the first page (the address
  most often shared), gets the same tags and, for a reader whose browser does not forward, a
  link and the footer's licence and edition lines (edition.py).

Link previews need absolute addresses, so ``og:url`` is written and ``og:image`` is absolute
once the book's published address is known: ``html.baseurl`` in _config.yml when set,
otherwise the GitHub Pages address of ``repository.url`` (https://OWNER.github.io/REPO/, where
the CI workflow publishes the book). Until then ``og:image`` is the card's address relative to
the page.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from docutils import nodes

CARD = "_static/social-card.png"
CARD_SIZE = (1200, 630)
DESCRIPTION_LENGTH = 200
MIN_DESCRIPTION_LENGTH = 80


def book_title(config) -> str:
    """The book's title: Jupyter Book gives _config.yml's ``title`` to Sphinx as ``html_title``."""
    return str(config.html_title or config.project)


def site_address(config) -> str:
    """The address the book is published at, ending in "/", or "" while it is unknown."""
    base = str(config.html_baseurl or "").strip()
    if base:
        return base.rstrip("/") + "/"
    url = str(config.html_theme_options.get("repository_url") or "").strip().rstrip("/").removesuffix(".git")
    parts = url.split("/")
    if len(parts) != 5 or parts[:3] != ["https:", "", "github.com"] or not all(parts[3:]):
        return ""
    owner, repo = parts[3], parts[4]
    if repo.lower() == f"{owner}.github.io".lower():  # a user's or organisation's own site
        return f"https://{repo.lower()}/"
    return f"https://{owner.lower()}.github.io/{repo}/"


# A paragraph inside one of these is no prose of the page's own: notes and boxes, code cells and
# their outputs, tables, figures, references.
_NOT_PROSE = (nodes.Admonition, nodes.table, nodes.figure, nodes.footnote, nodes.citation,
              nodes.sidebar, nodes.topic, nodes.system_message, nodes.field_list)


def _is_prose(paragraph: nodes.paragraph) -> bool:
    node = paragraph.parent
    while node is not None:
        if isinstance(node, _NOT_PROSE):
            return False
        if isinstance(node, nodes.container) and {"cell", "cell_output"} & set(node.get("classes", [])):
            return False
        node = node.parent
    return True


def shorten(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """``text`` on one line, cut at a word and ended with "…" when longer than ``length``."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def description(doctree) -> str:
    """The first paragraph of prose in ``doctree`` that says something (a sentence or more, not
    a lead-in such as "The sigmoid is") with no math in it (a preview would show the TeX),
    shortened; "" when there is none."""
    for paragraph in doctree.findall(nodes.paragraph):
        if _is_prose(paragraph) and not any(paragraph.findall(nodes.math)):
            text = " ".join(paragraph.astext().split())
            if len(text) >= MIN_DESCRIPTION_LENGTH:
                return shorten(text)
    return ""


def plain(title: str) -> str:
    """A page title as the theme has it (HTML) made plain text."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", title or "")).split())


def book_description(app) -> str:
    """The book's description: its first page's, read once per build."""
    if not hasattr(app, "book_description_text"):
        root = app.config.root_doc
        app.book_description_text = description(app.env.get_doctree(root)) if root in app.env.all_docs else ""
    return app.book_description_text


def tags(*, title: str, description: str, site_name: str, site: str, page_url: str, card_url: str) -> str:
    """The meta tags, one a line; ``page_url`` is written only when absolute."""
    pairs = [("property", "og:title", title), ("property", "og:description", description),
             ("property", "og:type", "website"), ("property", "og:site_name", site_name)]
    if site:
        pairs.append(("property", "og:url", page_url))
    pairs += [("property", "og:image", card_url),
              ("property", "og:image:width", str(CARD_SIZE[0])),
              ("property", "og:image:height", str(CARD_SIZE[1])),
              ("property", "og:image:alt", f"{site_name}: backpropagation, one number at a time"),
              ("name", "twitter:card", "summary_large_image"),
              ("name", "description", description)]
    return "".join(f'<meta {kind}="{name}" content="{html.escape(value, quote=True)}" />\n'
                   for kind, name, value in pairs)


# Pages whose title their template sets (Sphinx's): the same title here. (A domain's index,
# such as sphinx-proof's, has its title in the context as ``indextitle``.)
_SPECIAL_TITLES = {"genindex": "Index", "search": "Search"}


def _page_tags(app, pagename, templatename, context, doctree):
    if app.builder.format != "html":
        return
    site = site_address(app.config)
    title = plain(context.get("title") or context.get("indextitle") or _SPECIAL_TITLES.get(pagename, "")) \
        or book_title(app.config)
    own = str((context.get("meta") or {}).get("description") or "").strip()  # a page's front matter
    text = shorten(own) if own else (description(doctree) if doctree is not None else "") or book_description(app)
    context["metatags"] = (context.get("metatags") or "") + tags(
        title=title, description=text, site_name=book_title(app.config), site=site,
        page_url=site + app.builder.get_target_uri(pagename),
        card_url=site + CARD if site else context["pathto"](CARD, 1))


def draw_card(path: Path, title: str) -> None:
    """The book's card: its title and what it does, beside a small network whose one weight's
    gradient flows back, on the book's blue and orange. The same bytes on every build."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle, FancyArrowPatch

    blue, orange, ink = "#0072B2", "#D55E00", "#1d2733"
    figure = Figure(figsize=(CARD_SIZE[0] / 100, CARD_SIZE[1] / 100), dpi=100, facecolor="white")
    FigureCanvasAgg(figure)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, CARD_SIZE[0])
    ax.set_ylim(0, CARD_SIZE[1])
    ax.set_axis_off()
    ax.fill_between([0, CARD_SIZE[0]], 0, 18, color=blue, lw=0)
    ax.text(70, 470, title, fontsize=50, fontweight="bold", color=ink, va="baseline")
    ax.text(70, 390, "Backpropagation, one number at a time:", fontsize=27, color=ink, va="baseline")
    ax.text(70, 345, "every number computed by the code beside it.", fontsize=27, color=ink, va="baseline")
    ax.text(70, 150, "forward pass \u00b7 loss \u00b7 backward pass \u00b7 update", fontsize=21,
            color=blue, va="baseline")
    # A 2-2-1 network: inputs (pale blue), hidden units and output (pale orange), and the
    # gradient flowing back along one weight.
    layers = [[(780, 230), (780, 100)], [(930, 230), (930, 100)], [(1080, 165)]]
    for left, right in zip(layers, layers[1:]):
        for a in left:
            for b in right:
                ax.plot([a[0], b[0]], [a[1], b[1]], color="#9aa5b1", lw=2.5, zorder=1)
    ax.add_patch(FancyArrowPatch((1052, 178), (960, 220), arrowstyle="-|>", mutation_scale=28,
                                 color=orange, lw=4.5, zorder=3))
    for i, layer in enumerate(layers):
        for x, y in layer:
            ax.add_patch(Circle((x, y), 34, facecolor="#e8f0fb" if i == 0 else "#fdf0e6",
                                edgecolor=blue if i == 0 else orange, lw=3.5, zorder=2))
    ax.text(1030, 232, r"$\partial L / \partial w$", fontsize=26, color=orange, ha="center", va="bottom")
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100, facecolor="white", metadata={"Software": None})


INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta http-equiv="Refresh" content="0; url={first}" />
<title>{title}</title>
{tags}</head>
<body>
<main>
<p>{title} begins at <a href="{first}">its first page</a>.</p>
</main>
<footer>
{footer}
</footer>
</body>
</html>
"""


def _write_card_and_index(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    name = book_title(app.config)
    draw_card(out / CARD, name)
    root = app.config.root_doc
    if root == "index":  # Sphinx draws the index page itself
        return
    import edition

    site = site_address(app.config)
    first = app.builder.get_target_uri(root)
    # No icon: the browser has left the page before it would load (a request cut short).
    (out / "index.html").write_text(INDEX.format(
        first=html.escape(first, quote=True), title=html.escape(name),
        tags=tags(title=name, description=book_description(app),
                  site_name=name, site=site, page_url=site,
                  card_url=site + CARD if site else CARD),
        footer=edition.footer_html(edition.CODE_LICENCE[1], edition.edition_of(app)),
    ), encoding="utf-8")


def setup(app):
    app.connect("html-page-context", _page_tags)
    # After sphinx-external-toc's own index.html (a bare forward), which it writes only when
    # there is none.
    app.connect("build-finished", _write_card_and_index, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
