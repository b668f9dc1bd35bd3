"""Series for a chart: the dated values of one measure that one passage of a source gives
("2.76 million tons in 2023 ... 4.2 million tons this year ... 10 million tons by 2030"),
each marked reported, forecast or target by the source's own words before it.

A value is dated when its year follows it with at most a preposition between ("in 2023",
"by 2030") or a relative time word the extractor dated ("this year" [2024]). Values of one
unit in one paragraph form a series when they cover at least three different years; a
value computed from another ("a 65% increase compared to 2022") is a different unit and
never becomes a point, so every point is a number the source prints.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefgen import lexicon
from briefgen.model import Citation, Document, Fact, Figure, Series, SeriesPoint
from briefgen.text import paragraphs

AMOUNT_KINDS = frozenset({"quantity", "money", "count"})
MIN_POINTS = 3
# A longer lead-in than this is a clause of its own, not the name of what is measured.
MEASURE_WORDS = 10
REPORTED, FORECAST, TARGET = "reported", "forecast", "target"
# What may stand between a value and its year: "2.76 million tons in 2023".
YEAR_JOIN = re.compile(r"\s*(?:(?:in|for|during)\s+)?", re.IGNORECASE)
FOUR_DIGITS = re.compile(r"(?:19|20)\d{2}")
TARGET_QUALIFIERS = lexicon.wordset("target_qualifiers")


def phrases(name: str) -> re.Pattern[str]:
    words = sorted(lexicon.words(name), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(re.escape(word) for word in words)})\b", re.IGNORECASE)


FORECAST_WORDS = phrases("forecast_words")
TARGET_WORDS = phrases("target_words")
VALUE_VERB = re.compile(rf"{phrases('value_verbs').pattern}$", re.IGNORECASE)


@dataclass(frozen=True)
class Dated:
    """Where a value's year stands in its source, and the year."""

    start: int
    end: int
    year: int
    inserted: bool
    qualifier: str | None = None


def year_of(fact: Fact, figure: Figure, text: str) -> Dated | None:
    """The year a value is for: the year printed right after it, or the dated time word there."""
    for other in fact.figures:
        if other.kind == "year" and other.start >= figure.end and other.value is not None:
            if YEAR_JOIN.fullmatch(text, figure.end, other.start):
                return Dated(other.start, other.end, int(other.value), False, other.qualifier)
            break
    for insertion in fact.resolution.insertions:
        if (
            insertion.kind == "date"
            and insertion.start >= figure.end
            and FOUR_DIGITS.fullmatch(insertion.text)
            and YEAR_JOIN.fullmatch(text, figure.end, insertion.start)
        ):
            return Dated(insertion.start, insertion.end, int(insertion.text), True)
    return None


def status_of(words: str, dated: Dated, source_date: dt.date | None) -> str:
    """Target, forecast or reported, by the words from the previous value to this one's
    year; a value for a year after its source was written is at least a forecast."""
    if (dated.qualifier or "").lower() in TARGET_QUALIFIERS or TARGET_WORDS.search(words):
        return TARGET
    if FORECAST_WORDS.search(words) or (source_date is not None and dated.year > source_date.year):
        return FORECAST
    return REPORTED


def fact_points(fact: Fact, document: Document) -> list[SeriesPoint]:
    """The dated amounts of one fact, in the order it gives them."""
    text = document.text
    points: list[SeriesPoint] = []
    window = fact.start
    for figure in fact.figures:
        if not figure.is_amount or figure.kind not in AMOUNT_KINDS or figure.value is None:
            continue
        dated = year_of(fact, figure, text)
        if dated is None:
            continue
        points.append(
            SeriesPoint(
                value=figure,
                when=text[dated.start : dated.end],
                when_start=dated.start,
                when_end=dated.end,
                year=dated.year,
                inserted_year=dated.inserted,
                status=status_of(text[window : dated.end], dated, document.date),
                citation=Citation(0, fact.source, fact.start, fact.end),
            )
        )
        window = dated.end
    return points


def unit_key(figure: Figure) -> tuple[str, str]:
    return figure.kind, (figure.unit or "").lower().removesuffix("s")


def measure_of(first: SeriesPoint, facts: dict[tuple[str, int], Fact], text: str) -> tuple[int, int]:
    """The words before the series' first value in its sentence, the verb that joins them
    left out: what it measures."""
    fact = facts[(first.citation.source, first.citation.start)]
    lead = text[fact.start : first.value.start].rstrip(" ,;:")
    stripped = VALUE_VERB.sub("", lead).rstrip(" ,;:")
    if not stripped.strip() or len(stripped.split()) > MEASURE_WORDS:
        return first.value.start, first.value.start
    return fact.start, fact.start + len(stripped)


def find_series(facts: Iterable[Fact], documents: Sequence[Document]) -> list[Series]:
    """Every series the sources give, the longest first (document order among equals)."""
    by_source: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_source[fact.source].append(fact)
    found: list[Series] = []
    for document in documents:
        passages = paragraphs(document.text)
        facts_at = {(fact.source, fact.start): fact for fact in by_source[document.id]}
        groups: dict[tuple[int, str, str], list[SeriesPoint]] = defaultdict(list)
        for fact in by_source[document.id]:
            paragraph = next((i for i, p in enumerate(passages) if p.start <= fact.start < p.end), -1)
            for point in fact_points(fact, document):
                groups[(paragraph, *unit_key(point.value))].append(point)
        for points in groups.values():
            by_year: dict[int, SeriesPoint] = {}
            for point in points:
                by_year.setdefault(point.year, point)
            if len(by_year) < MIN_POINTS:
                continue
            ordered = tuple(by_year[year] for year in sorted(by_year))
            start, end = measure_of(points[0], facts_at, document.text)
            fact = facts_at[(points[0].citation.source, points[0].citation.start)]
            found.append(
                Series(
                    measure=document.text[start:end],
                    measure_start=start,
                    measure_end=end,
                    unit=points[0].value.unit or "",
                    points=ordered,
                    insertions=tuple(
                        i
                        for i in fact.resolution.insertions
                        if i.kind == "antecedent" and start <= i.start < i.end <= end
                    ),
                )
            )
    return sorted(found, key=lambda series: -len(series.points))
