"""Series for a chart: the dated values of one measure in one passage, each a number the
source prints, marked reported, forecast or target by the source's own words."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from briefgen.analysis import Analysis, analyse
from briefgen.compose import compose_briefs, verify
from briefgen.compose.series import find_series
from briefgen.config import Theme
from briefgen.errors import CheckFailed

HARBOUR = (
    "Harbour report\nLONDON, 2 July 2024\n"
    "Grain shipped through the Pellwick harbour reached 3.1 million tons in 2022, a 20% rise "
    "compared to 2021. It climbed to 3.6 million tons in 2023. The harbour board said it is "
    "expected to handle 4.4 million tons this year, and its plans call for 7 million tons by 2030.\n"
)
TWO_YEARS = (
    "Ferry report\nLONDON, 3 July 2024\n"
    "The Pellwick ferry carried 410,000 passengers in 2022 and 455,000 passengers in 2023.\n"
)


def analysed(tmp_path: Path, **texts: str) -> Analysis:
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    return analyse([tmp_path])


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    return analysed(tmp_path_factory.mktemp("series"), harbour=HARBOUR)


def test_a_passage_with_four_dated_values_is_one_series_in_year_order(harbour):
    (series,) = find_series(harbour.catalog.facts, harbour.catalog.documents)
    assert [(p.value.text, p.when, p.year, p.inserted_year, p.status) for p in series.points] == [
        ("3.1 million tons", "2022", 2022, False, "reported"),
        ("3.6 million tons", "2023", 2023, False, "reported"),
        ("4.4 million tons", "this year", 2024, True, "forecast"),
        ("7 million tons", "by 2030", 2030, False, "target"),
    ]
    assert series.measure == "Grain shipped through the Pellwick harbour"


def test_every_point_is_a_span_of_the_sentence_it_cites(harbour):
    (series,) = find_series(harbour.catalog.facts, harbour.catalog.documents)
    text = harbour.catalog.documents[0].text
    for point in series.points:
        citation = point.citation
        assert text[point.value.start : point.value.end] == point.value.text
        assert text[point.when_start : point.when_end] == point.when
        assert citation.start <= point.value.start < point.when_end <= citation.end


def test_a_value_computed_from_another_is_no_point(harbour):
    (series,) = find_series(harbour.catalog.facts, harbour.catalog.documents)
    assert 2021 not in [p.year for p in series.points]
    assert "20%" not in [p.value.text for p in series.points]


def test_two_dated_values_are_no_series(tmp_path):
    analysis = analysed(tmp_path, ferry=TWO_YEARS)
    assert find_series(analysis.catalog.facts, analysis.catalog.documents) == []


def test_a_value_for_a_year_after_its_source_is_a_forecast_even_unmarked(tmp_path):
    text = (
        "Ferry report\nLONDON, 3 July 2024\n"
        "The Pellwick ferry carried 410,000 passengers in 2022, 455,000 passengers in 2023 "
        "and 500,000 passengers in 2026.\n"
    )
    analysis = analysed(tmp_path, ferry=text)
    (series,) = find_series(analysis.catalog.facts, analysis.catalog.documents)
    assert [p.status for p in series.points] == ["reported", "reported", "forecast"]


def test_a_pack_that_asks_for_the_series_cites_each_point(harbour):
    (brief,) = compose_briefs(harbour, Theme(), ["press"])
    (series,) = brief.series
    assert {p.citation.note for p in series.points} == {1}
    assert brief.notes[0].id == "harbour"


def test_a_forged_point_fails_the_build(harbour):
    (brief,) = compose_briefs(harbour, Theme(), ["press"])
    (series,) = brief.series
    forged = replace(series.points[0], value=replace(series.points[0].value, text="9.9 million tons"))
    moved = replace(series.points[2], year=2025)
    bad = replace(brief, series=(replace(series, points=(forged, *series.points[1:2], moved)),))
    with pytest.raises(CheckFailed) as failure:
        verify(bad, harbour.catalog.documents)
    problems = str(failure.value)
    assert "series 'Grain shipped through the Pellwick harbour' '2022': text differs from harbour" in problems
    assert "gives [2025]; the source's date makes it [2024]" in problems
