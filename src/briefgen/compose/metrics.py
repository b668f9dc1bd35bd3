"""Figures that say what they measure: a key figure's measure and period in its source's
words (`extract.measures`), and the investor's metrics table, one row per measure with the
dated values the sources give for it.

A change is shown as the values themselves with their periods, oldest first ("exceeded 2.76
million tons (2023) → 4.2 million tons (this year [2024])"), never as a computed difference:
values carry qualifiers ("exceeded", "about") and forecasts ("is expected to"), so arithmetic
on them would print a precision the sources do not give.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from briefgen.analysis import Analysis
from briefgen.compose.select import NoteNumbers
from briefgen.extract.measures import as_of
from briefgen.extract.periods import period_in
from briefgen.model import BriefItem, Document, Figure, KeyFigure, Metric, Phrase

MIN_SERIES = 2
# A change cell holds a trend, not every value a large corpus repeats: one value per date,
# and past this many dates the oldest and the most recent. Unbounded, a thousand sources
# made one cell of 15,000 characters that took WeasyPrint minutes to lay out.
MAX_SERIES = 5
# What an investor reads as a metric: amounts of money, shares and quantities; a count of
# events or documents is no metric.
METRIC_KINDS = frozenset({"money", "percent", "quantity", "fraction"})


def measure_of(analysis: Analysis, item_id: str, figure: Figure) -> Phrase | None:
    return analysis.measures.get((item_id, figure.start))


def described(key_figure: KeyFigure, analysis: Analysis) -> KeyFigure:
    """The key figure with its measure, and its period (or, when the text names none, the
    source's date)."""
    fact = analysis.facts[key_figure.item_id]
    document = analysis.documents[fact.source]
    span = as_of(document.text, fact, key_figure.figure)
    period = None
    if span is not None:
        inside = tuple(i for i in fact.resolution.insertions if span.start <= i.start and i.end <= span.end)
        period = Phrase(document.text[span.start : span.end], span.start, span.end, inside)
    return replace(
        key_figure,
        measure=measure_of(analysis, key_figure.item_id, key_figure.figure),
        as_of=period,
        source_date=document.date,
    )


def when(key_figure: KeyFigure, document: Document) -> dt.date | None:
    """The first day of the period a value is given for: its period's date as printed, or
    the year a relative time word names ("this year [2024]"), else the source's date."""
    if key_figure.as_of is not None:
        dated = next((i.text for i in key_figure.as_of.insertions if i.kind == "date"), None)
        words = (dated or key_figure.as_of.text).split()
        # "by 2030", "in 2023": the date after the word that qualifies it.
        period = period_in(" ".join(words), document.date) or period_in(" ".join(words[1:]), document.date)
        if period is not None:
            return period.start
    return document.date


def series_key(key_figure: KeyFigure) -> tuple[str, str]:
    measure = key_figure.measure.shown if key_figure.measure else ""
    return " ".join(measure.lower().split()), key_figure.figure.unit or ""


def metrics(values: Sequence[KeyFigure], documents: dict[str, Document], count: int) -> list[Metric]:
    """One row per measure, in the order of its first value; the series when it has at
    least two different values and two different dates, oldest first."""
    groups: dict[tuple[str, str], list[KeyFigure]] = {}
    for value in values:
        if value.measure is not None:
            groups.setdefault(series_key(value), []).append(value)
    rows = []
    for (_, _), group in list(groups.items())[:count]:
        measure = group[0].measure
        if measure is None:
            continue
        dated = [
            (when(value, documents[value.citation.source]), index, value) for index, value in enumerate(group)
        ]
        known = [(date, index, value) for date, index, value in dated if date is not None]
        series: tuple[KeyFigure, ...] = ()
        distinct = {(value.figure.value, value.figure.high) for _, _, value in known}
        if len({date for date, _, _ in known}) >= MIN_SERIES and len(distinct) >= MIN_SERIES:
            series = trend(sorted(known, key=lambda entry: (entry[0], entry[1])))
        rows.append(Metric(measure, group[0], series))
    return rows


def trend(dated: Sequence[tuple[dt.date, int, KeyFigure]]) -> tuple[KeyFigure, ...]:
    """Of values sorted by date, the first given for each date; past `MAX_SERIES` dates, the
    oldest and the most recent ones. Each value keeps its own period, so a gap shows."""
    firsts: dict[dt.date, KeyFigure] = {}
    for date, _, value in dated:
        firsts.setdefault(date, value)
    values = list(firsts.values())
    if len(values) > MAX_SERIES:
        values = values[:1] + values[1 - MAX_SERIES :]
    return tuple(values)


def cited_metric(metric: Metric, notes: NoteNumbers) -> Metric:
    """The metric with its values' note numbers, in reading order."""

    def cited(value: KeyFigure) -> KeyFigure:
        return replace(value, citation=notes.cite_citation(value.citation))

    return replace(metric, value=cited(metric.value), series=tuple(cited(value) for value in metric.series))


def measured_values(facts: Sequence[BriefItem], analysis: Analysis) -> list[KeyFigure]:
    """Every amount of the facts with a measure, in their order, each shown with its
    sentence: the metrics table's values."""
    values = []
    for item in facts:
        citation = item.citations[0]
        for figure in item.figures:
            if figure.kind in METRIC_KINDS and not figure.disputed and measure_of(analysis, item.id, figure):
                value = KeyFigure(
                    figure,
                    item.text,
                    citation.start,
                    citation.end,
                    item.id,
                    citation,
                    item.resolution.insertions,
                )
                values.append(described(value, analysis))
    return values
