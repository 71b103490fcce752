"""What a learner sees of a notebook in JupyterLab, read from the page in Chromium (playwright).

`open_notebook` opens one notebook the way a Binder link does (`/lab/.../tree/<path>`), in a
workspace of its own so that no notebook opened before it is restored beside it, and waits
until every cell is in the page, every Markdown cell rendered and all its math typeset.
JupyterLab attaches only the cells in view (its `windowingMode`, "full" by default), so the
server it talks to must have `windowingMode: none` in its user settings (`LAB_SETTINGS`): then
every cell is attached, and rendered, at once.

It returns what the page shows, cell by cell (a `View`); `problems` compares that with the
notebook's own cells, the lesson's tags and the values its prose must show, and says what is
wrong, in words. `screenshot` photographs the open notebook whole, in slices.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

#: JupyterLab user settings, under <JUPYTER_CONFIG_DIR>/lab/user-settings/.
LAB_SETTINGS = {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"}}

#: MyST syntax that must not reach a learner as text (roles and directives the book's Sphinx
#: renders and JupyterLab does not). A fenced directive (```{note}) is caught by its code block.
RAW_MYST = ("{glue", "{term}", "{cite", "{doc}", "{ref}", "{prf:", ":::{", "```{")

#: How a Jupyter front end says it cannot show an output (JupyterLab 4 shows nothing instead:
#: that is caught as an output with no renderer).
NO_RENDERER = "No renderer could be found"
#: myst-nb's glue records: outputs no front end renders (the book shows them only where glued).
GLUE = "application/papermill.record/"
WIDGET = "application/vnd.jupyter.widget-view+json"
#: Tags with which the book hides a cell's code (remove-cell hides its output too).
BOOK_HIDES = {"remove-cell", "remove-input", "hide-input"}

#: Markdown left as text: *emphasis*, **strong** or `code` with its markers in the rendered prose
#: (a lone "* footnote" asterisk is not one).
RAW_MARKDOWN = re.compile(r"(\*\*?)(?=[^\s*])[^*\n]*[^\s*]\1|`[^`\n]+`")

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

_PROSE_JS = """
const prose = (el) => {  // the text a reader sees as prose: no code, no typeset math
  const c = el.cloneNode(true);
  c.querySelectorAll('pre, code, mjx-container').forEach(e => e.remove());
  return c.textContent;
};
const RAW_MATH = /\\$\\$|\\\\\\[|\\\\\\(|\\\\begin\\{|\\$[^$\\n]+\\$/;
"""

_READY_JS = """([panel, ncells, nmarkdown]) => {
  const nb = document.querySelector(panel + ' .jp-Notebook');
  if (!nb) return false;
  const md = nb.querySelectorAll('.jp-MarkdownCell.jp-mod-rendered .jp-RenderedMarkdown');
  // a rendered cell's widget is in the page before its HTML: it is filled asynchronously
  return nb.querySelectorAll('.jp-Cell').length === ncells && md.length === nmarkdown
    && Array.from(md).every(el => el.childNodes.length > 0);
}"""

_TYPESET_JS = "([panel]) => {" + _PROSE_JS + """
  const md = document.querySelectorAll(panel + ' .jp-MarkdownCell .jp-RenderedMarkdown');
  return Array.from(md).every(el => !RAW_MATH.test(prose(el)));
}"""

_READ_JS = "([panel]) => {" + _PROSE_JS + """
  const nb = document.querySelector(panel + ' .jp-Notebook');
  return Array.from(nb.querySelectorAll('.jp-Cell')).map(cell => {
    const kind = cell.classList.contains('jp-MarkdownCell') ? 'markdown'
      : cell.classList.contains('jp-CodeCell') ? 'code' : 'raw';
    const md = cell.querySelector('.jp-RenderedMarkdown');
    const out = cell.querySelector('.jp-OutputArea');
    return {
      kind,
      text: md ? md.textContent : '',
      prose: md ? prose(md) : '',
      fences: md ? Array.from(md.querySelectorAll('pre > code')).map(c => c.className).filter(c => /language-\\{/.test(c)) : [],
      details: md ? Array.from(md.querySelectorAll('details')).map(d => ({
        summary: (d.querySelector('summary') || {textContent: ''}).textContent.trim(), open: d.open})) : [],
      math: md ? md.querySelectorAll('mjx-container').length : 0,
      // a TeX error, or (MathJax's noundefined package) an unknown macro, shown in red
      mathErrors: md ? [
        ...Array.from(md.querySelectorAll('mjx-merror')).map(e => e.getAttribute('data-mjx-error') || e.textContent),
        ...Array.from(md.querySelectorAll('mjx-assistive-mml mtext[mathcolor="red"]')).map(e => 'undefined: ' + e.textContent),
      ] : [],
      inputFolded: !!cell.querySelector('.jp-Cell-inputWrapper .jp-InputPlaceholder')
        && !cell.querySelector('.jp-Cell-inputWrapper .jp-InputArea'),
      outputFolded: !!cell.querySelector('.jp-Cell-outputWrapper .jp-OutputPlaceholder'),
      outputText: out ? out.textContent : '',
      // one entry per output JupyterLab made: the MIME type it chose, or null where it had no
      // renderer for any of the output's types (it then shows an empty element)
      outputs: out ? Array.from(out.children).filter(c => !c.classList.contains('jp-OutputArea-promptOverlay'))
        .map(c => { const o = c.querySelector('.jp-OutputArea-output'); return o ? o.getAttribute('data-mime-type') : null; }) : [],
    };
  });
}"""


@dataclass
class View:
    """What the page showed of one notebook."""
    cells: list[dict]
    typeset: bool  # the math was typeset before the wait ran out
    ready: bool = True  # every cell attached and every Markdown cell rendered before the wait ran out
    errors: list[str] = field(default_factory=list)  # uncaught errors in the page while it opened


def open_notebook(page, url: str, notebook: dict, timeout_ms: int = 90000, math_timeout_ms: int = 60000) -> View:
    """Go to `url` (a /lab/.../tree/ address of `notebook`, the notebook's JSON) and read it once
    every cell is attached and rendered and the math typeset. Math that is never typeset does
    not fail here: the wait for it runs out and `problems` says where it is left raw."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    errors: list[str] = []

    def on_error(error):
        errors.append(str(error))

    page.on("pageerror", on_error)
    try:
        page.goto(url, wait_until="domcontentloaded")
        ncells = len(notebook["cells"])
        nmarkdown = sum(c["cell_type"] == "markdown" for c in notebook["cells"])
        try:
            page.wait_for_function(_READY_JS, arg=[PANEL, ncells, nmarkdown], timeout=timeout_ms, polling=100)
            ready = True
        except PlaywrightTimeout:
            ready = False  # read what is there: `problems` compares it with the notebook
        try:
            page.wait_for_function(_TYPESET_JS, arg=[PANEL], timeout=math_timeout_ms if ready else 1, polling=100)
            typeset = True
        except PlaywrightTimeout:
            typeset = False
        cells = page.evaluate(_READ_JS, [PANEL]) if page.locator(f"{PANEL} .jp-Notebook").count() else []
    finally:
        page.remove_listener("pageerror", on_error)
    return View(cells=cells, typeset=typeset, ready=ready, errors=errors)


def as_rendered(value: str) -> str:
    """The text JupyterLab's page holds for a value glued as Markdown (a plain number is itself):
    list markers gone, code as its text, math as MathJax's assistive MathML reads it (no spaces,
    × for \\times, − for -, a subscript before a superscript)."""
    # a fenced code block (a class shown whole) is its lines as they are; the rest is prose
    parts = re.split(r"^```[^\n]*\n(.*?)^```[ \t]*$", value, flags=re.M | re.S)
    return "".join(part if i % 2 else _prose_as_rendered(part) for i, part in enumerate(parts))


def _prose_as_rendered(value: str) -> str:
    text = re.sub(r"^\s*[-*] ", "", value, flags=re.M)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return re.sub(r"\$([^$]+)\$", lambda m: _tex_text(m[1]), text)


def _tex_text(tex: str) -> str:
    text = tex.replace("\\times", "×").replace("-", "\u2212")
    text = re.sub(r"\^(\{[^}]*\}|.)_(\{[^}]*\}|.)", r"_\2^\1", text)  # x^a_b is x_b^a in MathML's order
    text = re.sub(r"[{}^_\s]", "", text)
    if "\\" in text:
        raise ValueError(f"a glued value in TeX that this check does not read yet: {tex!r} (extend _tex_text)")
    return text


def squash(text: str) -> str:
    """Whitespace as a reader perceives it: any run of spaces (no-break and thin ones too) is one."""
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text)


def problems(view: View, notebook: dict, shown_values: list[str], book_tags: dict[str, set[str]]) \
        -> tuple[list[str], dict]:
    """What is wrong in `view` of `notebook`, each in words, and counts for the report.
    `book_tags` is the lesson's tags by cell id (the learner notebook keeps the lesson's ids)."""
    found: list[str] = []
    widgets = widgets_as_text = 0
    cells = notebook["cells"]
    if not view.ready or len(view.cells) != len(cells):
        rendered = sum(c["kind"] == "markdown" and bool(c["text"]) for c in view.cells)
        markdown = sum(c["cell_type"] == "markdown" for c in cells)
        return [f"JupyterLab never showed the notebook whole: {len(view.cells)} of its {len(cells)} cells, "
                f"{rendered} of its {markdown} Markdown cells rendered", *(f"page error: {e}" for e in view.errors)], {}
    for i, (cell, seen) in enumerate(zip(cells, view.cells)):
        where = f"cell {i} ({cell['cell_type']})"
        if seen["kind"] != cell["cell_type"]:
            found.append(f"{where}: the page shows a {seen['kind']} cell")
            continue
        hidden = cell.get("metadata", {}).get("jupyter", {})
        if cell["cell_type"] == "markdown":
            raw = [s for s in RAW_MYST if s in seen["prose"]]
            raw += [f"```{{ (a fenced directive, shown as code: {c})" for c in seen["fences"]]
            if raw:
                first = min((seen["prose"].find(s) for s in RAW_MYST if s in seen["prose"]), default=0)
                context = squash(seen["prose"][max(first - 60, 0):first + 100])
                found.append(f"{where}: raw MyST shown: {raw}: ...{context}...")
            markup = RAW_MARKDOWN.search(seen["prose"])
            if markup:
                context = squash(seen["prose"][max(markup.start() - 60, 0):markup.end() + 40])
                found.append(f"{where}: Markdown shown as its markers, not rendered ({markup[0]!r}; inside an HTML "
                             f"element such as <summary>, Markdown is not rendered): ...{context}...")
            raw_math = re.search(r"\$\$" + ("" if view.typeset else r"|\$[^$\n]+\$|\\begin\{"), seen["prose"])
            if raw_math:
                context = squash(seen["prose"][max(raw_math.start() - 60, 0):raw_math.end() + 60])
                found.append(f"{where}: math left raw (not typeset): ...{context}...")
            if seen["mathErrors"]:
                found.append(f"{where}: MathJax could not typeset: {seen['mathErrors']}")
            opened = [d["summary"] for d in seen["details"] if d["open"]]
            if opened:
                found.append(f"{where}: <details> open at load: {opened}")
        if cell["cell_type"] == "code":
            if seen["inputFolded"] != bool(hidden.get("source_hidden")):
                state = "folded" if seen["inputFolded"] else "shown"
                found.append(f"{where}: its input is {state}, its metadata says source_hidden="
                             f"{hidden.get('source_hidden', False)}: {''.join(cell['source'])[:80]!r}")
            if seen["outputFolded"] != bool(hidden.get("outputs_hidden")):
                state = "folded" if seen["outputFolded"] else "shown"
                found.append(f"{where}: its output is {state}, its metadata says outputs_hidden="
                             f"{hidden.get('outputs_hidden', False)}")
            if NO_RENDERER in seen["outputText"]:
                found.append(f"{where}: an output JupyterLab cannot render: {squash(seen['outputText'])[:160]!r}")
            stored = [o for o in cell.get("outputs", []) if "data" in o]
            glue = sum(all(m.startswith(GLUE) for m in o["data"]) for o in stored)
            blank = seen["outputs"].count(None)
            if not seen["outputFolded"] and blank > glue:  # glue's records show nothing, in the book too
                kinds = sorted({m for o in stored for m in o["data"]})
                found.append(f"{where}: {blank - glue} output(s) JupyterLab has no renderer for, shown as "
                             f"nothing (the cell's types: {kinds})")
            widgets += sum(WIDGET in o["data"] for o in stored)
            widgets_as_text += sum(WIDGET in o["data"] for o in stored) if WIDGET not in seen["outputs"] else 0
        if cell["cell_type"] == "code" and cell.get("id") in book_tags:
            tags = book_tags[cell["id"]]
            if tags & BOOK_HIDES and not seen["inputFolded"]:
                found.append(f"{where}: the book hides this cell ({sorted(tags & BOOK_HIDES)}), JupyterLab shows "
                             f"its code: {''.join(cell['source'])[:80]!r}")
            if "remove-cell" in tags and cell.get("outputs") and not seen["outputFolded"]:
                found.append(f"{where}: the book removes this cell, JupyterLab shows its output")
    # A value glued n times must be in the rendered prose n times at least (a value lost where the
    # same number also stands elsewhere is caught too).
    text = squash(" ".join(c["text"] for c in view.cells if c["kind"] == "markdown"))
    short = {v: (n, text.count(squash(as_rendered(v)))) for v, n in Counter(shown_values).items()}
    short = {v: (n, seen) for v, (n, seen) in short.items() if seen < n}
    missing = sum(n - seen for n, seen in short.values())
    if short:
        found.append(f"{missing} of {len(shown_values)} glued values missing from the rendered prose "
                     f"(value: glued, shown): {dict(list(short.items())[:10])}")
    found += [f"page error: {e}" for e in view.errors]
    counts = {
        "cells": len(cells),
        "markdown": sum(c["kind"] == "markdown" for c in view.cells),
        "math": sum(c["math"] for c in view.cells),
        "details": sum(len(c["details"]) for c in view.cells),
        "folded inputs": sum(c["inputFolded"] for c in view.cells),
        "folded outputs": sum(c["outputFolded"] for c in view.cells),
        "values": f"{len(shown_values) - missing}/{len(shown_values)}",
        "widgets shown as text until run": f"{widgets_as_text}/{widgets}",
    }
    return found, counts


def write_settings(config_dir: Path) -> None:
    for name, values in LAB_SETTINGS.items():
        path = config_dir / "lab" / "user-settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


def screenshot(page, prefix: Path, slice_height: int = 8000) -> list[Path]:
    """The whole open notebook at the page's width, in slices up to `slice_height` px tall (one
    image of a notebook 25,000 px long is more than Chromium draws): prefix-1.png, prefix-2.png,
    ...; the last slice ends at the last cell (it may overlap the one before)."""
    before = page.viewport_size
    page.set_viewport_size({"width": before["width"], "height": slice_height})
    outer = page.locator(f"{PANEL} .jp-WindowedPanel-outer")
    paths = []
    try:
        # the cells' height, without the blank space JupyterLab leaves to scroll past the end
        content, visible = outer.evaluate(
            "(el) => [el.querySelector('.jp-WindowedPanel-viewport').offsetHeight, el.clientHeight]")
        tops = list(range(0, max(content - visible, 0), visible)) + [max(content - visible, 0)]
        for top in tops:
            outer.evaluate("(el, top) => { el.scrollTop = top; }", top)
            page.wait_for_function("([el, top]) => Math.abs(el.scrollTop - top) < 2", arg=[outer.element_handle(), top])
            path = prefix.with_name(f"{prefix.name}-{len(paths) + 1}.png")
            page.screenshot(path=str(path))
            paths.append(path)
    finally:
        outer.evaluate("(el) => { el.scrollTop = 0; }")
        page.set_viewport_size(before)
    return paths
