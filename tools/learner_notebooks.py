"""Write the lessons in their learner form: `notebooks/lessons/*.ipynb`, from `lessons/`.

A lesson is written for the book: its prose is MyST (glue roles for every computed number,
glossary terms, citations, cross-references, exercises and solutions as directives), and the
cells that exist for the checks are tagged for the book to hide. Opened as it is in JupyterLab
or Colab, none of that renders: `{glue:text}` stands where a number should, and every check and
solution is in plain view. JupyterLab with jupyterlab-myst renders directives but not glue,
and Colab renders neither, so the lessons cannot be their own learner form. This tool writes
one, as d2l writes its Colab notebooks from its source:

- Markdown becomes plain Markdown and HTML, which JupyterLab, Colab and GitHub all render:
  each glue role becomes the number it shows in the book (formatted by myst-nb's own
  `format_plain_text`, from the value the lesson stored), each term its text, each citation
  "Author (year)", each cross-reference its title or number as the book prints it; exercises
  get a numbered heading, solutions and dropdown boxes a closed `<details>` fold, other boxes a
  `<blockquote>`; a closing cell lists the sources the chapter cites.
- Code cells are the lesson's, with their stored outputs, unchanged but for one comment line:
  those the book hides are folded (JupyterLab's `jupyter.source_hidden`, Colab's form view
  with a `# @title` line naming what the cell is for), and the outputs of those the book
  removes whole are folded too. So the notebook runs exactly as the lesson does (nbval runs it
  on Binder's environment and on the Colab replay) and reads like the page.

The numbers in the sentences are those of the book's run; the code cells recompute theirs.
The lessons stay the one source: never edit notebooks/ by hand. `make refresh` runs this tool
after refreshing the lessons, and tests/test_learner_notebooks.py fails when a committed
learner notebook differs from what this tool writes now.

    python tools/learner_notebooks.py              # every lesson
    python tools/learner_notebooks.py --check      # exit 1 if any learner notebook is stale
"""

from __future__ import annotations

import copy
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
OUT = ROOT / "notebooks" / "lessons"
GLUE_PREFIX = "application/papermill.record/"

#: The `# @title` line Colab shows for a folded cell, by the tag the book hides it with.
FOLD_TITLES = {
    "colab": "Set-up on Colab (run it first there; elsewhere it does nothing)",
    "remove-cell": "Numbers for the text, and checks",
    "output": "Code for the output below",
    "set-up": "Imports and set-up: the names the code below uses (click to read)",
}

INTRO = (
    "**{which} of *Backprop, Step by Step*, as a notebook.** On Colab, run the first cell before "
    "any other: it sets the lesson up, or says what it needs. At home (the lessons' download, "
    "`python start.py`) and on Binder there is nothing to set up. The numbers in the sentences are "
    "those of the book's own run, and stay as they are when you change something; run the cells "
    "(*Run ▸ Run All Cells* in JupyterLab, *Runtime ▸ Run all* in Colab) and every output and plot "
    "is computed again. Folded cells (click one to open it) hold what the book's pages hide: the "
    "imports and set-up, the code that puts numbers into the text and checks them, and the code "
    "behind some figures.{extras}"
)


class LearnerFormError(ValueError):
    """The lesson uses MyST this tool does not know how to write for Jupyter and Colab."""


# ---------------------------------------------------------------------------------------------
# What the whole book knows: chapter numbers and titles, labels, sources.


@dataclass
class Book:
    chapters: dict[str, str] = field(default_factory=dict)  # docname stem -> number ("1", "" if none)
    titles: dict[str, str] = field(default_factory=dict)  # docname stem -> title
    labels: dict[str, str] = field(default_factory=dict)  # label -> the text a bare reference shows
    sources: dict[str, dict] = field(default_factory=dict)  # bibtex key -> fields


def _toc_chapters() -> list[tuple[str, bool]]:
    """(docname stem, numbered) of every lesson, in reading order, from _toc.yml."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found = []
    for part in toc["parts"]:
        for chapter in part["chapters"]:
            if chapter["file"].startswith("lessons/"):
                found.append((chapter["file"].removeprefix("lessons/"), bool(part.get("numbered"))))
    return found


def _markdown(nb) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def _directives(text: str):
    """(name, argument, options) of every directive opened in ``text``, in order."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = OPENER.match(line)
        if m:
            options = {}
            for opt in lines[i + 1:]:
                o = OPTION.match(opt.strip())
                if not o:
                    break
                options[o[1]] = o[2].strip()
            yield m["name"], m["arg"].strip(), options


def load_book() -> Book:
    book = Book()
    number = 0
    for stem, numbered in _toc_chapters():
        nb = json.loads((LESSONS / f"{stem}.ipynb").read_text(encoding="utf-8"))
        texts = _markdown(nb)
        title = next(m[1].strip() for t in texts if (m := re.search(r"^#\s+(.*)$", t, re.M)))
        if numbered:
            number += 1
        chapter = str(number) if numbered else ""
        book.chapters[stem], book.titles[stem] = chapter, title
        counts: dict[str, int] = {}
        for text in texts:
            for name, arg, options in _directives(text):
                kind = KINDS.get(name)
                if kind is None or "label" not in options:
                    continue
                counts[kind] = counts.get(kind, 0) + 1
                book.labels[options["label"]] = f"{kind} {chapter + '.' if chapter else ''}{counts[kind]}"
            for label, heading in re.findall(r"^\(([\w-]+)\)=\s*\n+#+\s+(.*)", text, re.M):
                book.labels[label] = heading.strip()
    # The book's other pages' section labels ("(run-the-lessons)=" in how-to-read.md): a
    # reference to one shows its text, or the heading.
    for page in sorted((ROOT / "book").glob("*.md")):
        for label, heading in re.findall(r"^\(([\w-]+)\)=\s*\n+#+\s+(.*)", page.read_text(encoding="utf-8"), re.M):
            book.labels.setdefault(label, heading.strip())
    from pybtex.database import parse_file

    for key, entry in parse_file(str(ROOT / "book" / "references.bib")).entries.items():
        people = entry.persons.get("author", [])
        names = [" ".join(p.last_names).strip("{}") or str(p).strip("{}") for p in people]
        if not names and "author" in entry.fields:
            names = [entry.fields["author"].strip("{}")]
        if len(names) > 2:
            authors = f"{names[0]} et al."
        else:
            authors = " and ".join(names)
        book.sources[key] = {"authors": authors, "year": entry.fields.get("year", "n.d."),
                             "title": entry.fields.get("title", "").replace("{", "").replace("}", ""),
                             "where": entry.fields.get("howpublished") or entry.fields.get("journal")
                             or entry.fields.get("booktitle") or entry.fields.get("publisher") or "",
                             "url": entry.fields.get("url", "")}
    return book


#: Directives that number, and the word the book prints before their number.
KINDS = {"exercise": "Exercise", "exercise-start": "Exercise", "prf:theorem": "Theorem",
         "prf:proposition": "Proposition"}

OPENER = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}(?P<arg>.*)$")
OPTION = re.compile(r"^:([\w-]+):(.*)$")


# ---------------------------------------------------------------------------------------------
# One lesson's glued values.


def glued(nb) -> dict[str, dict]:
    """Every value the lesson glues: name -> its MIME bundle (without myst-nb's prefix)."""
    found = {}
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            scrap = (out.get("metadata") or {}).get("scrapbook")
            if scrap:
                prefix = scrap.get("mime_prefix", "")
                found[scrap["name"]] = {k.removeprefix(prefix): v for k, v in out.get("data", {}).items()}
    return found


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


# ---------------------------------------------------------------------------------------------
# Markdown: roles, then directives.


ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<body>[^`]*)`")


def _shown_and_target(body: str) -> tuple[str | None, str]:
    m = re.fullmatch(r"(.*?)\s*<([^<>]+)>", body.strip(), re.S)
    return (m[1], m[2]) if m else (None, body.strip())


class Lesson:
    def __init__(self, stem: str, nb, book: Book):
        self.stem, self.nb, self.book = stem, nb, book
        self.values = glued(nb)
        self.shown: list[str] = []  # every glued value put into the prose, as shown
        self.cited: list[str] = []
        self.slugs = {}  # the book's heading anchors -> JupyterLab's
        for text in _markdown(nb):
            for heading in re.findall(r"^#{1,6}\s+(.*)$", text, re.M):
                self.slugs[_myst_slug(heading)] = "#" + heading.strip().replace(" ", "-")

    def glue_value(self, key: str, fmt: str | None, mime: str) -> str:
        from myst_nb.core.variables import format_plain_text

        if "::" in key:
            raise LearnerFormError(f"{self.stem}: glue from another page ({key!r}) is not supported")
        if key not in self.values:
            raise LearnerFormError(f"{self.stem}: the prose shows {key!r}, which the lesson does not glue")
        data = self.values[key]
        if mime == "text/markdown":
            if "text/markdown" not in data:
                raise LearnerFormError(f"{self.stem}: {key!r} is shown as Markdown but glued without it")
            shown = _text(data["text/markdown"]).strip()
        else:
            shown = format_plain_text(_text(data["text/plain"]), fmt or "")
        self.shown.append(shown)
        return shown

    def role(self, m: re.Match) -> str:
        name, body = m["name"], m["body"]
        if name == "glue:text":
            key, _, fmt = body.rpartition(":") if ":" in body else (body, "", "")
            return self.glue_value(key, fmt, "text/plain")
        if name in ("glue", "glue:any"):
            return self.glue_value(body.strip(), None, "text/plain")
        if name == "glue:md":
            key = body.split(":")[0]
            return self.glue_value(key, None, "text/markdown")
        if name == "term":
            shown, target = _shown_and_target(body)
            return shown or target
        if name in ("cite", "cite:p", "cite:t"):
            keys = [k.strip() for k in body.split(",")]
            for k in keys:
                if k not in self.book.sources:
                    raise LearnerFormError(f"{self.stem}: cites {k!r}, not in book/references.bib")
                if k not in self.cited:
                    self.cited.append(k)
            if name == "cite:t":
                return "; ".join(f"{self.book.sources[k]['authors']} ({self.book.sources[k]['year']})" for k in keys)
            return "(" + "; ".join(f"{self.book.sources[k]['authors']}, {self.book.sources[k]['year']}"
                                   for k in keys) + ")"
        if name == "doc":
            shown, target = _shown_and_target(body)
            stem = target.rsplit("/", 1)[-1]
            if stem not in self.book.titles:
                raise LearnerFormError(f"{self.stem}: {{doc}} to {target!r}, which is not a lesson")
            number = self.book.chapters[stem]
            return shown or (f"chapter {number}, *{self.book.titles[stem]}*" if number
                             else f"the appendix *{self.book.titles[stem]}*")
        if name in ("ref", "prf:ref", "numref"):
            shown, target = _shown_and_target(body)
            if target not in self.book.labels:
                raise LearnerFormError(f"{self.stem}: reference to an unknown label {target!r}")
            return shown or self.book.labels[target]
        raise LearnerFormError(f"{self.stem}: the role {{{name}}} has no learner form yet: add it to tools/learner_notebooks.py")

    def inline(self, text: str) -> str:
        out = ROLE.sub(self.role, text)
        # the book's heading anchors (myst_heading_anchors) -> JupyterLab's
        return re.sub(r"\]\(#([\w-]+)\)", lambda m: f"]({self.slugs.get(m[1], '#' + m[1])})", out)

    # -- directives ---------------------------------------------------------------------------

    def markdown(self, text: str) -> str:
        lines = text.splitlines()
        out: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if re.fullmatch(r"\([\w-]+\)=\s*", line):  # a label: the book's anchor, nothing to show
                i += 1
                continue
            m = OPENER.match(line)
            if not m:
                out.append(line)
                i += 1
                continue
            fence = m["fence"]
            close = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)}}}\s*$")
            j, depth = i + 1, 0
            while j < len(lines):
                inner = OPENER.match(lines[j])
                if inner and inner["fence"] == fence:
                    depth += 1
                elif close.match(lines[j]):
                    if depth == 0:
                        break
                    depth -= 1
                j += 1
            # A fence left open runs to the end of the cell, as in CommonMark (and so in the book).
            body = lines[i + 1:j]
            options = {}
            while body and OPTION.match(body[0].strip()):
                o = OPTION.match(body[0].strip())
                options[o[1]] = o[2].strip()
                body = body[1:]
            rendered = self.directive(m["name"], m["arg"].strip(), options, "\n".join(body).strip("\n"))
            indent = m["indent"]
            out.extend(indent + r if r else r for r in rendered.splitlines())
            i = j + 1
        return self.inline("\n".join(out))

    def directive(self, name: str, arg: str, options: dict, body: str) -> str:
        inner = self.markdown(body) if body else ""
        if name in ("exercise", "exercise-start"):
            number = self.book.labels.get(options.get("label", ""), "Exercise")
            title = f" · {self.inline(arg)}" if arg else ""
            return f"### {number}{title}\n\n{inner}".rstrip() + "\n"
        if name == "exercise-end":
            return ""
        if name == "solution":
            number = self.book.labels.get(arg, "the exercise")
            return _details(f"Solution to {number}", inner)
        if name in ("admonition", "note", "tip", "important", "warning"):
            title = self.inline(arg) if name == "admonition" else name.capitalize()
            if "dropdown" in options.get("class", "").split():
                return _details(title, inner)
            return _box(title, inner)
        if name in ("prf:theorem", "prf:proposition"):
            number = self.book.labels.get(options.get("label", ""), KINDS[name])
            title = f" ({self.inline(arg)})" if arg else ""
            return _box(f"{number}{title}.", inner)
        if name == "prf:proof":
            return f"*Proof.* {inner} $\\blacksquare$"
        if name == "glue":
            data = self.values.get(arg)
            if data is None:
                raise LearnerFormError(f"{self.stem}: the glue directive shows {arg!r}, which the lesson does not glue")
            for mime in ("text/markdown", "text/html"):
                if mime in data:
                    # pandas' <style scoped> block: JupyterLab's sanitizer drops it, Colab may not
                    return re.sub(r"<style[^>]*>.*?</style>\s*", "", _text(data[mime]), flags=re.S).strip()
            return "```\n" + _text(data["text/plain"]) + "\n```"
        if name == "glue:md":
            return self.glue_value(arg, None, "text/markdown")
        raise LearnerFormError(f"{self.stem}: the directive {{{name}}} has no learner form yet: "
                               "add it to tools/learner_notebooks.py")


def _myst_slug(heading: str) -> str:
    """The anchor myst-parser gives a heading (myst_heading_anchors): GitHub's slug."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _inline_html(text: str) -> str:
    """Markdown is not rendered inside an HTML element: *emphasis* and `code` as their tags."""
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    return re.sub(r"(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])", r"<em>\1</em>", text)


def _details(summary: str, body: str) -> str:
    """A closed fold. Blank lines around the body, so that it is read as Markdown inside HTML."""
    return f"<details>\n<summary><strong>{_inline_html(summary)}</strong></summary>\n\n{body}\n\n</details>"


def _box(title: str, body: str) -> str:
    return f"<blockquote>\n\n**{title}**\n\n{body}\n\n</blockquote>"


# ---------------------------------------------------------------------------------------------
# One notebook.


def _shows_output(cell) -> bool:
    """Whether a code cell shows a reader anything: text, a table, a figure, a widget (a value
    glued for the prose is a record no front end shows)."""
    return any(out.get("output_type") == "stream" or
               any(not mime.startswith(GLUE_PREFIX) for mime in out.get("data", {}))
               for out in cell.get("outputs", []) if out.get("output_type") != "error")


def _fold(cell, title: str, outputs_too: bool) -> None:
    source = cell.source
    cell.source = f"# @title {title}\n{source}"
    jupyter = {"source_hidden": True}
    if outputs_too:
        jupyter["outputs_hidden"] = True
    cell.metadata["jupyter"] = jupyter
    cell.metadata["cellView"] = "form"


def learner_notebook(path: Path, book: Book | None = None) -> tuple[nbformat.NotebookNode, list[str]]:
    """The learner form of the lesson at ``path``, and the glued values its prose shows."""
    book = book or load_book()
    nb = nbformat.read(path, as_version=4)
    lesson = Lesson(path.stem, nb, book)
    learner = copy.deepcopy(nb)
    first_markdown = True
    lesson_text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    lesson_code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for cell in learner.cells:
        tags = set(cell.metadata.get("tags", []))
        if cell.cell_type == "markdown":
            text = lesson.markdown(cell.source)
            if first_markdown:
                first_markdown = False
                number = book.chapters.get(path.stem, "")
                which = f"Chapter {number}" if number else "An appendix"
                extras = "".join(extra for extra, present in (
                    (" Each exercise's solution is folded beneath it.", "{solution}" in lesson_text),
                    (" Each explorer appears when you run its cell.", "explorers" in lesson_code)) if present)
                text = re.sub(r"^#\s+(.*)$", lambda m: f"# {number + '. ' if number else ''}{m[1]}\n\n"
                              + INTRO.format(which=which, extras=extras), text, count=1, flags=re.M)
            cell.source = text
        elif cell.cell_type == "code":
            if cell.get("id") == "colab-setup":
                _fold(cell, FOLD_TITLES["colab"], outputs_too=False)
            elif "remove-cell" in tags:
                _fold(cell, FOLD_TITLES["remove-cell"], outputs_too=True)
            elif tags & {"remove-input", "hide-input"}:
                _fold(cell, FOLD_TITLES["output" if _shows_output(cell) else "set-up"], outputs_too=False)
    if lesson.cited:
        lines = ["## Sources cited in this chapter", ""]
        for key in lesson.cited:
            s = book.sources[key]
            where = f", {s['where']}" if s["where"] else ""
            url = f", <{s['url']}>" if s["url"] else ""
            lines.append(f"- {s['authors']} ({s['year']}). *{s['title']}*{where}{url}.")
        learner.cells.append(nbformat.v4.new_markdown_cell("\n".join(lines), id="sources-cited"))
    return learner, lesson.shown


def shown_values(path: Path) -> list[str]:
    """The glued values the learner form of the lesson at ``path`` shows in its prose."""
    return learner_notebook(path)[1]


def written(nb) -> str:
    return nbformat.writes(nb) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    book = load_book()
    OUT.mkdir(parents=True, exist_ok=True)
    stale = []
    lessons = sorted(LESSONS.glob("*.ipynb"))
    for path in lessons:
        learner, _ = learner_notebook(path, book)
        target = OUT / path.name
        text = written(learner)
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        stale.append(target)
        if not check:
            target.write_text(text, encoding="utf-8")
            print(f"wrote notebooks/lessons/{target.name}", flush=True)
    extra = sorted(set(p.name for p in OUT.glob("*.ipynb")) - {p.name for p in lessons})
    for name in extra:
        stale.append(OUT / name)
        if not check:
            (OUT / name).unlink()
            print(f"removed notebooks/lessons/{name} (no such lesson)", flush=True)
    if check and stale:
        print("stale learner notebooks (run `make refresh`, or python tools/learner_notebooks.py): "
              + ", ".join(p.name for p in stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
