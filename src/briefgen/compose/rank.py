"""Ranking items for a Brief, the same for every section and documented in the README:

    score = section score (sum of matched term weights)
          + 2 per additional source that reports the same fact
          + figure weight (money, share, quantity: 1.5; counts: 1; dates and years: 0.3; best one)
          + recency: up to 1 for the newest source, scaled by date rank
          + for quotes: 1 when the speaker's role is known

Ties break by source order, then position in the source, so the order never depends on
anything but the inputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from briefgen.analysis import Analysis
from briefgen.compose.verify import same_value
from briefgen.model import (
    BriefItem,
    Citation,
    Document,
    Fact,
    Figure,
    Quote,
    SourceRef,
)
from briefgen.reconcile import MergedFact, MergedQuote

FIGURE_WEIGHT = {"money": 1.5, "percent": 1.5, "quantity": 1.5, "fraction": 1.2, "count": 1.0, "ordinal": 0.5}


def source_ref(document: Document) -> SourceRef:
    return SourceRef(document.id, document.title, document.publisher, document.date, document.url)


def recency(documents: Sequence[Document]) -> dict[str, float]:
    """1 for the newest dated source, down to 0 for the oldest; undated sources get 0."""
    dates = sorted({d.date for d in documents if d.date is not None})
    if not dates:
        return {d.id: 0.0 for d in documents}
    rank = {date: (index + 1) / len(dates) for index, date in enumerate(dates)}
    return {d.id: rank[d.date] if d.date else 0.0 for d in documents}


def figure_weight(figures: Iterable[Figure]) -> float:
    return max((FIGURE_WEIGHT.get(figure.kind, 0.3) for figure in figures), default=0.0)


def fact_item(
    merged: MergedFact,
    analysis: Analysis,
    fresh: dict[str, float],
    dates: dict[str, dt.date | None],
    units_required: bool,
) -> BriefItem:
    fact = merged.fact
    classification = analysis.sections[fact.id]
    figures = tuple(f for f in fact.figures if f.is_amount) if units_required else fact.figures
    extra_sources = len(merged.sources) - 1
    weight = figure_weight(figures)
    score = classification.score + 2 * extra_sources + weight + fresh.get(fact.source, 0.0)
    reason = (
        f"section terms {classification.score:g}"
        + (f", {extra_sources} more source(s) +{2 * extra_sources}" if extra_sources else "")
        + f", figure +{weight:g}, recency +{fresh.get(fact.source, 0.0):.2f}"
    )
    # A report merged on a figure this pack leaves out (a year, for an investor) is not cited,
    # since every citation must state a figure the item shows (checked in verify).
    also = [
        f
        for f in merged.also
        if not units_required or any(same_value(a, b) for a in figures for b in f.figures)
    ]
    citations = tuple(Citation(0, f.source, f.start, f.end) for f in (fact, *also))
    return BriefItem(
        id=fact.id,
        kind="fact",
        text=fact.text,
        section=classification.section,
        citations=citations,
        rank_reason=reason,
        score=round(score, 3),
        figures=figures,
        date=dates.get(fact.source),
        shown_text=shown_text(analysis, fact.source, fact.start, fact.end),
    )


def quote_item(
    merged: MergedQuote, analysis: Analysis, fresh: dict[str, float], dates: dict[str, dt.date | None]
) -> BriefItem:
    quote = merged.quote
    classification = analysis.sections[quote.id]
    role_bonus = 1.0 if quote.speaker_role else 0.0
    score = classification.score + 2 * (len(merged.sources) - 1) + role_bonus + fresh.get(quote.source, 0.0)
    reason = (
        f"section terms {classification.score:g}, role +{role_bonus:g}, "
        f"recency +{fresh.get(quote.source, 0.0):.2f}"
    )
    citations = tuple(Citation(0, q.source, q.start, q.end) for q in (quote, *merged.also))
    return BriefItem(
        id=quote.id,
        kind="quote",
        text=quote.text,
        section=classification.section,
        citations=citations,
        rank_reason=reason,
        score=round(score, 3),
        speaker=quote.speaker,
        speaker_role=quote.speaker_role,
        partial=quote.partial,
        date=dates.get(quote.source),
        shown_text=shown_text(analysis, quote.source, quote.start, quote.end),
    )


def shown_text(analysis: Analysis, source: str, start: int, end: int) -> str | None:
    """The span as a reader sees it, when its source marks markup to leave out; else None."""
    for document in analysis.catalog.documents:
        if document.id == source and document.markup:
            return document.shown(start, end)
    return None


def quoted_spans(quotes: Iterable[Quote]) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for quote in quotes:
        spans.setdefault(quote.source, []).append((quote.start, quote.end))
    return spans


def is_speech(fact: Fact, speech: dict[str, list[tuple[int, int]]]) -> bool:
    """A sentence that is mostly someone's quoted words belongs to the quote, with its
    speaker, not to the facts, where it would read as the writer's own claim."""
    quoted = sum(
        max(0, min(end, fact.end) - max(start, fact.start)) for start, end in speech.get(fact.source, ())
    )
    return quoted * 2 > fact.end - fact.start


def ranked(items: Iterable[BriefItem], order: dict[str, int]) -> list[BriefItem]:
    return sorted(
        items, key=lambda item: (-item.score, order[item.citations[0].source], item.citations[0].start)
    )
