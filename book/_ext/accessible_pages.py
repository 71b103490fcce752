"""Sphinx extension: two accessibility faults of the toolchain's HTML, mended where it is made.

- sphinxcontrib-bibtex writes each reference with ``role="doc-biblioentry"``, a role ARIA
  deprecated, inside ``role="list"``, which then has no list item: axe-core's
  aria-deprecated-role and aria-required-children. Each entry becomes ``role="listitem"``.
- pydata-sphinx-theme names its search buttons "Search" although they show "Search Ctrl+K",
  and its colour-mode button "Color mode" although it shows its mode's name; myst-nb names the
  toggle of a hidden code cell "Toggle hidden content" although it shows "Show code cell
  source" (WCAG 2.5.3, label in name). ``accessible-names.js`` (in book/_static) names them by
  what they show.
"""


def _bibliography_roles(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("html-page-context", _bibliography_roles)
    app.add_js_file("accessible-names.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
