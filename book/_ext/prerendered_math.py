"""Sphinx extension: the book's maths typeset when the book is built, not in the reader's browser.

MathJax in the page typeset every formula after the page had loaded: on a lesson page 2.5 to
3 s of the browser's main thread on the project's machine (several times that on a phone),
during which the page answered nothing. Here MathJax 3 itself (npm's ``mathjax-full``, the
version the pages loaded) typesets each formula once, at build time, in one node process
(``typeset_math.cjs``), into the same CommonHTML it drew in the page, with its hidden MathML copy
for screen readers; the pages load no MathJax and one stylesheet, ``_static/mathjax-chtml.css``,
whose fonts are MathJax's own, served by the book (``mathjax/`` in the site, from _vendor).

It is Sphinx's HTML math renderer ``prerendered`` (``html_math_renderer`` in _config.yml): each
inline formula is a ``span.math`` and each displayed one a ``div.math``, as with Sphinx's
MathJax renderer, whose handling of numbered and multi-part equations it follows; the TeX goes
to MathJax unescaped. A TeX error (an unknown macro, a missing brace) fails the build, naming
the page and the formula.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
STYLESHEET = "mathjax-chtml.css"
#: MathJax's fonts as the site serves them, relative to _static/ (where the stylesheet is).
FONTS = "../mathjax/output/chtml/fonts/woff-v2"


class _Typesetter:
    """The node process that typesets, started on the first formula."""

    def __init__(self):
        self.process = None

    def ask(self, question: dict) -> dict:
        if self.process is None:
            if not (ROOT / "node_modules" / "mathjax-full").is_dir():
                raise ExtensionError("node_modules/mathjax-full is missing: run `make setup` (npm ci)")
            self.process = subprocess.Popen(["node", str(HERE / "typeset_math.cjs"), FONTS], cwd=ROOT,
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.process.stdin.write(json.dumps(question) + "\n")
        answer = self.process.stdout.readline()
        if not answer:
            raise ExtensionError("the MathJax typesetter (book/_ext/typeset_math.cjs) stopped")
        return json.loads(answer)

    def close(self):
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait()
            self.process = None


TYPESETTER = _Typesetter()


def _typeset(translator, tex: str, display: bool) -> str:
    answer = TYPESETTER.ask({"tex": tex, "display": display})
    if "error" in answer:
        where = translator.builder.current_docname
        raise ExtensionError(f"{where}: MathJax could not typeset {tex!r}: {answer['error']}")
    return answer["html"]


def visit_math(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_typeset(self, node.astext(), display=False) + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node):
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["nowrap"]:
        self.body.append(_typeset(self, node.astext(), display=True) + "</div>\n")
        raise nodes.SkipNode
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    # as Sphinx's MathJax renderer: parts separated by a blank line aligned; a part with \\ split
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    tex = r"\\".join(r"\begin{split}" + part + r"\end{split}" if r"\\" in part else part for part in parts)
    if len(parts) > 1:
        tex = r"\begin{align}\begin{aligned}" + tex + r"\end{aligned}\end{align}"
    self.body.append(_typeset(self, tex, display=True) + "</div>\n")
    raise nodes.SkipNode


def write_stylesheet(app, exception):
    if exception is None and app.builder.format == "html" and TYPESETTER.process is not None:
        css = TYPESETTER.ask({"stylesheet": True})["css"]
        (Path(app.outdir) / "_static" / STYLESHEET).write_text(css)
    TYPESETTER.close()


def setup(app):
    app.add_html_math_renderer("prerendered", (visit_math, None), (visit_displaymath, None))
    app.add_css_file(STYLESHEET)
    app.connect("build-finished", write_stylesheet)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
