"""Ranking items for a Brief, the same for every section and documented in the README:

    score = section score (sum of matched term weights)
          + 2 per additional source that reports the same fact
          + figure weight (money, share, quantity: 1.5; counts: 1; dates and years: 0.3; best one)
          + recency: up to 1 for the newest source, scaled by date rank
          + for quotes: 1 when the speaker's role is known
          + 1 for a decision (a fact whose verb reports one: "proposed", "adopted")
          - 2 for a fragment (a quote of fewer than six words, or woven into a sentence)

Items about the pack's focus come before items about anything else (`scope`), whatever
their score. Ties break by source order, then position in the source, so the order never
depends on anything but the inputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from briefgen.analysis import Analysis
from briefgen.compose.scope import Focus
from briefgen.compose.verify import same_value
from briefgen.model import (
    BriefItem,
    Citation,
    Document,
    Fact,
    Figure,
    Quote,
    SourceRef,
    Span,
)
from briefgen.reconcile import MergedFact, MergedQuote
from briefgen.sources.metadata import find_title, own_title

DECISION_BONUS = 1.0
FRAGMENT_PENALTY = 2.0
# A quote shorter than this says too little to stand alone as a key point.
QUOTE_MIN_WORDS = 6
FIGURE_WEIGHT = {"money": 1.5, "percent": 1.5, "quantity": 1.5, "fraction": 1.2, "count": 1.0, "ordinal": 0.5}


def source_ref(document: Document) -> SourceRef:
    return SourceRef(
        document.id,
        document.title,
        document.publisher,
        document.date,
        document.url,
        headline(document),
        document.kind,
    )


def headline(document: Document) -> str | None:
    """The source's own title, as the occasion of what it quotes; None when the title is only
    the opening words of its lead sentence, which name no occasion."""
    title = document.title
    if title is None or own_title(document.text, document.boilerplate) is not None:
        return title
    return None if title == find_title(document.text, document.boilerplate) else title


def without_attribution(quote: Quote) -> int:
    """Where a quote's shown text ends: before a closing comma or colon that belongs to the
    attribution ("…policy,” said X"), so the text shown is still a span of the source."""
    text = quote.text.rstrip()
    if text.endswith((",", ":")):
        text = text[:-1].rstrip()
    return quote.start + len(text)


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
    focus: Focus,
) -> BriefItem:
    fact = merged.fact
    classification = analysis.sections[fact.id]
    figures = tuple(f for f in fact.figures if f.is_amount) if units_required else fact.figures
    extra_sources = len(merged.sources) - 1
    weight = figure_weight(figures)
    decision = DECISION_BONUS if fact.decision else 0.0
    score = classification.score + 2 * extra_sources + weight + decision + fresh.get(fact.source, 0.0)
    reason = (
        f"section terms {classification.score:g}"
        + (f", {extra_sources} more source(s) +{2 * extra_sources}" if extra_sources else "")
        + f", figure +{weight:g}"
        + (f", decision ({fact.decision}) +{decision:g}" if decision else "")
        + f", recency +{fresh.get(fact.source, 0.0):.2f}; {focus.why(fact.resolution)}"
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
        resolution=fact.resolution,
        in_scope=focus.covers(fact.resolution.about),
        decision=fact.decision,
        markup=markup_within(analysis, fact.source, fact.start, fact.end),
    )


def is_fragment(quote: Quote) -> bool:
    return quote.partial or len(quote.text.split()) < QUOTE_MIN_WORDS


def quote_item(
    merged: MergedQuote,
    analysis: Analysis,
    fresh: dict[str, float],
    dates: dict[str, dt.date | None],
    focus: Focus,
) -> BriefItem:
    quote = merged.quote
    classification = analysis.sections[quote.id]
    role_bonus = 1.0 if quote.speaker_role else 0.0
    penalty = FRAGMENT_PENALTY if is_fragment(quote) else 0.0
    score = (
        classification.score
        + 2 * (len(merged.sources) - 1)
        + role_bonus
        - penalty
        + fresh.get(quote.source, 0.0)
    )
    reason = (
        f"section terms {classification.score:g}, role +{role_bonus:g}, "
        + (f"fragment -{penalty:g}, " if penalty else "")
        + f"recency +{fresh.get(quote.source, 0.0):.2f}; {focus.why(quote.resolution)}"
    )
    citations = tuple(Citation(0, q.source, q.start, without_attribution(q)) for q in (quote, *merged.also))
    return BriefItem(
        id=quote.id,
        kind="quote",
        text=quote.text[: citations[0].end - quote.start],
        section=classification.section,
        citations=citations,
        rank_reason=reason,
        score=round(score, 3),
        speaker=quote.speaker,
        speaker_role=quote.speaker_role,
        partial=quote.partial,
        date=dates.get(quote.source),
        resolution=quote.resolution,
        in_scope=focus.covers(quote.resolution.about),
        markup=markup_within(analysis, quote.source, quote.start, citations[0].end),
    )


def markup_within(analysis: Analysis, source: str, start: int, end: int) -> tuple[Span, ...]:
    """The source's markup spans that fall inside an item's span."""
    markup = analysis.documents[source].markup
    return tuple(span for span in markup if span.end > start and span.start < end) if markup else ()


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
    """In scope first, then by score, then in source order."""
    return sorted(
        items,
        key=lambda item: (
            not item.in_scope,
            -item.score,
            order[item.citations[0].source],
            item.citations[0].start,
        ),
    )


def stands_alone(item: BriefItem) -> bool:
    """Whether nothing the item opens on is left unresolved ("It ...", "The country ...")."""
    return not item.resolution.leads_unresolved(item.text, item.citations[0].start)


def may_lead(item: BriefItem) -> bool:
    """A key point or key figure: in scope, every reference resolved, and for a quote a
    named speaker and a whole thought of at least six words."""
    if not item.in_scope or item.resolution.unresolved:
        return False
    if item.kind == "quote":
        return bool(item.speaker) and not item.partial and len(item.text.split()) >= QUOTE_MIN_WORDS
    return True
