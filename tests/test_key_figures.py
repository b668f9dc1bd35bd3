"""Key figures that say what they measure and when, and the investor's metrics table, on the
composed Brief (read back from the PDF and the DOCX in test_render_pdf and test_render_docx)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from briefgen.analysis import analyse
from briefgen.compose import compose_briefs, verify
from briefgen.config import Theme
from briefgen.errors import CheckFailed, ConfigError
from briefgen.model import KeyFigure

EPOCH = "1735689600"  # 2025-01-01
CARGO = "Cargo transportation along [the Trans-Caspian International Transport Route]"
# (measure, figure, period as printed, or the source's date when the text names none)
EXECUTIVE_KEY_FIGURES = [
    ("foreign direct investment", "$23 billion", "2023"),
    (CARGO, "exceeded 2.76 million tons", "2023"),
    ("world’s population", "more than 40%", dt.date(2024, 7, 10)),
    ("trade between Kazakhstan and other SCO members", "6.5%", "2023"),
]
CARGO_SERIES = [
    ("exceeded 2.76 million tons", "2023"),
    ("4.2 million tons", "this year [2024]"),
    ("10 million tons", "by 2030"),
]


def shown(kf: KeyFigure) -> tuple[str, str, str | dt.date | None]:
    assert kf.measure is not None
    return kf.measure.shown, kf.figure.text, kf.as_of.shown if kf.as_of else kf.source_date


@pytest.fixture(scope="module")
def analysis():
    from tests.conftest import SEEDS

    return analyse([SEEDS])


@pytest.fixture(scope="module")
def briefs(analysis):
    return {b.audience: b for b in compose_briefs(analysis, Theme(), source_date_epoch=EPOCH)}


def test_each_key_figure_says_its_measure_and_period_in_the_sources_words(briefs):
    assert [shown(kf) for kf in briefs["executive"].key_figures] == EXECUTIVE_KEY_FIGURES
    investor = [shown(kf) for kf in briefs["investor"].key_figures]
    assert investor[:4] == EXECUTIVE_KEY_FIGURES
    assert ("economic growth", "5.1%", "2023") in investor
    assert ("overall GDP of all Central Asian states", "60%", dt.date(2024, 7, 2)) in investor


def test_a_key_figures_box_shows_one_figure_a_measure(briefs):
    for brief in briefs.values():
        measures = [kf.measure.shown.lower() for kf in brief.key_figures if kf.measure]
        assert len(measures) == len(set(measures)) == len(brief.key_figures)


def test_the_investor_metrics_table_gives_the_cargo_series_oldest_first(briefs):
    investor = briefs["investor"]
    (cargo,) = [m for m in investor.metrics if m.measure.shown == CARGO]
    assert [(v.figure.text, v.as_of.shown if v.as_of else None) for v in cargo.series] == CARGO_SERIES
    assert (cargo.value.value, cargo.value.unit) == ("exceeded 2.76 million", "tons")
    assert {v.citation.note for v in cargo.series} == {cargo.value.citation.note}
    fdi = next(m for m in investor.metrics if m.measure.shown == "foreign direct investment")
    assert (fdi.value.value, fdi.value.unit, fdi.series) == ("$23 billion", "USD", ())
    # Counts of events and documents are no metrics; other profiles ask for no table.
    assert all(m.value.figure.kind != "count" for m in investor.metrics)
    assert all(not b.metrics for name, b in briefs.items() if name != "investor")


def test_a_figure_without_a_measure_is_not_a_key_figure(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Harbour report\n\nThe Ostrava Harbour Board set aside £95 million for the new quay in 2024. "
        "Container traffic through the harbour reached 1.2 million tons in 2024.\n",
        encoding="utf-8",
    )
    (investor,) = compose_briefs(analyse([tmp_path]), Theme(), ["investor"], source_date_epoch=EPOCH)
    assert [shown(kf) for kf in investor.key_figures] == [
        ("Container traffic through the harbour", "1.2 million tons", "2024")
    ]
    assert [m.measure.shown for m in investor.metrics] == ["Container traffic through the harbour"]


def test_a_measure_that_is_not_the_sources_words_fails_the_build(briefs, analysis):
    brief = briefs["executive"]
    first = brief.key_figures[0]
    assert first.measure is not None
    forged = replace(first, measure=replace(first.measure, text="foreign direct investments"))
    with pytest.raises(
        CheckFailed, match=r"key figure .*#f8: text differs from .*'foreign direct investment'"
    ):
        verify(replace(brief, key_figures=(forged,)), analysis.catalog.documents)


def test_the_metrics_option_is_validated_with_file_line_and_key(analysis, tmp_path):
    (tmp_path / "audiences").mkdir()
    path = tmp_path / "audiences" / "desk.toml"
    path.write_text('title = "Desk"\ndescription = "x"\nmetrics = -1\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        compose_briefs(analysis, Theme.with_overlay(tmp_path), ["desk"], source_date_epoch=EPOCH)
    assert f"{path}:3: metrics: must not be negative, not -1" in error.value.problems
    path.write_text('title = "Desk"\ndescription = "x"\nmetrics = 2\n', encoding="utf-8")
    (desk,) = compose_briefs(analysis, Theme.with_overlay(tmp_path), ["desk"], source_date_epoch=EPOCH)
    assert [m.measure.shown for m in desk.metrics] == ["foreign direct investment", "foreign trade turnover"]


def test_one_value_twice_is_no_series(tmp_path):
    # The headline (dated by its source) and the body ("for 2025") give one value twice.
    (tmp_path / "a.txt").write_text(
        "Council approves £30 million housing budget\n2024-03-01\n\n"
        "The Lindmoor Council approved a £30 million housing budget for 2025 on Monday.\n",
        encoding="utf-8",
    )
    (investor,) = compose_briefs(analyse([tmp_path]), Theme(), ["investor"], source_date_epoch=EPOCH)
    (budget,) = investor.metrics
    assert (budget.measure.shown, budget.series) == ("housing budget", ())


def test_the_glossary_explains_what_a_key_figure_shows_not_the_clause_it_hides(tmp_path):
    (tmp_path / "audiences").mkdir()
    (tmp_path / "audiences" / "figures.toml").write_text(
        'title = "Figures"\ndescription = "x"\nkinds = ["key_figures"]\nappendices = ["glossary"]\n',
        encoding="utf-8",
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text(
        "Freight note\n\nThe Northern Freight Union (NFU) runs the lines. "
        "Cargo traffic reached 4 million tons in 2023 on NFU lines.\n",
        encoding="utf-8",
    )
    theme = Theme.with_overlay(tmp_path)
    (brief,) = compose_briefs(analyse([tmp_path / "src"]), theme, ["figures"], source_date_epoch=EPOCH)
    assert [shown(kf) for kf in brief.key_figures] == [("Cargo traffic", "4 million tons", "2023")]
    assert brief.glossary == ()


def test_a_long_series_shows_one_value_a_year_the_oldest_and_the_most_recent(tmp_path):
    # Eight years of tonnage, 2016 given twice by two sources: the cell keeps one value for
    # 2016, then the last four years, each with its own year.
    for year in range(2016, 2024):
        (tmp_path / f"{year}.txt").write_text(
            f"Port report {year}\n{year}-12-30\n\n"
            f"Cargo handled at the Ostrava harbour reached {year - 2000}.5 million tons in {year}.\n",
            encoding="utf-8",
        )
    (tmp_path / "again.txt").write_text(
        "Port review\n2018-01-05\n\nCargo handled at the Ostrava harbour reached 99.5 million tons in 2016.\n",
        encoding="utf-8",
    )
    (investor,) = compose_briefs(analyse([tmp_path]), Theme(), ["investor"], source_date_epoch=EPOCH)
    (cargo,) = investor.metrics
    oldest, *recent = [(v.figure.text, v.as_of.shown if v.as_of else None) for v in cargo.series]
    assert oldest in {("16.5 million tons", "2016"), ("99.5 million tons", "2016")}
    assert recent == [
        ("20.5 million tons", "2020"),
        ("21.5 million tons", "2021"),
        ("22.5 million tons", "2022"),
        ("23.5 million tons", "2023"),
    ]
