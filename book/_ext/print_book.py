"""Sphinx extension: the printed book (``make pdf``: Jupyter Book's LaTeX builder, then XeLaTeX).

For the LaTeX builder only (the HTML book is left as it is):

- Each explorer prints as a picture of where it starts: the still picture the HTML book shows
  until the explorer's JavaScript has come (``explorer_preview.mjs``, the explorer's own
  drawing, run in node by first_paint.py), photographed by Chromium (the browser tests' own,
  through Playwright) into a PNG, with a line saying where to move it. An answer box prints what
  it asks for and where to type the answer. Neither prints its Python repr
  (``NeuronExplorer(w=0.3, ...)``), which is what myst-nb would otherwise choose for LaTeX.
- Chapters are numbered as online: the lessons 1 to 10 from the same table of contents
  (``\\bpNumberedChapter``), every other chapter and every part unnumbered; exercises and
  equations carry the chapter's number only (``numfig_secnum_depth`` 1, as online, where
  sphinx-jupyterbook-latex sets 2), so "Exercise 8.4" is Exercise 8.4 in print too.
- Sphinx's own document class (``manual``) instead of sphinx-jupyterbook-latex's, which needs a
  500 MB font package for a package the book never uses; ``print/backprop-print.sty`` adds what
  that class gave (the code cells' frames), the glyphs the code font lacks (𝓛) and an author
  line that fits the title page.

For the HTML builder: when ``make pdf`` has built the PDF (``_build/latex/``, beside the HTML),
every page's footer links it and the build copies it into the site; without it, nothing.

tests/test_pdf.py builds the PDF and reads it back.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform

HERE = Path(__file__).resolve().parent
STYLE = HERE / "print" / "backprop-print.sty"
VIEW_TYPE = "application/vnd.jupyter.widget-view+json"
STATE_TYPE = "application/vnd.jupyter.widget-state+json"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: The explorers' pictures, as wide as a phone's page in the HTML book at twice its pixels.
PICTURE_WIDTH = 720
FIGURE_FOLDER = "explorers"


def _latex_config(app, config):
    """After sphinx-jupyterbook-latex's own ``config-inited`` (priority 500)."""
    config.latex_theme = "manual"
    config.latex_use_xindy = False  # the index by makeindex (TeX Live's own), not xindy (one more package)
    config.latex_additional_files = [*config.latex_additional_files, os.path.relpath(STYLE, app.confdir)]
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + "\n\\usepackage{backprop-print}\n"
    config.latex_elements = elements


def _latex_numbers(app):
    """After sphinx-jupyterbook-latex's ``builder-inited`` (priority 500), which numbers
    exercises and equations by section (8.2.4) where the online book numbers them by chapter."""
    if app.builder.format == "latex":
        app.config.numfig_secnum_depth = 1


def _widget_states(env) -> dict[str, dict]:
    """Every widget model kept in the book's notebooks, by model id."""
    models = {}
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        if path.suffix != ".ipynb":
            continue
        metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        models.update(metadata.get("widgets", {}).get(STATE_TYPE, {}).get("state", {}))
    return models


def _model_id(bundle) -> str | None:
    for child in bundle.children:
        if child.get("mime_type") == VIEW_TYPE:
            match = re.search(r"\{.*\}", child.astext(), re.S)
            if match:
                return json.loads(match.group(0)).get("model_id")
    return None


def _is_answer(state: dict) -> bool:
    return state.get("_anywidget_id", "").endswith(".Answer")


def answer_text(state: dict) -> str:
    """What an answer box prints: what it asks for, and where to type the answer."""
    places = state.get("decimals", 4)
    unit = "place" if places == 1 else "places"
    return (f"Answer box: {state.get('label', 'Your answer')} (to {places} decimal {unit}). "
            "Type your answer in the online book or in the lesson's notebook, which check it.")


def _photographs(pictures: dict[str, dict], folder: Path) -> dict[str, str]:
    """Each still picture photographed by Chromium into ``folder``; {model id: file name}."""
    if not os.access(CHROMIUM, os.X_OK):
        raise ExtensionError(f"print_book: Chromium is needed to print the explorers' pictures and "
                             f"was not found at {CHROMIUM}: run `make browser` (Debian's chromium) "
                             "or set CHROMIUM to its path")
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": PICTURE_WIDTH, "height": 600}, device_scale_factor=2)
        for number, (model_id, picture) in enumerate(sorted(pictures.items())):
            page.set_content(
                "<!doctype html><html><head><meta charset='utf-8'><style>body{margin:0;padding:8px;"
                "font-family:'DejaVu Sans',sans-serif;background:#fff}</style>"
                f"<style>{picture['css']}</style></head><body><div id='still'>{picture['html']}</div></body></html>")
            name = f"{FIGURE_FOLDER}/explorer-{number + 1:02d}.png"
            page.locator("#still").screenshot(path=str(folder.parent / name))
            files[model_id] = name
        browser.close()
    return files


class PrintWidgets(SphinxPostTransform):
    """Each widget's output, for LaTeX: a picture of the explorer, or the answer box's question,
    in place of the output myst-nb would choose (its repr). Before myst-nb's ``SelectMimeType``
    (priority 4), which picks one of each output's formats."""

    default_priority = 3
    builders = ("latex",)

    def run(self, **kwargs):
        bundles = [(node, _model_id(node)) for node in self.document.findall(nodes.container)
                   if node.get("nb_element") == "mime_bundle"]
        bundles = [(node, model_id) for node, model_id in bundles if model_id]
        if not bundles:
            return
        models = _widget_states(self.env)
        missing = sorted(model_id for _, model_id in bundles if model_id not in models)
        if missing:
            raise ExtensionError(f"print_book: no widget state kept for the widget(s) {missing}; "
                                 "refresh the lesson (tools/refresh_lessons.py)")
        explorers = [{"id": model_id, "esm": models[model_id]["state"].get("_esm", ""),
                      "css": models[model_id]["state"].get("_css", ""), "state": models[model_id]["state"]}
                     for _, model_id in bundles if not _is_answer(models[model_id]["state"])]
        from first_paint import still_pictures

        files = _photographs(still_pictures(explorers), Path(self.app.outdir) / FIGURE_FOLDER) if explorers else {}
        for node, model_id in bundles:
            state = models[model_id]["state"]
            if _is_answer(state):
                printed = [nodes.paragraph("", "", nodes.emphasis(text=answer_text(state)))]
            else:
                image = nodes.image(uri=files[model_id], candidates={"*": files[model_id]}, width="85%",
                                    alt=f"The explorer {html.unescape(state.get('_anywidget_id', ''))} as it starts")
                printed = [image, nodes.paragraph("", "", nodes.emphasis(
                    text="The explorer as it starts. Move its controls in the online book or in the "
                         "lesson's notebook."))]
            node.replace_self(printed)


class PrintOneDrawing(SphinxPostTransform):
    """A drawing the lesson shows twice, wide and wrapped for a phone (a ``wide-figure`` cell with
    two pictures: ``draw_graph`` draws both; book.css shows one by the screen's width), prints
    once, wide. Before myst-nb's ``SelectMimeType`` (priority 4), as :class:`PrintWidgets`."""

    default_priority = 3
    builders = ("latex",)

    def run(self, **kwargs):
        for cell in self.document.findall(nodes.container):
            if "tag_wide-figure" not in cell.get("classes", []):
                continue
            pictures = [node for node in cell.findall(nodes.container)
                        if node.get("nb_element") == "mime_bundle"
                        and any(child.get("mime_type", "").startswith("image/") for child in node.children)]
            for phone in pictures[1:]:
                phone.parent.remove(phone)


class NumberChapters(SphinxPostTransform):
    """Before each chapter of the printed book, its number in the online book (the same table of
    contents' numbers) or none. After sphinx-jupyterbook-latex puts the chapters into parts (700)."""

    default_priority = 800
    builders = ("latex",)

    def run(self, **kwargs):
        numbers = self.env.toc_secnumbers
        for start in list(self.document.findall(nodes.Element)):
            docname = start.get("docname")
            if start.tagname != "start_of_file" or docname not in self.env.all_docs:
                continue
            sections = 0
            parent = start.parent
            while parent is not None:
                sections += isinstance(parent, nodes.section)
                parent = parent.parent
            if sections != 1:  # a chapter stands in a part, and only there
                continue
            number = numbers.get(docname, {}).get("")
            command = rf"\bpNumberedChapter{{{number[0]}}}" if number else r"\bpUnnumberedChapter"
            start.insert(0, nodes.raw("", command + "\n", format="latex"))


def _labelled_by_sphinx_proof(env, box, docname: str) -> bool:
    """Whether sphinx-proof wrote the box's label right, ``<document>:<id>``: it names the
    document it finds with its own ``find_parent`` (None where the document's title is not among
    the names of the box's section, as in A1, whose title has an apostrophe)."""
    if not type(box).__module__.startswith("sphinx_proof"):
        return False
    from sphinx_proof.nodes import find_parent

    return find_parent(env, box, "section") == docname


class LabelNumberedBoxes(SphinxPostTransform):
    """Each exercise and theorem-like box's online number for LaTeX's references to it, and its
    label where it has none: sphinx-exercise labels its boxes ``exercise:<id>``, sphinx-proof
    ``None:<id>`` outside a document's first section, where a reference (``{ref}``,
    ``{numref}``) looks for ``<document>:<id>``: LaTeX printed "Exercise ??". The number is the
    online one (Sphinx's figure numbers), so that "Exercise 1.3" is 1.3 in print too."""

    default_priority = 800
    builders = ("latex",)

    def run(self, **kwargs):
        for start in list(self.document.findall(nodes.Element)):
            docname = start.get("docname")
            if start.tagname != "start_of_file" or docname not in self.env.all_docs:
                continue
            numbers = self.env.toc_fignumbers.get(docname, {})
            for box in list(start.findall(nodes.Element)):
                if not type(box).__module__.startswith(("sphinx_exercise", "sphinx_proof")):
                    continue
                for target in box.get("ids", []):
                    number = next((n[target] for n in numbers.values() if target in n), None)
                    if number is None:
                        continue
                    latex = rf"\bpNumbered{{{'.'.join(map(str, number))}}}"
                    if not _labelled_by_sphinx_proof(self.env, box, docname):
                        latex += rf"\label{{\detokenize{{{docname}:{target}}}}}"
                    box.parent.insert(box.parent.index(box), nodes.raw("", latex + "\n", format="latex"))


def printed_book(app) -> Path | None:
    """The PDF ``make pdf`` built beside this build's HTML (``_build/latex/<name>.pdf``), if any."""
    documents = app.config.latex_documents
    if not documents:
        return None
    pdf = Path(app.outdir).parent / "latex" / Path(documents[0][1]).with_suffix(".pdf").name
    return pdf if pdf.is_file() else None


def _footer_link(app, pagename, templatename, context, doctree):
    if app.builder.format != "html" or (pdf := printed_book(app)) is None:
        return
    size = pdf.stat().st_size / 1e6
    link = (f'<p class="book-pdf">The whole book as one PDF, to print or read offline: '
            f'<a href="{html.escape(context["pathto"](pdf.name, 1))}" download>{html.escape(pdf.name)}</a> '
            f'({size:.1f} MB).</p>')
    context["theme_extra_footer"] = (context.get("theme_extra_footer") or "") + link


def _copy_pdf(app, exception):
    if exception is None and app.builder.format == "html" and (pdf := printed_book(app)) is not None:
        shutil.copyfile(pdf, Path(app.outdir) / pdf.name)


def setup(app):
    app.connect("config-inited", _latex_config, priority=900)
    app.connect("builder-inited", _latex_numbers, priority=900)
    app.add_post_transform(PrintWidgets)
    app.add_post_transform(PrintOneDrawing)
    app.add_post_transform(NumberChapters)
    app.add_post_transform(LabelNumberedBoxes)
    app.connect("html-page-context", _footer_link)
    app.connect("build-finished", _copy_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
