"""Compose a Brief for one audience from an analysed catalog. No formatting happens here.

Ranking, the same for every section and documented in the README:

    score = section score (sum of matched term weights)
          + 2 per additional source that reports the same fact
          + figure weight (money, share, quantity: 1.5; counts: 1; dates and years: 0.3; best one)
          + recency: up to 1 for the newest source, scaled by date rank
          + for quotes: 1 when the speaker's role is known

Ties break by source order, then position in the source, so the order never depends on
anything but the inputs.

Key points ("bottom line up front") take the best-scoring items across sections, at most
one per section until every section with items has given one, then the next best.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from briefgen.config import AudienceProfile, Settings
from briefgen.errors import CheckFailed, InputError
from briefgen.model import (
    Brief,
    BriefItem,
    BriefSection,
    Citation,
    Disagreement,
    Document,
    Fact,
    Figure,
    KeyFigure,
    Person,
    Quote,
    SourceRef,
)
from briefgen.pipeline import Analysis
from briefgen.reconcile import Conflict, MergedFact, MergedQuote

FIGURE_WEIGHT = {"money": 1.5, "percent": 1.5, "quantity": 1.5, "fraction": 1.2, "count": 1.0, "ordinal": 0.5}
CLAUSE_BREAK = re.compile(r"[,;:—–“”\"]")
# A clause that opens with one of these leans on the clause before it for its subject.
CONNECTIVES = frozenset({"which", "that", "and", "or", "while", "but", "whereas", "who", "where"})
KEY_FIGURE_ORDER = {"money": 0, "percent": 0, "quantity": 0, "fraction": 1, "count": 2}


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


def has_unit(figure: Figure) -> bool:
    return figure.unit is not None and figure.kind not in {"year", "date", "range"}


def fact_item(
    merged: MergedFact,
    analysis: Analysis,
    fresh: dict[str, float],
    dates: dict[str, dt.date | None],
    units_required: bool,
) -> BriefItem:
    fact = merged.fact
    classification = analysis.sections[fact.id]
    figures = tuple(f for f in fact.figures if has_unit(f)) if units_required else fact.figures
    extra_sources = len(merged.sources) - 1
    weight = figure_weight(figures)
    score = classification.score + 2 * extra_sources + weight + fresh.get(fact.source, 0.0)
    reason = (
        f"section terms {classification.score:g}"
        + (f", {extra_sources} more source(s) +{2 * extra_sources}" if extra_sources else "")
        + f", figure +{weight:g}, recency +{fresh.get(fact.source, 0.0):.2f}"
    )
    citations = tuple(Citation(0, f.source, f.start, f.end) for f in (fact, *merged.also))
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
    )


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


def pick_key_points(items: Sequence[BriefItem], count: int) -> list[BriefItem]:
    """The best items, one per section first, then the next best (see the module docstring)."""
    chosen: list[BriefItem] = []
    seen_sections: set[str] = set()
    for item in items:
        if len(chosen) < count and item.section not in seen_sections:
            chosen.append(item)
            seen_sections.add(item.section)
    for item in items:
        if len(chosen) < count and item not in chosen:
            chosen.append(item)
    return sorted(chosen, key=items.index)


def clause_around(text: str, start: int, end: int, floor: int, ceiling: int) -> tuple[int, int]:
    """The clause of a sentence that holds text[start:end], with the subject it leans on."""
    breaks = [match.end() for match in CLAUSE_BREAK.finditer(text, floor, start)]
    left = breaks.pop() if breaks else floor
    while breaks and text[left:start].split()[:1] and text[left:start].split()[0].lower() in CONNECTIVES:
        left = breaks.pop()
    if text[left:start].split()[:1] and text[left:start].split()[0].lower() in CONNECTIVES:
        left = floor
    right_match = CLAUSE_BREAK.search(text, end, ceiling)
    right = right_match.start() if right_match else ceiling
    if len(text[left:right].split()) < 5:
        left, right = floor, ceiling
    while left < right and (text[left].isspace() or text[left] in ",;"):
        left += 1
    while right > left and (text[right - 1].isspace() or text[right - 1] in ",;."):
        right -= 1
    return left, right


def key_figures(facts: Sequence[BriefItem], documents: dict[str, Document], count: int) -> list[KeyFigure]:
    """Amounts first (money, shares, quantities), then fractions, then counts written in digits."""
    candidates = [
        (
            KEY_FIGURE_ORDER[figure.kind] + (0 if any(ch.isdigit() for ch in figure.text) else 1),
            rank,
            figure,
            item,
        )
        for rank, item in enumerate(facts)
        for figure in item.figures
        if figure.kind in KEY_FIGURE_ORDER and figure.unit
    ]
    chosen: list[KeyFigure] = []
    seen: set[str] = set()
    # The first figure of each fact before a second from the same sentence: a box of
    # figures that share one context line tells the reader less.
    ordered = sorted(candidates, key=lambda c: (c[0], c[1], c[2].start))
    firsts: dict[str, tuple[int, int, Figure, BriefItem]] = {}
    for candidate in ordered:
        firsts.setdefault(candidate[3].id, candidate)
    ordered = [*firsts.values(), *(c for c in ordered if c not in firsts.values())]
    for _, _, figure, item in ordered:
        if len(chosen) >= count:
            break
        if figure.text.lower() in seen:
            continue
        citation = item.citations[0]
        document = documents[citation.source]
        left, right = clause_around(document.text, figure.start, figure.end, citation.start, citation.end)
        seen.add(figure.text.lower())
        chosen.append(KeyFigure(figure, document.text[left:right], left, right, item.id, citation))
    return chosen


def key_dates(facts: Sequence[BriefItem], count: int) -> list[BriefItem]:
    dated = [item for item in facts if any(f.kind in {"date", "range"} for f in item.figures)]
    return dated[:count]


class NoteNumbers:
    """Numbers sources in the order the pack first cites them."""

    def __init__(self, limit: int) -> None:
        self.order: list[str] = []
        self.limit = max(1, limit)

    def number(self, source: str) -> int:
        if source not in self.order:
            self.order.append(source)
        return self.order.index(source) + 1

    def cite(self, item: BriefItem) -> BriefItem:
        """Number the item's citations, keeping the first `limit` sources (the first is the
        span the item quotes; the others report the same fact)."""
        kept = item.citations[: self.limit]
        return replace(item, citations=tuple(replace(c, note=self.number(c.source)) for c in kept))

    def cite_citation(self, citation: Citation) -> Citation:
        return replace(citation, note=self.number(citation.source))


def compose(analysis: Analysis, profile: AudienceProfile, settings: Settings, date: dt.date) -> Brief:
    catalog = analysis.catalog
    documents = {d.id: d for d in catalog.documents}
    order = {d.id: index for index, d in enumerate(catalog.documents)}
    fresh = recency(catalog.documents)
    wants = set(profile.kinds)

    dates = {d.id: d.date for d in catalog.documents}
    speech = quoted_spans(catalog.quotes)
    facts = ranked(
        (
            f
            for m in analysis.reconciled.facts
            if not is_speech(m.fact, speech)
            and (f := fact_item(m, analysis, fresh, dates, profile.units_required)).figures
        ),
        order,
    )
    quotes = ranked(
        (quote_item(m, analysis, fresh, dates) for m in analysis.reconciled.quotes if m.quote.speaker), order
    )

    notes = NoteNumbers(profile.citations_per_item)
    candidates = ranked([*(facts if "facts" in wants else []), *(quotes if "quotes" in wants else [])], order)
    points = [notes.cite(item) for item in pick_key_points(candidates, profile.key_points)]
    figures = [
        replace(kf, citation=notes.cite_citation(kf.citation))
        for kf in (key_figures(facts, documents, profile.key_figures) if "key_figures" in wants else [])
    ]
    sections = []
    in_key_points = {item.id for item in points}
    for name in profile.sections:
        spec = analysis.taxonomy.spec(name)
        section_facts = (
            [f for f in facts if f.section == name and f.id not in in_key_points][: profile.facts_per_section]
            if "facts" in wants
            else []
        )
        section_quotes = (
            [q for q in quotes if q.section == name and q.id not in in_key_points][
                : profile.quotes_per_section
            ]
            if "quotes" in wants
            else []
        )
        if not section_facts and not section_quotes:
            continue
        cited = (
            [notes.cite(item) for item in (*section_quotes, *section_facts)]
            if profile.lead == "quotes"
            else [notes.cite(item) for item in (*section_facts, *section_quotes)]
        )
        sections.append(
            BriefSection(
                name=name,
                title=spec.title,
                description=spec.description,
                facts=tuple(i for i in cited if i.kind == "fact"),
                quotes=tuple(i for i in cited if i.kind == "quote"),
            )
        )
    timeline = [notes.cite(item) for item in key_dates(facts, profile.key_dates)] if "dates" in wants else []
    disagreements = []
    if "disagreements" in profile.appendices:
        fact_by_id = {fact.id: fact for fact in catalog.facts}
        shown_facts = {item.id for item in [*points, *timeline, *(i for s in sections for i in s.facts)]}
        shown_facts |= {kf.item_id for kf in figures}
        conflicts = relevant_conflicts(analysis.reconciled.conflicts, shown_facts, profile.max_disagreements)
        for conflict in conflicts:
            values = []
            for item_id, source, text in distinct_readings(conflict.readings):
                fact: Fact = fact_by_id[item_id]
                figure = next(f for f in fact.figures if f.text == text)
                values.append((text, Citation(notes.number(source), source, figure.start, figure.end)))
            disagreements.append(Disagreement(conflict.measure, tuple(values)))

    shown = [
        *points,
        *timeline,
        *(item for section in sections for item in (*section.facts, *section.quotes)),
    ]
    shown_text = " ".join([*(item.text for item in shown), *(kf.context for kf in figures)])
    people = tuple(p for p in catalog.people if p.roles and mentioned(p, shown))
    glossary = (
        tuple(a for a in catalog.acronyms if a.long and re.search(rf"\b{re.escape(a.short)}\b", shown_text))
        if "glossary" in profile.appendices
        else ()
    )
    sources = tuple(source_ref(d) for d in catalog.documents)
    return Brief(
        audience=profile.name,
        title=profile.title,
        subtitle=settings.subject,
        description=profile.description,
        reader=profile.reader,
        marking=profile.marking,
        organisation=settings.organisation,
        language=settings.language,
        date=date,
        page_budget=profile.pages,
        lead=profile.lead,
        sources=sources,
        key_points=tuple(points),
        key_figures=tuple(figures),
        key_dates=tuple(timeline),
        sections=tuple(sections),
        disagreements=tuple(disagreements),
        people=people if "whos_who" in profile.appendices else (),
        glossary=glossary,
        notes=tuple(source_ref(documents[source]) for source in notes.order),
        appendices=profile.appendices,
    )


def verify(brief: Brief, documents: Iterable[Document]) -> None:
    """Every quote, fact and key figure must be the exact span of the source it cites."""
    texts = {document.id: document.text for document in documents}
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

    items = [*brief.key_points, *brief.key_dates, *(i for s in brief.sections for i in (*s.facts, *s.quotes))]
    for item in items:
        check(f"{item.kind} {item.id}", item.text, item.citations[0])
    for key_figure in brief.key_figures:
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
    for disagreement in brief.disagreements:
        for text, citation in disagreement.values:
            check(f"disagreement '{disagreement.measure}'", text, citation)
    if problems:
        raise CheckFailed("misquote: " + "\nmisquote: ".join(problems))


MAX_VALUES_SHOWN = 6


def relevant_conflicts(conflicts: Sequence[Conflict], shown: set[str], limit: int) -> list[Conflict]:
    """With a limit (a short pack), the disagreements about facts the pack shows come first
    and the rest only while room is left; without one, every disagreement."""
    if not limit:
        return list(conflicts)
    about_shown = [c for c in conflicts if shown & set(c.items)]
    others = [c for c in conflicts if not shown & set(c.items)]
    return [*about_shown, *others][:limit]


def distinct_readings(readings: Sequence[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """One row per different value as printed, from the first source that gives it: a
    disagreement is about the values, and a hundred sources must not make a hundred rows."""
    seen: dict[str, tuple[str, str, str]] = {}
    for reading in readings:
        seen.setdefault(" ".join(reading[2].lower().split()), reading)
    return list(seen.values())[:MAX_VALUES_SHOWN]


def mentioned(person: Person, items: Sequence[BriefItem]) -> bool:
    """A person the pack quotes, or names in an item it shows: who's who lists no one else."""
    surname = re.compile(rf"\b{re.escape(person.name.split()[-1])}\b")
    return any(item.speaker == person.name or surname.search(item.text) for item in items)


def pack_date(documents: Sequence[Document], source_date_epoch: str | None) -> dt.date:
    """The date a pack carries: SOURCE_DATE_EPOCH when set, else the newest source's date,
    so that a rebuild never depends on the clock."""
    if source_date_epoch:
        try:
            return dt.datetime.fromtimestamp(int(source_date_epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError) as error:
            raise InputError(f"SOURCE_DATE_EPOCH={source_date_epoch!r} is not a Unix timestamp") from error
    dates = [document.date for document in documents if document.date is not None]
    return max(dates) if dates else dt.date(1970, 1, 1)
