"""Figures: what a number measures, with exact offsets into the text."""

from __future__ import annotations

import pytest

from briefgen.extract.figures import find_figures


def only(text: str):
    figures = list(find_figures(text))
    assert len(figures) == 1, figures
    figure = figures[0]
    assert text[figure.start : figure.end] == figure.text
    return figure


@pytest.mark.parametrize(
    ("text", "figure_text", "kind", "value", "unit", "qualifier"),
    [
        ("Exports reached $1.5 billion last year.", "$1.5 billion", "money", 1.5e9, "USD", None),
        ("The fund holds €300 million.", "€300 million", "money", 3e8, "EUR", None),
        (
            "Trade exceeded 45 billion US dollars.",
            "exceeded 45 billion US dollars",
            "money",
            4.5e10,
            "USD",
            "exceeded",
        ),
        ("Inflation fell to 7.2% in March.", "7.2%", "percent", 7.2, "%", None),
        ("Turnout was more than 60 percent.", "more than 60 percent", "percent", 60.0, "%", "more than"),
        ("The port handled 4.2 million tons of grain.", "4.2 million tons", "quantity", 4.2e6, "tons", None),
        (
            "Organisers expect about 10,000 journalists.",
            "about 10,000 journalists",
            "count",
            1e4,
            "journalists",
            "about",
        ),
        ("Police arrested 150 protesters.", "150 protesters", "count", 150.0, "protesters", None),
        ("Seven new embassies opened.", "Seven new embassies", "count", 7.0, "embassies", None),
        (
            "It signed 25 bilateral trade agreements.",
            "25 bilateral trade agreements",
            "count",
            25.0,
            "agreements",
            None,
        ),
        ("Nearly half of voters stayed home.", "Nearly half", "fraction", 0.5, "share", "nearly"),
        ("The plan runs until 2030.", "until 2030", "year", 2030.0, "year", "until"),
        ("Delegates met for the 12th congress.", "12th congress", "ordinal", 12.0, "congress", None),
    ],
)
def test_figure_kinds(text, figure_text, kind, value, unit, qualifier):
    figure = only(text)
    assert (figure.text, figure.kind, figure.unit, figure.qualifier) == (figure_text, kind, unit, qualifier)
    assert figure.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "figure_text"),
    [
        ("The treaty was signed on March 3, 2021 in Geneva.", "March 3, 2021"),
        ("Elections follow on 4 July 2024.", "4 July 2024"),
        ("The games run Sept. 8-13 in the capital.", "Sept. 8-13"),
        ("The programme covers 2025-2027.", "2025-2027"),
    ],
)
def test_dates_and_ranges(text, figure_text):
    assert only(text).text == figure_text


def test_a_year_on_its_own_is_a_year_without_qualifier():
    figure = only("Growth slowed in 2023.")
    assert (figure.text, figure.kind, figure.qualifier) == ("2023", "year", None)


def test_one_of_counts_nothing():
    assert list(find_figures("One of the founders spoke.")) == []


def test_a_number_without_a_noun_is_not_a_figure():
    assert list(find_figures("The score was 3 to 1.")) == []


def test_offsets_are_relative_to_the_whole_text_when_scanning_a_slice():
    text = "Intro. Then 40 ships sailed."
    figures = list(find_figures(text, 7, len(text)))
    assert [(f.text, f.start) for f in figures] == [("40 ships", 12)]
