"""Sphinx extension: write each inline script once per page.

Sphinx 7 adds an inline script (``app.add_js_file(None, body=...)``) registered after the
builder starts twice, once as filename ``None`` and once as ``''``: sphinx-doc/sphinx PR
#13402, fixed only in Sphinx 8, which jupyter-book 1.x does not allow. sphinx-thebe's
``const THEBE_JS_URL = ...`` then runs twice and the second copy is a console error on every
page. This handler drops the second copy of any identical script, keeping the order.
"""


def _unique_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for js in context.get("script_files", []):
        attributes = getattr(js, "attributes", {})
        key = (getattr(js, "filename", str(js)) or "", tuple(sorted((k, str(v)) for k, v in attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", _unique_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
