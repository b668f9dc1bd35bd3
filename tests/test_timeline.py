"""The timeline: key dates in date order, years inserted from the source's date in brackets
and verified, ranges kept as ranges, repeats folded, each with the clause that carries it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from briefgen.analysis import analyse
from briefgen.compose import compose_briefs, verify
from briefgen.config import Theme
from briefgen.errors import CheckFailed
from briefgen.render.html import render_html

SOURCES = {
    "port": "Port expansion\nLONDON, 2 July 2024\nDover's new quay opens on Sept. 8-13 with a trade fair. "
    "Work ran from March 4, 2022 to June 2023 under the Dover Harbour Board. "
    "The Dover Harbour Board meets again on 3 February 2025.\n",
    "rail": "Rail link\nLONDON, 5 August 2024\nThe Kent rail line closed on 1 May 2021 after floods. "
    "The Dover Harbour Board meets again on 3 February 2025.\n",
}


@pytest.fixture(scope="module")
def press(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("timeline")
    for name, text in SOURCES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    analysis = analyse([folder])
    (brief,) = compose_briefs(analysis, Theme(), ["press"])
    return analysis, brief


def test_key_dates_come_in_date_order_with_years_and_ranges(press):
    _, brief = press
    assert [(kd.when, kd.inserted_year, kd.start, kd.end) for kd in brief.key_dates] == [
        ("1 May 2021", None, dt.date(2021, 5, 1), dt.date(2021, 5, 1)),
        ("March 4, 2022 to June 2023", None, dt.date(2022, 3, 4), dt.date(2023, 6, 30)),
        ("Sept. 8-13", 2024, dt.date(2024, 9, 8), dt.date(2024, 9, 13)),
        ("3 February 2025", None, dt.date(2025, 2, 3), dt.date(2025, 2, 3)),
    ]


def test_a_date_repeated_with_the_same_clause_is_folded(press):
    _, brief = press
    assert [kd.label for kd in brief.key_dates if kd.start == dt.date(2025, 2, 3)] == [
        "The Dover Harbour Board meets again on 3 February 2025"
    ]


def test_each_key_date_is_labelled_by_the_clause_that_carries_it(press):
    analysis, brief = press
    texts = {d.id: d.text for d in analysis.catalog.documents}
    for kd in brief.key_dates:
        assert texts[kd.citation.source][kd.label_start : kd.label_end] == kd.label
        assert kd.label_start <= kd.when_start < kd.when_end <= kd.label_end


def test_the_inserted_year_shows_in_brackets(press):
    _, brief = press
    html = render_html(brief, Theme())
    assert '<td class="date">Sept. 8-13 [2024]</td>' in html


def test_a_wrong_inserted_year_fails_the_check(press):
    analysis, brief = press
    forged = tuple(replace(kd, inserted_year=2023) if kd.inserted_year else kd for kd in brief.key_dates)
    with pytest.raises(CheckFailed) as error:
        verify(replace(brief, key_dates=forged), analysis.catalog.documents)
    assert "inserts [2023] into 'Sept. 8-13'; its source's date (2024-07-02) gives 2024" in str(error.value)


def test_a_year_inserted_into_a_date_that_names_its_year_fails_the_check(press):
    analysis, brief = press
    forged = tuple(
        replace(kd, inserted_year=2021) if kd.when == "1 May 2021" else kd for kd in brief.key_dates
    )
    with pytest.raises(CheckFailed, match="which names its year"):
        verify(replace(brief, key_dates=forged), analysis.catalog.documents)


def test_a_date_without_a_year_in_an_undated_source_stays_off_the_timeline(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Fair\nThe fair opens on Sept. 8 in the square.\n", encoding="utf-8")
    (brief,) = compose_briefs(analyse([tmp_path]), Theme(), ["press"])
    assert brief.key_dates == ()


@pytest.mark.parametrize(
    ("sentence", "when", "inserted", "start", "end"),
    [
        (
            "Harbour Days runs from July 5 to August 9, 2024, the council said.",
            "July 5 to August 9, 2024",
            None,
            dt.date(2024, 7, 5),
            dt.date(2024, 8, 9),
        ),
        (
            "Eastgate depot closes from December 28 to January 3 for repairs.",
            "December 28 to January 3",
            2024,
            dt.date(2024, 12, 28),
            dt.date(2025, 1, 3),
        ),
    ],
)
def test_a_range_takes_its_years_from_either_end_or_across_new_year(
    tmp_path, sentence, when, inserted, start, end
):
    (tmp_path / "notice.txt").write_text(f"Notice\nLONDON, 10 December 2024\n{sentence}\n", encoding="utf-8")
    (brief,) = compose_briefs(analyse([tmp_path]), Theme(), ["press"])
    assert [(kd.when, kd.inserted_year, kd.start, kd.end) for kd in brief.key_dates] == [
        (when, inserted, start, end)
    ]
