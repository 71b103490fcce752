"""The sources' printed figures and the published-vs-exact table."""

import pytest

from backprop_lib.pages import compare, published
from backprop_lib.pages.sources import Figure, is_off, sources


def test_rounding_allowance_comes_from_the_printed_places():
    assert Figure("a", "0.56").rounding == pytest.approx(0.005)
    assert Figure("a", "-0.118").rounding == pytest.approx(0.0005)
    assert Figure("a", "0.24908").rounding == pytest.approx(0.000005)


def test_a_figure_is_off_only_beyond_its_rounding():
    fig = Figure("ŷ", "0.56")
    assert not is_off(fig, 0.5621765)   # rounds to 0.56
    assert not is_off(fig, 0.555)       # exactly at the rounding edge
    assert is_off(fig, 0.5549)


def test_every_source_file_is_readable_and_every_figure_a_number():
    found = sources()
    assert sorted(found) == ["hmkcode", "karobben2025", "lamsal", "pumaline2024"]
    for key, source in found.items():
        assert source["citation"] == key and source["title"]
        for fig in published(key).values():
            float(fig.printed)


def test_compare_flags_and_requires_a_reason():
    figures = {"a": Figure("a", "0.50"), "b": Figure("b", "0.50", why="copied from elsewhere")}
    table = compare("pumaline2024", {"a": 0.501, "b": 0.6}, figures=figures)
    assert list(table["verdict"]) == ["ok", "OFF"]
    assert table.loc["b", "why"] == "copied from elsewhere"
    with pytest.raises(ValueError, match=r"^exact\['a'\]: pumaline2024 prints 0.50 but the exact value is 0.600000; record why"):
        compare("pumaline2024", {"a": 0.6}, figures=figures)


def test_a_difference_of_rounding_noise_prints_without_a_sign_flip():
    figures = {"a": Figure("a", "0.41")}
    table = compare("pumaline2024", {"a": 0.1 * 0.1 + 0.5 * 0.3 + 0.25}, figures=figures)  # 0.41000000000000003
    assert table.loc["a", "difference"] == "+0.000000"
