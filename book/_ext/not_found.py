"""Sphinx extension: the site's ``404.html``, the page a static host (GitHub Pages, Netlify, ...)
sends for an address the book does not have: it says so, and links to the start of the book and
to its search, with the footer's licence and edition lines.

A host sends that one file for a missing address at any depth (``/REPO/lessons/old.html``,
``/REPO/a/b/c``), so a link in it cannot be relative. sphinx-notfound-page writes every address
of a theme-drawn page absolute (``/REPO/_static/...``), which breaks the page opened from disk
(``file://``) or served at another root; and a theme-drawn page with relative addresses and a
``<base>`` added by a script has the browser fetch its stylesheets and scripts from the wrong
place first (its preload scanner reads ahead of any script). So this page is whole in itself:
its style inline, its icon a data: address, nothing else to load, and no script of the theme.
Its links are written from the site's root path, ROOT (the path of the book's published
address, social_meta.site_address: ``html.baseurl``, or the GitHub Pages address of
``repository.url``; "/" while there is none), so they work at any depth with no script at all;
a small script then writes them relative when the page is opened from disk, and from "/" when it
is not under ROOT (a server on 127.0.0.1), and offers to search the book for the missing page's
name. It asks nothing of any host.
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path
from urllib.parse import urlparse

PAGE = "404.html"

STYLE = """
  :root { color-scheme: light dark; }
  body { margin: 0; font: 1.05rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
         color: #1d2733; background: #ffffff; }
  main, footer { max-width: 40rem; margin: 0 auto; padding: 0 1.25rem; }
  main { padding-top: 12vh; }
  h1 { font-size: 2rem; margin: 0 0 1rem; }
  a { color: #005a8c; }
  footer { margin-top: 3rem; padding-bottom: 2rem; border-top: 1px solid #d0d7de; font-size: 0.9rem; color: #4a5561; }
  @media (prefers-color-scheme: dark) {
    body { color: #e6e9ed; background: #14181e; }
    a { color: #7cc4ff; }
    footer { border-color: #3a4450; color: #b8c0c8; }
  }
"""

SCRIPT = """
(function () {
  /* Opened from disk, the page is at the site's root: links relative to it. Served, it may be at
     any address: links from the site's root, ROOT, or from "/" when it is not under ROOT. */
  var root = %s, path = location.pathname, fromDisk = location.protocol === "file:";
  if (!fromDisk && path.indexOf(root) !== 0) root = "/";
  document.querySelectorAll("a[data-from-root]").forEach(function (a) {
    a.setAttribute("href", (fromDisk ? "" : root) + a.getAttribute("data-from-root"));
  });
  /* The missing page's name, as words to search the book for: .../old-page-name.html */
  var name = decodeURIComponent(path.split("/").filter(Boolean).pop() || "").replace(/\\.html?$/, "");
  var words = name.split(/[-_.\\s]+/).filter(function (w) { return /[a-z]/i.test(w); });
  if (!fromDisk && name !== "404" && words.length) {
    var search = document.querySelector("a.search-link");
    search.setAttribute("href", search.getAttribute("href") + "?q=" + encodeURIComponent(words.join(" ")));
    search.textContent = "Search the book for \\u201c" + words.join(" ") + "\\u201d";
  }
})();
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="robots" content="noindex" />
<title>Page not found &#8212; {title}</title>
{icon}{tags}<style>{style}</style>
</head>
<body>
<main>
<h1>Page not found</h1>
<p>There is no page at this address in <em>{title}</em>: the link may be mistyped, or the page
may have moved.</p>
<ul>
<li><a class="home-link" href="{root}{home}" data-from-root="{home}">Go to the start of the book</a></li>
<li><a class="search-link" href="{root}search.html" data-from-root="search.html">Search the book</a></li>
</ul>
</main>
<footer>
{footer}
</footer>
<script>{script}</script>
</body>
</html>
"""


def site_root(config) -> str:
    """The path of the site's root on its host: "/REPO/" for https://OWNER.github.io/REPO/."""
    from social_meta import site_address

    path = urlparse(site_address(config)).path or "/"
    return path if path.endswith("/") else path + "/"


def _icon(app) -> str:
    favicon = str(app.config.html_favicon or "")
    path = Path(app.confdir, favicon)
    if not favicon or "://" in favicon or not path.is_file():
        return ""
    data = base64.b64encode(path.read_bytes()).decode()
    return f'<link rel="icon" href="data:image/{path.suffix.lstrip(".")};base64,{data}" />\n'


def page(app) -> str:
    """The 404 page's HTML."""
    import edition
    import social_meta

    root = site_root(app.config)
    site = social_meta.site_address(app.config)
    title = social_meta.book_title(app.config)
    esc = html.escape
    licence = f"{root}{edition.CODE_LICENCE[1]}"
    footer = edition.footer_html(licence, edition.edition_of(app)).replace(
        f'href="{esc(licence)}"', f'href="{esc(licence)}" data-from-root="{edition.CODE_LICENCE[1]}"', 1)
    tags = social_meta.tags(
        title="Page not found", description=social_meta.book_description(app), site_name=title, site=site,
        page_url=site + PAGE, card_url=site + social_meta.CARD if site else social_meta.CARD)
    return TEMPLATE.format(title=esc(title), icon=_icon(app), tags=tags, style=STYLE, root=esc(root),
                           home=esc(app.builder.get_target_uri(app.config.root_doc)), footer=footer,
                           script=SCRIPT % json.dumps(root))


def _write(app, exception):
    if exception is None and app.builder.format == "html":
        (Path(app.outdir) / PAGE).write_text(page(app), encoding="utf-8")


def setup(app):
    app.connect("build-finished", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
