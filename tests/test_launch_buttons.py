"""Launch buttons: Binder and Colab on every lesson page, built from the book's own
``repository.url``, and none at all while it is unset.

Jupyter Book fills an unset ``repository.url`` with its own repository
(executablebooks/jupyter-book, branch master) and builds the buttons from that without a
warning; book/_ext/launch_buttons.py removes them instead. The pages are read from two builds
of _config.yml, one with the URL removed and one with a made-up one, whatever the real
_config.yml says. While _config.yml sets no URL (as it is shipped), the book that
tests/conftest.py builds for every test (``built_book``) is the first of the two: the same
sources and the same configuration, built the same way (a copy of _config.yml with the URL
removed builds it byte for byte), so only the second is built here, into a folder of its own
(about ten seconds: the lessons are not executed). Once _config.yml sets a URL, both are built.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
from browsing import HTML, build_book  # noqa: E402  (where tests/conftest.py builds the book, and how)
LESSONS = [path.stem for path in sorted((ROOT / "lessons").glob("*.ipynb"))]
OWNER, REPO, BRANCH = "example-owner", "backprop-step-by-step", "main"
JUPYTER_BOOK_REPO = "executablebooks/jupyter-book"
LAUNCH = re.compile(r'href="(https://(?:mybinder\.org|colab\.research\.google\.com)[^"]*)"')

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import launch_buttons  # noqa: E402


def build(tmp: Path, url: str | None) -> Path:
    """Build the book from _config.yml with ``repository.url`` set to ``url`` (or removed) into
    ``tmp``; return the HTML folder."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config.setdefault("repository", {}).pop("url", None)
    if url:
        config["repository"].update(url=url, branch=BRANCH)
    # Jupyter Book finds local extensions relative to the config file: give it their full paths.
    config["sphinx"]["local_extensions"] = {name: str((ROOT / path).resolve())
                                            for name, path in config["sphinx"]["local_extensions"].items()}
    path_config = tmp / "_config.yml"
    # In _config.yml's own order: a sorted copy would load the widgets' scripts in another order.
    path_config.write_text(yaml.safe_dump(config, sort_keys=False))
    result = build_book(tmp, "--config", str(path_config), timeout=600)
    assert result.returncode == 0, f"the build failed (warnings are errors):\n{(result.stdout + result.stderr)[-6000:]}"
    return tmp / "_build" / "html"


def book_sets_no_url() -> bool:
    """Whether _config.yml leaves ``repository.url`` out (or commented out, as it is shipped)."""
    return "url" not in (yaml.safe_load((ROOT / "_config.yml").read_text()).get("repository") or {})


@pytest.fixture(scope="module")
def without_url(built_book, tmp_path_factory):
    """The book built with no ``repository.url``: the shared build while _config.yml sets none."""
    if book_sets_no_url():
        return HTML
    return build(tmp_path_factory.mktemp("without-url"), None)


@pytest.fixture(scope="module")
def with_url(tmp_path_factory):
    """The book built with a made-up GitHub ``repository.url``, into a folder of its own."""
    return build(tmp_path_factory.mktemp("with-url"), f"https://github.com/{OWNER}/{REPO}")


def test_without_a_repository_url_no_page_has_a_launch_button_nor_points_at_jupyter_book(without_url):
    """Built with no ``repository.url``, every lesson is there and no page has a Binder or Colab
    link, a launch menu, or a link to Jupyter Book's own repository."""
    pages = sorted(without_url.rglob("*.html"))
    assert {f"lessons/{name}.html" for name in LESSONS} <= {p.relative_to(without_url).as_posix() for p in pages}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not LAUNCH.findall(html), f"{page.name}: launch links {LAUNCH.findall(html)}"
        assert JUPYTER_BOOK_REPO not in html, f"{page.name} points at Jupyter Book's repository"
        assert "launch-buttons" not in html and "Launch on" not in html, f"{page.name} has a launch menu"


def test_with_a_repository_url_every_lesson_launches_on_binder_and_colab_from_it(with_url):
    """Built with a GitHub ``repository.url``, every lesson page launches its learner notebook
    from that repository on Binder and on Colab; no other page has a launch link, and no page
    links to Jupyter Book's own repository."""
    for name in LESSONS:
        html = (with_url / "lessons" / f"{name}.html").read_text(encoding="utf-8")
        assert sorted(set(LAUNCH.findall(html))) == [
            f"https://colab.research.google.com/github/{OWNER}/{REPO}/blob/{BRANCH}/notebooks/lessons/{name}.ipynb",
            f"https://mybinder.org/v2/gh/{OWNER}/{REPO}/{BRANCH}?urlpath=lab/tree/notebooks/lessons/{name}.ipynb",
        ], name
    for page in with_url.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert JUPYTER_BOOK_REPO not in html, f"{page.name} points at Jupyter Book's repository"
        if page.parent.name != "lessons":  # buttons only on notebook pages
            assert not LAUNCH.findall(html), f"{page.name}: launch links on a page that is no lesson"


def _theme_options(url):
    options = {"launch_buttons": {"binderhub_url": "https://mybinder.org",
                                  "colab_url": "https://colab.research.google.com"}}
    if url is not None:
        options["repository_url"] = url
    return SimpleNamespace(html_theme_options=options)


@pytest.mark.parametrize("url", [None, "", "https://github.com/executablebooks/jupyter-book",
                                 "https://github.com/executablebooks/jupyter-book/"])
def test_an_unset_or_default_url_removes_the_buttons_and_the_url(url):
    config = _theme_options(url)
    launch_buttons._launch_only_from_the_book_s_repository(None, config)
    assert config.html_theme_options["launch_buttons"] == {} and config.html_theme_options["repository_url"] == ""


def test_a_github_url_keeps_the_buttons():
    config = _theme_options(f"https://github.com/{OWNER}/{REPO}")
    launch_buttons._launch_only_from_the_book_s_repository(None, config)
    assert config.html_theme_options["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert config.html_theme_options["repository_url"] == f"https://github.com/{OWNER}/{REPO}"


@pytest.mark.parametrize("url", ["https://gitlab.com/owner/repo", "github.com/owner/repo", "https://github.com/owner"])
def test_a_url_that_is_no_github_repository_is_refused_with_what_was_expected(url):
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match=r"^repository\.url: expected a GitHub repository's address"):
        launch_buttons._launch_only_from_the_book_s_repository(None, _theme_options(url))


def test_the_readme_says_how_to_set_the_url():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "url: https://github.com/OWNER/REPO" in readme
    assert "  # url: https://github.com/OWNER/REPO" in (ROOT / "_config.yml").read_text() or \
        (yaml.safe_load((ROOT / "_config.yml").read_text()).get("repository") or {}).get("url")
