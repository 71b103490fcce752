"""The sources' printed figures and their errata: rounded, truncated or wrong."""

import pytest

from backprop_lib.pages import errata, published, source_name
from backprop_lib.pages.sources import Figure, sources, verdict


def test_rounding_allowance_comes_from_the_printed_places():
    assert Figure("a", "0.56").rounding == pytest.approx(0.005)
    assert Figure("a", "-0.118").rounding == pytest.approx(0.0005)
    assert Figure("a", "0.24908").rounding == pytest.approx(0.000005)


@pytest.mark.parametrize("printed, exact, expected", [
    ("0.56", 0.5621765, "rounded"),
    ("0.56", 0.555, "rounded"),         # exactly at the rounding edge
    ("0.56", 0.5649, "rounded"),
    ("0.56", 0.5651, "truncated"),      # cut off after two places: right digits, not rounded
    ("0.56", 0.5699, "truncated"),
    ("0.56", 0.5549, "wrong"),
    ("0.56", 0.57, "wrong"),
    ("-0.17044", -0.170449, "truncated"),  # cut off towards zero
    ("-0.17044", -0.170431, "wrong"),
    ("0.41", 0.1 * 0.1 + 0.5 * 0.3 + 0.25, "rounded"),  # 0.41000000000000003
])
def test_verdicts_tell_rounded_truncated_and_wrong_apart(printed, exact, expected):
    assert verdict(Figure("x", printed), exact) == expected


def test_every_source_file_is_readable_and_every_figure_a_number():
    found = sources()
    assert sorted(found) == ["hmkcode", "karobben2025", "lamsal", "pumaline2024"]
    for key, source in found.items():
        assert source["citation"] == key and source["title"] and source["author"] and source["about"]
        for fig in published(key).values():
            float(fig.printed)
    assert source_name("lamsal") == 'R. Lamsal, "A step by step forward pass and backpropagation example"'


def test_errata_give_every_figure_its_verdict_and_require_a_reason_for_a_wrong_one():
    figures = {"a": Figure("a", "0.50"), "b": Figure("b", "0.50", why="copied from elsewhere"),
               "c": Figure("c", "0.123", note="by hand: 0.1237")}
    table = errata("pumaline2024", {"a": 0.501, "b": 0.6, "c": 0.12371}, figures=figures)
    assert list(table["verdict"]) == ["rounded", "wrong", "truncated"]
    assert list(table["why"]) == ["", "copied from elsewhere", "by hand: 0.1237"]
    assert list(table["exact"]) == ["0.5010", "0.6000", "0.12371"]
    assert list(table.index) == [1, 2, 3]
    with pytest.raises(ValueError, match=r"^exact\['a'\]: pumaline2024 prints 0.50 but the exact value is 0.600000; record why"):
        errata("pumaline2024", {"a": 0.6}, figures=figures)


def test_rows_follow_the_source_s_order_not_the_caller_s():
    table = errata("lamsal", {"out_o1": 0.7349286, "sum_h1": 0.41})
    assert list(table["figure"]) == ["sum_h1", "out_o1"]


def test_the_reader_s_table_says_the_verdicts_in_words_and_the_notes_carry_the_reasons():
    from backprop_lib.pages import for_reading, notes

    figures = {"a": Figure("a", "0.50"), "b": Figure("b", "0.50", why="copied from elsewhere"),
               "c": Figure("c", "0.123", note="by hand: 0.1237")}
    table = errata("pumaline2024", {"a": 0.501, "b": 0.6, "c": 0.12371}, figures=figures)
    shown = for_reading(table)
    assert list(shown.columns) == ["figure", "printed", "exact", "verdict"]
    assert list(shown["verdict"]) == ["right (rounded)", "wrong", "right (cut off)"]
    assert notes(table) == ("- Row 2, b (wrong): copied from elsewhere\n"
                            "- Row 3, c (right (cut off)): by hand: 0.1237")


def test_a_figure_printed_with_every_digit_of_its_value_reads_exact_and_shows_no_extra_places():
    from backprop_lib.pages import for_reading, notes

    figures = {"x": Figure("x", "1", note="a given input"), "h": Figure("h", "0.25"), "r": Figure("r", "0.25")}
    table = errata("pumaline2024", {"x": 1.0, "h": 0.25, "r": 0.2504}, figures=figures)
    assert list(table["exact"]) == ["1", "0.25", "0.2504"]
    assert list(table["verdict"]) == ["rounded", "rounded", "rounded"]  # the counts the prose glues keep three kinds
    assert list(for_reading(table)["verdict"]) == ["right (exact)", "right (exact)", "right (rounded)"]
    assert notes(table) == "- Row 1, x (right (exact)): a given input"


def test_the_reader_s_table_writes_negative_numbers_with_a_true_minus_sign():
    from backprop_lib.pages import for_reading

    table = errata("pumaline2024", {"a": -0.1178}, figures={"a": Figure("a", "-0.118")})
    shown = for_reading(table)
    assert list(shown["printed"]) == ["\u22120.118"] and list(shown["exact"]) == ["\u22120.11780"]
    assert list(shown["verdict"]) == ["right (rounded)"] and list(table["printed"]) == ["-0.118"]
