"""Sphinx extension: launch buttons (Binder, Colab) only from the book's own repository URL.

Jupyter Book 1 fills every setting the book's ``_config.yml`` leaves out from its own
``default_config.yml``, and that default ``repository.url`` is Jupyter Book's repository
(executablebooks/jupyter-book, branch master): without this extension, launch buttons built
while the book sets no URL point there, silently. When the URL in the theme options is empty or
is that default, this extension removes the launch buttons and the repository URL, so no page
shows a button and none links to Jupyter Book's repository. When ``repository.url`` is set, the
buttons are sphinx-book-theme's own, built from it.
"""

from pathlib import Path

import yaml
from sphinx.errors import ConfigError


def _jupyter_book_default_url() -> str:
    import jupyter_book

    defaults = yaml.safe_load((Path(jupyter_book.__file__).parent / "default_config.yml").read_text())
    return defaults["repository"]["url"]


def _normalised(url) -> str:
    return str(url or "").strip().rstrip("/").removesuffix(".git").lower()


def _launch_only_from_the_book_s_repository(app, config):
    options = config.html_theme_options
    url = options.get("repository_url", "")
    if _normalised(url) in ("", _normalised(_jupyter_book_default_url())):
        options["repository_url"] = ""
        options["launch_buttons"] = {}
        return
    parts = str(url).strip().rstrip("/").split("/")
    if len(parts) != 5 or parts[:3] != ["https:", "", "github.com"] or not all(parts[3:]):
        raise ConfigError(
            f"repository.url: expected a GitHub repository's address, https://github.com/OWNER/REPO "
            f"(Binder and Colab launch buttons are built only for GitHub), got {url!r}")


def setup(app):
    # Before sphinx-book-theme reads the repository URL (builder-inited).
    app.connect("config-inited", _launch_only_from_the_book_s_repository, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
