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


# --- misreadings the issue lists, each with a sentence of our own -----------------------


def test_pounds_of_weight_are_not_money():
    figure = only("The climber lost about 30 pounds during the expedition.")
    assert (figure.text, figure.kind, figure.unit, figure.value) == (
        "about 30 pounds",
        "quantity",
        "pounds",
        30,
    )


@pytest.mark.parametrize(
    "text",
    [
        "The museum charged visitors £12 a head.",
        "The settlement came to 40,000 pounds sterling.",
        "The repair cost the council 300 pounds.",
    ],
    ids=["sign", "sterling", "money-word"],
)
def test_pounds_with_a_sign_sterling_or_a_money_word_are_money(text):
    figure = only(text)
    assert (figure.kind, figure.unit) == ("money", "GBP")


def test_ago_is_not_a_unit():
    figure = only("The bridge opened 10 years ago.")
    assert (figure.text, figure.unit) == ("10 years", "years")


@pytest.mark.parametrize(
    "text",
    [
        "The two together run the bureau.",
        "Officials cited the three evils again.",
        "He said it twice, one by one.",
    ],
)
def test_a_number_before_no_counted_noun_counts_nothing(text):
    assert list(find_figures(text)) == []


def test_a_counted_noun_before_an_adverb():
    figure = only("The envoy held 154 meetings outside the capital.")
    assert (figure.text, figure.value, figure.unit) == ("154 meetings", 154, "meetings")


def test_n_of_m_keeps_both_numbers():
    figure = only("At least 85 of 154 members backed the motion.")
    assert (figure.text, figure.value, figure.total, figure.unit, figure.qualifier) == (
        "At least 85 of 154 members",
        85,
        154,
        "members",
        "at least",
    )


def test_n_or_m_is_one_figure_with_two_values():
    figure = only("The test yielded 20 or 25 kilotons, analysts said.")
    assert (figure.text, figure.kind, figure.value, figure.high, figure.unit) == (
        "20 or 25 kilotons",
        "quantity",
        20,
        25,
        "kilotons",
    )


def test_between_n_and_m_is_a_range_of_one_measure():
    figure = only("Crews built between 40 and 60 shelters in a week.")
    assert (figure.text, figure.value, figure.high, figure.unit, figure.qualifier) == (
        "between 40 and 60 shelters",
        40,
        60,
        "shelters",
        "between",
    )


@pytest.mark.parametrize(
    ("text", "disputed"),
    [
        ("The audit incorrectly put the grant at $32 million.", "incorrectly"),
        ("The mayor falsely claimed that 5,000 jobs were created.", "falsely claimed"),
        ("The agency denied that 12 inspectors were dismissed.", "denied that"),
    ],
)
def test_a_figure_in_disputed_speech_carries_the_dispute(text, disputed):
    assert only(text).disputed == disputed


def test_a_figure_before_the_dispute_is_not_disputed():
    figures = list(find_figures("The fund paid $4 million, and the report wrongly said $9 million."))
    assert [(f.text, f.disputed) for f in figures] == [("$4 million", None), ("$9 million", "wrongly")]


@pytest.mark.parametrize(
    ("text", "figure_text", "unit"),
    [
        ("The ferry carried 310 passengers on its first run.", "310 passengers", "passengers"),
        ("The timetable adds four sailings a week.", "four sailings", "sailings"),
        ("Rangers logged 1,204 sightings of the bird.", "1,204 sightings", "sightings"),
    ],
)
def test_a_count_counts_a_plural_noun_outside_the_counted_list(text, figure_text, unit):
    figure = only(text)
    assert (figure.text, figure.unit) == (figure_text, unit)


@pytest.mark.parametrize(
    "text",
    [
        "Officials condemned the “three evils” again.",
        "The council split its two arms into one office.",
        "He arrived at 5 this morning.",
        "The vote was 5 across the board.",
    ],
)
def test_a_number_naming_a_set_or_before_a_small_word_counts_nothing(text):
    assert [f for f in find_figures(text) if f.kind == "count"] == []
