"""Sphinx extension: the foot of every page says under which licences the book is and which
edition it is.

- The licences: the text under CC BY 4.0 (LICENSE-text), the code under the MIT licence
  (LICENSE). The MIT licence, which names the copyright holders, is copied into the site as
  ``LICENSE.txt``, and every page's footer links to that copy; the CC BY 4.0 link is to
  Creative Commons' summary of the licence.
- The edition: the version in pyproject.toml (``[project] version``) and the date of the last
  commit (``git log -1``, its committer date), e.g. "Edition 0.1.0 of 30 November 2026". The
  date is the last commit's, never the build's, so two builds of one commit are the same, and
  a change shows its date once it is committed. Where there is no git history (a source
  archive), SOURCE_DATE_EPOCH gives the date; with neither, the build stops and says so.

Every page that the theme draws gets the lines through sphinx-book-theme's ``extra_footer``
(kept, and put after them, when _config.yml's ``html.extra_footer`` sets one); social_meta.py
puts them on the ``index.html`` that only forwards to the first page as well.
"""

from __future__ import annotations

import datetime
import html
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

from sphinx.errors import ExtensionError

ROOT = Path(__file__).resolve().parents[2]
TEXT_LICENCE = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
CODE_LICENCE = ("MIT licence", "LICENSE.txt")  # LICENSE, copied into the site's root
# English month names, whatever the locale the build runs in.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def version() -> str:
    """The book's version: pyproject.toml's ``[project] version``."""
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def date() -> datetime.date:
    """The date of the last commit (its committer date); SOURCE_DATE_EPOCH where there is no git
    history."""
    try:
        result = subprocess.run(["git", "-c", f"safe.directory={ROOT}", "log", "-1", "--format=%cs"],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
        last_commit = result.stdout.strip() if result.returncode == 0 else ""
    except OSError:  # no git at all
        last_commit = ""
    if last_commit:
        return datetime.date.fromisoformat(last_commit)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    raise ExtensionError(
        f"edition: the date of the book's edition is its last commit's, and {ROOT} has no git "
        "history; build from a clone, or set SOURCE_DATE_EPOCH (seconds since 1970) to the date to print")


def footer_html(licence_href: str, edition: tuple[str, datetime.date] | None = None) -> str:
    """The licence line and the edition line; ``licence_href`` is the site's LICENSE.txt as seen
    from the page, ``edition`` the version and date (read now when not given)."""
    number, day = edition or (version(), date())
    text_name, text_url = TEXT_LICENCE
    return (
        f'<p class="book-licence">The text of this book is licensed under '
        f'<a rel="license" href="{text_url}">{text_name}</a> and its code under the '
        f'<a href="{html.escape(licence_href)}">{CODE_LICENCE[0]}</a>.</p>\n'
        f'<p class="book-edition">Edition {html.escape(number)} of '
        f'<time datetime="{day.isoformat()}">{day.day} {MONTHS[day.month - 1]} {day.year}</time>.</p>'
    )


def edition_of(app) -> tuple[str, datetime.date]:
    """The version and date, read once per build (at its start, so that a missing date stops it
    before any page is read)."""
    if not hasattr(app, "book_edition"):
        app.book_edition = (version(), date())
    return app.book_edition


def _footer(app, pagename, templatename, context, doctree):
    lines = footer_html(context["pathto"](CODE_LICENCE[1], 1), edition_of(app))
    context["theme_extra_footer"] = lines + (context.get("theme_extra_footer") or "")


def _read_the_edition(app, config):
    edition_of(app)


def _copy_licence(app, exception):
    if exception is None and app.builder.format == "html":
        shutil.copyfile(ROOT / "LICENSE", Path(app.outdir) / CODE_LICENCE[1])


def setup(app):
    app.connect("config-inited", _read_the_edition)
    app.connect("html-page-context", _footer)
    app.connect("build-finished", _copy_licence)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
