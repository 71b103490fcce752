"""Sphinx extension: a page shows its text first, on a slow phone too.

Before the first paint a page waits only for its stylesheets and the small scripts of its head;
everything else comes after the text is on the screen:

- The widget JavaScript (requirejs, its configuration, the html-manager's 3.6 MB
  ``embed-amd.js``) is deferred (``nb_ipywidgets_js`` in _config.yml) and, as before, only on
  the pages that hold a widget: myst-nb adds it where a notebook kept widget state.
- A page's widget state (the explorers' traits, JavaScript and stylesheets, up to 100 kB a page)
  leaves the page's head for a script of its own, ``widgets/state/<page>.js``, deferred just
  before the html-manager, which puts it back into the page as the
  ``application/vnd.jupyter.widget-state+json`` script the html-manager reads.
- Before each explorer's view, a still picture of its starting state, drawn at build time by the
  explorer's own JavaScript (``explorer_preview.mjs``, in node) with a line saying that the
  explorer is loading; book.css hides it once the explorer is drawn beside it. With JavaScript
  off, that line is hidden and a ``<noscript>`` one says what the reader can do (:func:`preview`).
- The page's figures are fetched at low priority (``fetchpriority="low"``): a lesson's first
  five would otherwise come at medium priority, half a megabyte beside the stylesheets.
- The search scripts the theme loads on every page (``searchindex.js`` alone is 95 kB) are
  deferred, and the theme's preloads of its two scripts for the end of the page (100 kB, fetched
  at high priority before the first paint) are left out: ``templates/layout.html``.

tests/test_first_paint.py measures what a page loads before its first paint, throttled as a
phone on Fast 3G; benchmarks/first_paint.py prints how long it takes.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

from learner_downloads import ANCHOR, HOW_TO  # the section on running the lessons (book/_ext, on the path)
from sphinx.errors import ExtensionError

HERE = Path(__file__).resolve().parent
STATE_TYPE = "application/vnd.jupyter.widget-state+json"
VIEW = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(\{.*?\})</script>', re.S)
STATE_FOLDER = "widgets/state"
IMAGE = re.compile(r"<img (?![^>]*fetchpriority)")

# Put the page's widget state back where the html-manager looks for it, as the script myst-nb
# wrote inline; deferred like the widget scripts, it runs after the page is parsed and before
# embed-amd.js. (A string: cheaper for the phone to read than the same JSON as an object.)
STATE_SCRIPT = """// The widget state of {page}, kept out of the page's head (book/_ext/first_paint.py).
(function () {{
  var state = document.createElement('script');
  state.type = '{type}';
  state.textContent = {text};
  document.currentScript.after(state);
}})();
"""


def _add_templates(app, config):
    config.templates_path.append(str(HERE / "templates"))


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise ExtensionError("first_paint: node (Node.js) is needed to draw the explorers' still pictures; "
                             "install it (make setup needs it too)")
    return node


def still_pictures(widgets: list[dict]) -> dict[str, dict]:
    """Each widget's still picture and its stylesheet, drawn by its own JavaScript in node."""
    result = subprocess.run([_node(), str(HERE / "explorer_preview.mjs")], input=json.dumps(widgets),
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise ExtensionError(f"first_paint: explorer_preview.mjs failed:\n{result.stderr[-3000:]}")
    return {picture["id"]: picture for picture in json.loads(result.stdout)}


def _noun(model_state: dict) -> str:
    return "the answer box" if model_state.get("_anywidget_id", "").endswith(".Answer") else "the explorer"


def preview(model_id: str, noun: str, picture: str, how_to: str) -> str:
    """The still picture of a widget (``picture``, its HTML) as the page shows it before the widget's
    view: under a line saying that ``noun`` ("the explorer") is loading; and, in a browser with
    JavaScript off, where it never will (``templates/layout.html`` hides that line there), a
    ``<noscript>`` line saying so and what the reader can do instead, with a link to ``how_to``
    (the address, from this page, of the section on running the lessons)."""
    return (f'<div class="bp-preview" data-preview-of="{html.escape(model_id)}">'
            f'<p class="bp-preview-note">Loading {noun}&hellip; until it comes, a still picture of '
            f'where it starts.</p>'
            f'<noscript><p class="bp-preview-noscript">With JavaScript off, {noun} cannot run here: below is '
            f'a still picture of where it starts. To use it, turn JavaScript on for this site, or run this '
            f'lesson as a notebook (<a href="{html.escape(how_to)}">Run the lessons</a>: at home, on Binder '
            f'or on Colab).'
            f'</p></noscript>{picture}</div>')


def _page_context(app, pagename, templatename, context, doctree):
    if app.builder.format != "html":
        return
    context["body"] = IMAGE.sub('<img fetchpriority="low" ', context.get("body", ""))
    scripts = list(context.get("script_files", []))
    states = [js for js in scripts if getattr(js, "attributes", {}).get("type") == STATE_TYPE]
    if not states:
        return
    text = states[0].attributes["body"]
    models = json.loads(text)["state"]

    # a still picture of each explorer before its view
    views = [(m, json.loads(m.group(1))["model_id"]) for m in VIEW.finditer(context["body"])]
    widgets = [{"id": model_id, "esm": models[model_id]["state"].get("_esm", ""),
                "css": models[model_id]["state"].get("_css", ""), "state": models[model_id]["state"]}
               for _, model_id in views if models.get(model_id, {}).get("state", {}).get("_esm")]
    pictures = still_pictures(widgets) if widgets else {}

    def with_picture(match):
        model_id = json.loads(match.group(1))["model_id"]
        picture = pictures.get(model_id)
        if picture is None:
            return match.group(0)
        how_to = app.builder.get_relative_uri(pagename, HOW_TO) + f"#{ANCHOR}"  # as learner_downloads' line
        return preview(model_id, _noun(models[model_id]["state"]), picture["html"], how_to) + match.group(0)

    context["body"] = VIEW.sub(with_picture, context["body"])
    styles = list(dict.fromkeys(p["css"] for p in pictures.values() if p["css"]))
    if styles:
        context["metatags"] = context.get("metatags", "") + "".join(
            f'\n<style data-still-of="explorers">{css}</style>' for css in styles)

    # the state in a deferred script of its own, where the inline one was
    path = Path(app.outdir) / STATE_FOLDER / f"{pagename}.js"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(STATE_SCRIPT.format(page=pagename, type=STATE_TYPE, text=json.dumps(text)), encoding="utf-8")
    deferred = type(states[0])(f"{STATE_FOLDER}/{pagename}.js", priority=states[0].priority, defer="defer")
    position = scripts.index(states[0])
    scripts = [js for js in scripts if js not in states]
    scripts.insert(position, deferred)
    context["script_files"] = scripts


def setup(app):
    app.connect("config-inited", _add_templates)
    app.connect("html-page-context", _page_context, priority=800)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
