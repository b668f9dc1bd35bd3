"""Reconcile what several sources say: merge repeats, report disagreements.

A *measure* is what a figure counts, for whom: "events" of the SCO, the "development
strategy" target year of the SCO. Facts that give the same value for one measure become one
item with several citations; sources that give different values become a Conflict. A source
that gives two values for one measure is talking about two different things (25 documents
signed at a summit, 60 adopted over a year), so such a measure is never called a conflict.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefgen import lexicon
from briefgen.model import Catalog, Document, Fact, Figure, Quote
from briefgen.text import sentences

MEMBERSHIP_NOUNS = lexicon.wordset("membership_nouns")
TARGET_QUALIFIERS = lexicon.wordset("target_qualifiers")
STOP = lexicon.wordset("measure_stop_words")
WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
PRECEDING_SENTENCES = 3
ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,6}\b")


@dataclass(frozen=True)
class Measure:
    subject: str  # the organisation the figure is about, e.g. "SCO"; "" when unknown
    what: str  # e.g. "events", "member states", "development strategy (target year)"


@dataclass(frozen=True)
class Reading:
    """One figure of one fact: a value that a source gives for a measure."""

    fact: Fact
    figure: Figure
    measure: Measure

    @property
    def value(self) -> tuple[float | None, str | None]:
        return self.figure.value, self.figure.unit


@dataclass(frozen=True)
class MergedFact:
    """A fact as the pack shows it: the first report, cited with every source that agrees."""

    fact: Fact
    also: tuple[Fact, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([self.fact.source, *(fact.source for fact in self.also)]))


@dataclass(frozen=True)
class MergedQuote:
    quote: Quote
    also: tuple[Quote, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([self.quote.source, *(quote.source for quote in self.also)]))


@dataclass(frozen=True)
class Conflict:
    measure: str
    readings: tuple[tuple[str, str, str], ...]  # (fact id, source id, figure text)

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item for item, _, _ in self.readings))


@dataclass(frozen=True)
class Reconciled:
    facts: tuple[MergedFact, ...]
    quotes: tuple[MergedQuote, ...]
    conflicts: tuple[Conflict, ...]


def singular(noun: str) -> str:
    noun = noun.lower()
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith("s") and not noun.endswith("ss"):
        return noun[:-1]
    return noun


def plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun if noun.endswith("s") else noun + "s"


MEMBERSHIP_SINGULARS = frozenset(singular(noun) for noun in MEMBERSHIP_NOUNS)


def document_subject(document: Document) -> str:
    """The organisation a source is mostly about: its most frequent acronym."""
    counts: Counter[str] = Counter(ACRONYM.findall(document.text))
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return ranked[0][0] if ranked else ""


def fact_subjects(document: Document, facts: Sequence[Fact]) -> dict[str, str]:
    """Each fact's subject: the first acronym in its sentence, else the nearest in the few
    sentences before it in the same paragraph, else the document's subject."""
    fallback = document_subject(document)
    text = document.text
    previous: dict[int, list[str]] = {}
    before: list[str] = []
    last_end = 0
    for sentence in sentences(text):
        if "\n" in text[last_end : sentence.start] or "\r" in text[last_end : sentence.start]:
            before = []
        previous[sentence.start] = before
        before = [*before[1 - PRECEDING_SENTENCES :], text[sentence.start : sentence.end]]
        last_end = sentence.end
    subjects = {}
    for fact in facts:
        own = ACRONYM.findall(fact.text)
        earlier = ACRONYM.findall(" ".join(previous.get(fact.start, [])))
        subjects[fact.id] = own[0] if own else earlier[-1] if earlier else fallback
    return subjects


def last_words(text: str, count: int) -> list[str]:
    """The last `count` words of text, reading only as far back as they reach: a sentence
    may carry thousands of figures, and each looks only at the words just before it."""
    window = 64
    while True:
        found = WORD.findall(text, max(0, len(text) - window))
        # One word more than asked for, so that the first one kept is not cut by the window.
        if len(found) > count or window >= len(text):
            return found[-count:]
        window *= 4


def measure_of(fact: Fact, figure: Figure, subject: str) -> Measure | None:
    """What a figure measures, or None when it is not comparable across sources."""
    offset = figure.start - fact.start
    if figure.kind == "count" and figure.unit:
        words = figure.text.lower().split()
        if singular(figure.unit) in MEMBERSHIP_SINGULARS and (
            "member" in words or "membership" in fact.text[max(0, offset - 40) : offset].lower()
        ):
            return Measure(subject, "member states")
        return Measure(subject, plural(singular(figure.unit)))
    if figure.kind == "year" and figure.qualifier in TARGET_QUALIFIERS:
        before = fact.text[:offset]
        words = [word.lower() for word in last_words(before, 3) if word.lower() not in STOP]
        if len(words) >= 2:
            return Measure(subject, " ".join(words[-2:]) + " (target year)")
    return None


def readings(catalog: Catalog) -> list[Reading]:
    found = []
    facts_by_source: dict[str, list[Fact]] = defaultdict(list)
    for fact in catalog.facts:
        facts_by_source[fact.source].append(fact)
    for document in catalog.documents:
        facts = facts_by_source[document.id]
        subjects = fact_subjects(document, facts)
        for fact in facts:
            for figure in fact.figures:
                measure = measure_of(fact, figure, subjects[fact.id])
                if measure is not None:
                    found.append(Reading(fact, figure, measure))
    return found


def describe(measure: Measure) -> str:
    return f"{measure.what} ({measure.subject})" if measure.subject else measure.what


def find_conflicts(all_readings: Iterable[Reading]) -> tuple[tuple[Conflict, ...], dict[str, list[Fact]]]:
    """Conflicts between sources, and for each fact the facts of other sources that agree."""
    by_measure: dict[Measure, list[Reading]] = defaultdict(list)
    for reading in all_readings:
        by_measure[reading.measure].append(reading)
    conflicts: list[Conflict] = []
    agreeing: dict[str, list[Fact]] = defaultdict(list)
    for measure, group in by_measure.items():
        values_by_source: dict[str, set[tuple[float | None, str | None]]] = defaultdict(set)
        for reading in group:
            values_by_source[reading.fact.source].add(reading.value)
        if len(values_by_source) < 2:
            continue
        first_by_value: dict[tuple[float | None, str | None], Reading] = {}
        for reading in group:
            first = first_by_value.setdefault(reading.value, reading)
            if first.fact.source != reading.fact.source and reading.fact not in agreeing[first.fact.id]:
                agreeing[first.fact.id].append(reading.fact)
        distinct = {value for values in values_by_source.values() for value in values}
        unambiguous = all(len(values) == 1 for values in values_by_source.values())
        if unambiguous and len(distinct) > 1:
            conflicts.append(
                Conflict(
                    measure=describe(measure),
                    readings=tuple((r.fact.id, r.fact.source, r.figure.text) for r in group),
                )
            )
    return tuple(conflicts), agreeing


def quote_key(quote: Quote) -> tuple[str, str]:
    return (quote.speaker or "", re.sub(r"\W+", " ", quote.text.lower()).strip())


def merge_quotes(quotes: Iterable[Quote]) -> tuple[MergedQuote, ...]:
    """The same speaker's same words, reported by several sources, become one quote."""
    groups: dict[tuple[str, str], list[Quote]] = {}
    for quote in quotes:
        groups.setdefault(quote_key(quote), []).append(quote)
    return tuple(MergedQuote(group[0], tuple(group[1:])) for group in groups.values())


def absorbable(fact: Fact, heads: set[str]) -> bool:
    """A fact folds into the one it agrees with only when that loses nothing: it says one
    figure, and no other fact is folded into it."""
    return len(fact.figures) == 1 and fact.id not in heads


def reconcile(catalog: Catalog) -> Reconciled:
    conflicts, agreeing = find_conflicts(readings(catalog))
    heads = {head for head, facts in agreeing.items() if facts}
    agreeing = {head: [f for f in facts if absorbable(f, heads)] for head, facts in agreeing.items()}
    absorbed = {fact.id for facts in agreeing.values() for fact in facts}
    merged = tuple(
        MergedFact(fact, tuple(agreeing.get(fact.id, ())))
        for fact in catalog.facts
        if fact.id not in absorbed
    )
    return Reconciled(facts=merged, quotes=merge_quotes(catalog.quotes), conflicts=conflicts)
