"""Choosing what a Brief shows: key points, key figures with their clause, key dates,
disagreements, the people and acronyms the pack mentions, and note numbers.

Key points ("bottom line up front") take the best-scoring items across sections, at most
one per section until every section with items has given one, then the next best.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from briefgen import lexicon
from briefgen.model import (
    BriefItem,
    Citation,
    Document,
    Figure,
    Insertion,
    KeyFigure,
    Person,
    Phrase,
)
from briefgen.reconcile import Conflict

CLAUSE_BREAK = re.compile(r"[,;:—–“”\"]")
# A clause that opens with one of these leans on the clause before it for its subject.
CONNECTIVES = lexicon.wordset("connectives")
KEY_FIGURE_ORDER = {"money": 0, "percent": 0, "quantity": 0, "fraction": 1, "count": 2}


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


# A figure of a fact that may be a key figure, with that fact.
FigureCandidate = tuple[Figure, BriefItem]


def figure_candidates(
    facts: Sequence[BriefItem], measured: Mapping[tuple[str, int], Phrase]
) -> list[FigureCandidate]:
    """The figures that may be key figures, in the order they are taken: amounts first
    (money, shares, quantities), then fractions, then counts written in digits; only those
    whose measure is found (`measured`, by (fact id, figure start)). It depends on the facts
    alone, so the trimmed versions of a pack, which take fewer, share it."""
    candidates = [
        (
            KEY_FIGURE_ORDER[figure.kind] + (0 if any(ch.isdigit() for ch in figure.text) else 1),
            rank,
            figure,
            item,
        )
        for rank, item in enumerate(facts)
        for figure in item.figures
        if figure.is_amount
        and figure.disputed is None  # a figure its sentence calls wrong is no key figure
        and (item.id, figure.start) in measured
    ]
    # The first figure of each fact before a second from the same sentence: a box of
    # figures that share one context line tells the reader less.
    ordered = sorted(candidates, key=lambda c: (c[0], c[1], c[2].start))
    first_of_fact: dict[str, int] = {}
    for index, candidate in enumerate(ordered):
        first_of_fact.setdefault(candidate[3].id, index)
    firsts = set(first_of_fact.values())
    return [
        *((ordered[index][2], ordered[index][3]) for index in sorted(firsts)),
        *((c[2], c[3]) for index, c in enumerate(ordered) if index not in firsts),
    ]


def key_figures(
    candidates: Sequence[FigureCandidate],
    documents: dict[str, Document],
    count: int,
    measured: Mapping[tuple[str, int], Phrase],
) -> list[KeyFigure]:
    """The first `count` of the candidates (`figure_candidates`), one figure a measure."""
    chosen: list[KeyFigure] = []
    seen: set[str] = set()
    for figure, item in candidates:
        if len(chosen) >= count:
            break
        measure = " ".join(measured[(item.id, figure.start)].shown.lower().split())
        if figure.text.lower() in seen or measure in seen:
            continue
        citation = item.citations[0]
        document = documents[citation.source]
        left, right = clause_around(document.text, figure.start, figure.end, citation.start, citation.end)
        seen.update((figure.text.lower(), measure))
        chosen.append(
            KeyFigure(
                figure, document.text[left:right], left, right, item.id, citation, within(item, left, right)
            )
        )
    return chosen


def within(item: BriefItem, start: int, end: int) -> tuple[Insertion, ...]:
    """The item's insertions that fall inside [start, end): what a clause of it shows."""
    return tuple(i for i in item.resolution.insertions if start <= i.start and i.end <= end)


class NoteNumbers:
    """Numbers sources in the order the pack first cites them."""

    def __init__(self, limit: int) -> None:
        self.numbers: dict[str, int] = {}
        self.limit = max(1, limit)

    def number(self, source: str) -> int:
        return self.numbers.setdefault(source, len(self.numbers) + 1)

    @property
    def order(self) -> list[str]:
        """The sources in note order."""
        return list(self.numbers)

    def cite(self, item: BriefItem) -> BriefItem:
        """Number the item's citations, keeping the first `limit` sources (the first is the
        span the item quotes; the others report the same fact)."""
        kept = item.citations[: self.limit]
        return replace(item, citations=tuple(replace(c, note=self.number(c.source)) for c in kept))

    def cite_citation(self, citation: Citation) -> Citation:
        return replace(citation, note=self.number(citation.source))


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
