"""The build's check that nothing in a Brief is invented: every item is the span it cites,
and every further source it cites states its figure."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from briefgen.errors import CheckFailed
from briefgen.extract.figures import find_figures
from briefgen.extract.periods import nearest_year
from briefgen.extract.reference_words import is_reference, relative_date, relative_time
from briefgen.extract.references import antecedent_spans
from briefgen.model import Brief, BriefItem, Citation, Document, Figure, Insertion, KeyDate, KeyFigure, Series

YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def inserted_year_problems(key_date: KeyDate, source_date: dt.date | None) -> list[str]:
    """A bracketed year is verified like any insertion: the date as printed names no year,
    and the year is the one that puts it nearest its source's date."""
    if key_date.inserted_year is None:
        return []
    label = f"key date {key_date.item_id}"
    if YEAR.search(key_date.when):
        return [f"{label}: inserts [{key_date.inserted_year}] into {key_date.when!r}, which names its year"]
    if source_date is None:
        return [f"{label}: inserts [{key_date.inserted_year}] but its source has no date to take it from"]
    expected = nearest_year(key_date.start.month, key_date.start.day, source_date)
    if key_date.inserted_year != expected:
        return [
            f"{label}: inserts [{key_date.inserted_year}] into {key_date.when!r}; "
            f"its source's date ({source_date.isoformat()}) gives {expected}"
        ]
    return []


def insertion_problems(
    label: str, insertions: Iterable[Insertion], span: tuple[int, int], document: Document | None
) -> list[str]:
    """Every bracketed insertion is verified like a quote: it stands inside the span it is
    shown in; an antecedent replaces exactly a reference ("The country", "It") with the
    words of a mention the source makes before it; a date is the one the time word names
    counted from the source's date."""
    problems: list[str] = []
    for insertion in insertions:
        if document is None:
            problems.append(f"{label}: inserts [{insertion.text}] from an unknown source")
            continue
        text = document.text
        words = text[insertion.start : insertion.end]
        where = f"[{insertion.text}] for {words!r}"
        if not span[0] <= insertion.start < insertion.end <= span[1]:
            problems.append(f"{label}: inserts {where} outside its text")
        elif insertion.kind == "date":
            if relative_time(words) is None:
                problems.append(f"{label}: inserts a date after {words!r}, which is no relative time word")
            elif document.date is None or document.date_basis == "none":
                problems.append(f"{label}: inserts {where} but its source has no date to count from")
            elif insertion.text != (expected := relative_date(words, document.date)):
                problems.append(f"{label}: inserts {where}; the source's date gives [{expected}]")
        elif insertion.kind != "antecedent" or not is_reference(words):
            problems.append(f"{label}: inserts {where}, which is not a reference it may replace")
        elif text[insertion.antecedent_start : insertion.antecedent_end] != insertion.text:
            problems.append(
                f"{label}: inserts {where}, not the words of "
                f"{document.id}[{insertion.antecedent_start}:{insertion.antecedent_end}]"
            )
        elif insertion.antecedent_end > insertion.start or (
            (insertion.antecedent_start, insertion.antecedent_end) not in antecedent_spans(document)
        ):
            problems.append(f"{label}: inserts {where}, which names no mention of {document.id} before it")
    return problems


def same_value(one: Figure, other: Figure) -> bool:
    def key(figure: Figure) -> tuple[object, ...]:
        unit = (figure.unit or "").lower().removesuffix("s")
        return figure.kind, figure.value, figure.high, figure.total, unit

    return key(one) == key(other)


def unstated_citations(item: BriefItem, texts: dict[str, str]) -> list[str]:
    """The citations of a fact after its first that point at a span stating none of its
    figures: a merge of two facts that do not say the same thing."""
    problems = []
    for citation in item.citations[1:]:
        source = texts.get(citation.source, "")
        stated = list(find_figures(source, citation.start, min(citation.end, len(source))))
        if not any(same_value(figure, other) for figure in item.figures for other in stated):
            shown = ", ".join(repr(figure.text) for figure in item.figures) or "no figure"
            problems.append(
                f"fact {item.id}: cites {citation.source}[{citation.start}:{citation.end}], "
                f"which does not state {shown}"
            )
    return problems


def series_problems(
    series: Series, documents: dict[str, Document], check: Callable[[str, str, Citation], None]
) -> list[str]:
    """A chart's points are checked like key dates: the value and its year are spans of the
    sentence cited, and a year after a time word is the one it names from the source's date."""
    problems: list[str] = []
    for point in series.points:
        label = f"series '{series.measure}' {point.when!r}"
        source = documents.get(point.citation.source)
        check(label, point.value.text, replace(point.citation, start=point.value.start, end=point.value.end))
        check(label, point.when, replace(point.citation, start=point.when_start, end=point.when_end))
        inside = point.citation.start <= min(point.value.start, point.when_start)
        if not inside or max(point.value.end, point.when_end) > point.citation.end:
            problems.append(f"{label}: its value or year stands outside the sentence it cites")
        if point.inserted_year:
            if source is None or source.date is None or relative_time(point.when) is None:
                problems.append(f"{label}: gives a year to words that are no dated time word")
            elif (named := relative_date(point.when, source.date)) != str(point.year):
                problems.append(f"{label}: gives [{point.year}]; the source's date makes it [{named}]")
        elif str(point.year) not in point.when:
            problems.append(f"{label}: does not print the year {point.year}")
    if series.points:
        first = series.points[0].citation
        measure = replace(first, start=series.measure_start, end=series.measure_end)
        check(f"series '{series.measure}'", series.measure, measure)
        problems.extend(
            insertion_problems(
                f"series '{series.measure}'",
                series.insertions,
                (series.measure_start, series.measure_end),
                documents.get(first.source),
            )
        )
    return problems


def verify(brief: Brief, documents: Iterable[Document]) -> None:
    """Every quote, fact and key figure must be the exact span of the source it cites."""
    documents = list(documents)
    by_id = {document.id: document for document in documents}
    texts = {document.id: document.text for document in documents}
    dates = {document.id: document.date for document in documents}
    problems = []

    def check(label: str, text: str, citation: Citation) -> None:
        source = texts.get(citation.source)
        if source is None:
            problems.append(f"{label}: cites unknown source '{citation.source}'")
        elif source[citation.start : citation.end] != text:
            problems.append(
                f"{label}: text differs from {citation.source}[{citation.start}:{citation.end}] "
                f"({source[citation.start : citation.end][:60]!r} in the source)"
            )

    items = [
        *brief.key_points,
        *brief.quotable_lines,
        *(i for s in brief.sections for i in (*s.items, *s.context)),
    ]
    for item in items:
        first = item.citations[0]
        check(f"{item.kind} {item.id}", item.text, first)
        problems.extend(
            insertion_problems(
                f"{item.kind} {item.id}",
                item.resolution.insertions,
                (first.start, first.end),
                by_id.get(first.source),
            )
        )
        if item.kind == "fact":
            problems.extend(unstated_citations(item, texts))

    def described(label: str, key_figure: KeyFigure) -> None:
        """A measure and a period are verbatim spans of the figure's source, with valid
        insertions, and stand in the figure's paragraph."""
        document = by_id.get(key_figure.citation.source)
        for phrase in (key_figure.measure, key_figure.as_of):
            if phrase is None:
                continue
            span = (phrase.start, phrase.end)
            check(label, phrase.text, replace(key_figure.citation, start=span[0], end=span[1]))
            problems.extend(insertion_problems(label, phrase.insertions, span, document))
            low, high = sorted((phrase.start, key_figure.figure.start))
            if document is not None and "\n" in document.text[low:high]:
                problems.append(f"{label}: {phrase.text!r} stands in another paragraph than its figure")

    for metric in brief.metrics:
        for value in (metric.value, *metric.series):
            label = f"metric {value.item_id}"
            figure = value.figure
            check(label, figure.text, replace(value.citation, start=figure.start, end=figure.end))
            described(label, value)
    for key_figure in brief.key_figures:
        described(f"key figure {key_figure.item_id}", key_figure)
        check(
            f"key figure {key_figure.item_id}",
            key_figure.context,
            replace(key_figure.citation, start=key_figure.context_start, end=key_figure.context_end),
        )
        check(
            f"key figure {key_figure.item_id}",
            key_figure.figure.text,
            replace(key_figure.citation, start=key_figure.figure.start, end=key_figure.figure.end),
        )
        problems.extend(
            insertion_problems(
                f"key figure {key_figure.item_id}",
                key_figure.insertions,
                (key_figure.context_start, key_figure.context_end),
                by_id.get(key_figure.citation.source),
            )
        )
    for key_date in (*brief.key_dates, *brief.coming):
        label = f"key date {key_date.item_id}"
        check(
            label, key_date.when, replace(key_date.citation, start=key_date.when_start, end=key_date.when_end)
        )
        check(
            label,
            key_date.label,
            replace(key_date.citation, start=key_date.label_start, end=key_date.label_end),
        )
        if not key_date.label_start <= key_date.when_start < key_date.when_end <= key_date.label_end:
            problems.append(f"{label}: its label does not hold the date {key_date.when!r}")
        problems.extend(inserted_year_problems(key_date, dates.get(key_date.citation.source)))
        problems.extend(
            insertion_problems(
                label,
                key_date.insertions,
                (key_date.label_start, key_date.label_end),
                by_id.get(key_date.citation.source),
            )
        )
    for series in brief.series:
        problems.extend(series_problems(series, by_id, check))
    for disagreement in brief.disagreements:
        for text, citation in disagreement.values:
            check(f"disagreement '{disagreement.measure}'", text, citation)
    if problems:
        raise CheckFailed(*(f"misquote: {problem}" for problem in problems))
