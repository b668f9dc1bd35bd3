"""What a figure measures and when, in its source's words: one rule a test, own sentences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefgen.extract import extract_document
from briefgen.extract.measures import as_of, measures_of
from briefgen.model import Document


def document(text: str, date: dt.date | None = None) -> Document:
    return Document(
        id="t",
        path=Path("t.txt"),
        text=text,
        sha256="0" * 64,
        date=date,
        date_basis="sidecar" if date else "none",
    )


def measured(text: str, date: dt.date | None = None) -> dict[str, tuple[str | None, str | None]]:
    """Each amount as printed -> (its measure, its period), both as the source prints them."""
    doc = document(text, date)
    facts = extract_document(doc).facts
    measures = measures_of(text, facts)
    found: dict[str, tuple[str | None, str | None]] = {}
    for fact in facts:
        for figure in fact.figures:
            if figure.is_amount:
                span = measures.get((fact.id, figure.start))
                period = as_of(text, fact, figure)
                found[figure.text] = (
                    text[span.start : span.end] if span else None,
                    text[period.start : period.end] if period else None,
                )
    return found


@pytest.mark.parametrize(
    ("text", "figure", "measure"),
    [
        # Right after the figure: a noun phrase, or one after "in" or "of".
        (
            "The port handled 4.5 million tons of coal freight last season.",
            "4.5 million tons",
            "coal freight",
        ),
        (
            "Ruritania drew €12 billion in foreign direct investment.",
            "€12 billion",
            "foreign direct investment",
        ),
        ("The valley posted 3.2% industrial output growth.", "3.2%", "industrial output growth"),
        (
            "Ruritania holds 30% of the total exports of the Danube basin.",
            "30%",
            "total exports of the Danube basin",
        ),
        # Before an "of" that leads to the figure.
        ("The mill reported an annual turnover of $800 million.", "$800 million", "annual turnover"),
        # The subject a few words before the figure, with what it is of.
        (
            "Freight traffic through the canal exceeded 9 million tons.",
            "exceeded 9 million tons",
            "Freight traffic through the canal",
        ),
        (
            "It saw trade between Ruritania and its neighbours climbing by 4%.",
            "4%",
            "trade between Ruritania and its neighbours",
        ),
        (
            "The steady rise in river trade along the coast, which reached $2 billion, pleased everyone.",
            "$2 billion",
            "river trade along the coast",
        ),
        # A count measures what it counts.
        ("Officials held 12 hearings on water rights.", "12 hearings", "hearings on water rights"),
    ],
)
def test_a_measure_is_the_noun_phrase_the_figure_quantifies(text: str, figure: str, measure: str):
    assert measured(text)[figure][0] == measure


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        # A change with nothing it is a change of.
        ("Sales went up, a 12% increase on the quarter before.", "12%"),
        # A noun that is no measure.
        ("The council set aside £5 million for the bridge.", "£5 million"),
        # The measure belongs to another predicate: "and" begins one.
        (
            "The bloc holds a large population and contributes over $9 trillion to world output.",
            "over $9 trillion",
        ),
        # A span of time counts nothing a pack could measure.
        ("Talks lasted 14 hours.", "14 hours"),
    ],
)
def test_a_figure_without_a_measure_gets_none(text: str, figure: str):
    assert measured(text)[figure][0] is None


def test_a_subject_that_refers_back_takes_the_measure_of_the_last_figure_of_its_unit():
    text = (
        "Grain shipments along the northern corridor reached 3.1 million tons in 2022. "
        "Planners expect it to grow further to 5 million tons in 2023, and hope to lift "
        "this volume to 8 million tons by 2028.\n"
        "A new paragraph says it will reach 6 million tons."
    )
    found = measured(text)
    corridor = "Grain shipments along the northern corridor"
    assert found["3.1 million tons"] == (corridor, "2022")
    assert found["5 million tons"] == (corridor, "2023")
    assert found["8 million tons"] == (corridor, "by 2028")
    # Across a paragraph break "it" may mean anything: no measure is taken from before it.
    assert found["6 million tons"][0] is None


def test_the_period_is_the_year_the_sentence_gives_never_a_baseline():
    text = (
        "Coffee exports rose to $4 billion in 2021, a 20% increase compared to 2019. "
        "From its founding in 1998, the cooperative has grown to 900 farmers. "
        "In 2020, the mill recorded a turnover of $60 million."
    )
    found = measured(text)
    assert found["$4 billion"] == ("Coffee exports", "2021")
    assert found["900 farmers"] == ("farmers", None)  # 1998 is the baseline of the clause
    assert found["$60 million"] == ("turnover", "2020")


def test_a_relative_year_is_a_period_and_no_year_leaves_the_source_date_to_stand_in():
    text = "Tourism revenue is expected to reach $3 billion this year. Tourism revenue stood at $2 billion."
    found = measured(text, dt.date(2024, 5, 1))
    assert found["$3 billion"] == ("Tourism revenue", "this year")
    assert found["$2 billion"] == ("Tourism revenue", None)


def test_a_count_after_by_counts_a_change_and_takes_no_measure_from_its_noun():
    found = measured(
        "The clinic expects its queue to shrink by a further 300 patients. It treated 900 patients."
    )
    assert found["300 patients"][0] is None
    assert found["900 patients"][0] == "patients"


def test_a_deadline_dates_only_the_figure_just_before_it():
    text = (
        "The council approved a £30 million housing budget on Monday to end rough sleeping by 2027. "
        "Ministers want to lift the housing budget to £40 million by 2028."
    )
    found = measured(text, dt.date(2024, 3, 1))
    assert found["£30 million"] == ("housing budget", None)
    assert found["£40 million"] == ("housing budget", "by 2028")
