"""The book builds with Sphinx warnings as errors, and builds exactly the pages of _toc.yml."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def toc_files() -> list[str]:
    """Every file named in _toc.yml, without its extension, in reading order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part["chapters"]:
            files.append(chapter["file"])
            files.extend(section["file"] for section in chapter.get("sections", []))
    return files


def test_book_builds_without_warnings(built_book):
    assert "build succeeded" in built_book
    for name in toc_files():
        assert (ROOT / "_build" / "html" / f"{name}.html").is_file(), f"{name} was not built"


def test_every_lesson_is_in_the_table_of_contents():
    listed = set(toc_files())
    lessons = {f"lessons/{p.stem}" for p in (ROOT / "lessons").glob("*.ipynb")}
    assert lessons, "no lessons found"
    assert lessons <= listed, f"lessons missing from _toc.yml (they would not be built): {sorted(lessons - listed)}"


def test_mathjax_is_served_by_the_book_itself(built_book):
    html = ROOT / "_build" / "html"
    assert (html / "mathjax" / "tex-chtml.js").is_file()
    assert (html / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()
    page = (html / "lessons" / "01_single_neuron.html").read_text()
    assert 'src="../_static/../mathjax/tex-chtml.js' in page
    assert "cdn.jsdelivr.net" not in page
