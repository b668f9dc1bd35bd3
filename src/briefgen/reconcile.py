"""Reconcile what several sources say: merge repeats, report disagreements and changes.

A *measure* is what a figure counts, for whom: "events" of the SCO, the "development
strategy" target year of the SCO, the date of the SCO "summit". Facts that state the same
value of one measure become one item with several citations (an honest merge: nothing else
merges). Sources that give different values become a Conflict of one of two kinds:
- a *change*: a count that grows from older sources to newer ones ("eight member states"
  in 2023, "ten nations" in 2024): the later value belongs to a later state;
- a *disagreement*: sources of the same period, or undated ones, that differ; a count that
  shrinks; target years that differ; dates of one event that do not overlap.
A source that gives two values for one measure is talking about two different things (25
documents signed at a summit, 60 adopted over a year), so such a measure is neither. Spans
of time and ages ("four days", "90 minutes", "ten years") are never reconciled: two sources
giving them are as likely to speak of two different things. Nor is a figure its own
sentence calls wrong ("incorrectly", "denied that").
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefgen import lexicon
from briefgen.extract.entities import document_subject, is_country
from briefgen.extract.periods import Period, period_of
from briefgen.mapping import Mapper
from briefgen.model import Catalog, Fact, Figure, Quote

DURATIONS = lexicon.wordset("durations")
# "the SCO Summit on July 3", "the summit in June 2024": a date that says when an event is.
EVENT_BEFORE_DATE = re.compile(
    rf"\b(?P<event>{'|'.join(lexicon.words('event_nouns'))})\s+(?:(?:is|was|will\s+be)\s+)?(?:held\s+)?(?:on|in)\s+$",
    re.IGNORECASE,
)
OWNER_BEFORE_EVENT = re.compile(r"\b([A-Z][A-Z0-9]{1,6})\)?\s+$")
MEMBERSHIP_NOUNS = lexicon.wordset("membership_nouns")
TARGET_QUALIFIERS = lexicon.wordset("target_qualifiers")
DIFFERENCE = re.compile(
    rf"\b(?:{'|'.join(re.escape(words) for words in lexicon.words('difference_words'))})\s+$", re.IGNORECASE
)
STOP = lexicon.wordset("measure_stop_words")
WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
PRECEDING_SENTENCES = 3
ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,6}\b")
# "ASTANA—": the city a report is filed from, not the organisation it is about.
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+\s*(?:—|–|--?|,)\s*")


@dataclass(frozen=True, slots=True)
class Measure:
    subject: str  # the organisation the figure is about, e.g. "SCO"; "" when unknown
    what: str  # e.g. "events", "member states", "development strategy (target year)"


@dataclass(frozen=True, slots=True)
class Reading:
    """One figure of one fact: a value that a source of some date gives for a measure."""

    fact: Fact
    figure: Figure
    measure: Measure
    date: dt.date | None = None  # the source's date
    period: Period | None = None  # for the date of an event: the days it names

    @property
    def value(self) -> tuple[object, ...]:
        if self.period is not None:
            return (self.period.start, self.period.end)
        figure = self.figure
        return figure.value, figure.high, figure.total, figure.unit


@dataclass(frozen=True, slots=True)
class MergedFact:
    """A fact as the pack shows it: the first report, cited with every source that agrees;
    `why` says, for each of `also`, the value and measure both state."""

    fact: Fact
    also: tuple[Fact, ...] = ()
    why: tuple[str, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([self.fact.source, *(fact.source for fact in self.also)]))


@dataclass(frozen=True, slots=True)
class MergedQuote:
    quote: Quote
    also: tuple[Quote, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([self.quote.source, *(quote.source for quote in self.also)]))


CHANGE = "change"
DISAGREEMENT = "disagreement"


@dataclass(frozen=True)
class Conflict:
    """Different values of one measure: a change over time (readings oldest first) or a
    disagreement (readings in source order)."""

    measure: str
    readings: tuple[tuple[str, str, str], ...]  # (fact id, source id, figure text)
    kind: str = DISAGREEMENT

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


def aliases(catalog: Catalog) -> dict[str, str]:
    """Long form -> short form of every acronym the corpus defines: one entity, two spellings."""
    return {" ".join(a.long.split()): a.short for a in catalog.acronyms if a.long}


def needs_body(fact: Fact) -> bool:
    """Whether a fact's subject is its source's body: it names none, or a country."""
    about = fact.resolution.about
    return not about or is_country(about)


def body_subject(text: str) -> str:
    """The body a source names most (finding it reads the whole text)."""
    return document_subject(text, bodies_only=True)


def fact_subjects(facts: Sequence[Fact], names: dict[str, str], body: str) -> dict[str, str]:
    """Each fact's subject: the body it is about (its opening reference, else the first body
    it names, else its paragraph's; see `extract.references`), the rule a pack's scope uses,
    so two sources merge only when they speak of the same body. A country is the actor of
    many a body's figures ("during Kazakhstan's chairmanship, 160 events"), so a fact about
    a country counts for `body`, the body its source names most."""
    subjects = {}
    for fact in facts:
        about = fact.resolution.about
        subjects[fact.id] = names.get(about, about) if about and not is_country(about) else body
    return subjects


def is_duration(figure: Figure) -> bool:
    """A span of time or an age counted in a noun ("four days", "ten years"); a year is not."""
    return (
        figure.kind in {"count", "quantity"}
        and figure.unit is not None
        and singular(figure.unit) in {singular(noun) for noun in DURATIONS}
    )


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
    if figure.disputed or is_duration(figure):
        return None
    if figure.kind == "date":
        event = EVENT_BEFORE_DATE.search(fact.text, 0, figure.start - fact.start)
        if event is None:
            return None
        # "the SCO Summit on July 3": the event is the SCO's, whatever else the sentence names.
        owner = OWNER_BEFORE_EVENT.search(fact.text, 0, event.start())
        return Measure(owner.group(1) if owner else subject, f"date of the {singular(event.group('event'))}")
    offset = figure.start - fact.start
    if figure.kind == "count" and figure.unit:
        words = figure.text.lower().split()
        if singular(figure.unit) in MEMBERSHIP_SINGULARS and (
            "member" in words or "membership" in fact.text[max(0, offset - 40) : offset].lower()
        ):
            return Measure(subject, "member states")
        if DIFFERENCE.search(fact.text, max(0, offset - 20), offset):
            return Measure(subject, f"{plural(singular(figure.unit))} (change)")
        return Measure(subject, plural(singular(figure.unit)))
    if figure.kind == "year" and figure.qualifier in TARGET_QUALIFIERS:
        before = fact.text[:offset]
        words = [word.lower() for word in last_words(before, 3) if word.lower() not in STOP]
        if len(words) >= 2:
            return Measure(subject, " ".join(words[-2:]) + " (target year)")
    return None


def readings(catalog: Catalog, mapper: Mapper = map) -> list[Reading]:
    found: list[Reading] = []
    facts_by_source: dict[str, list[Fact]] = defaultdict(list)
    for fact in catalog.facts:
        facts_by_source[fact.source].append(fact)
    names = aliases(catalog)
    # The body a source names most is found (through `mapper`) only for a source that has a
    # fact needing it.
    needing = [d for d in catalog.documents if any(map(needs_body, facts_by_source[d.id]))]
    bodies = dict(zip((d.id for d in needing), mapper(body_subject, [d.text for d in needing]), strict=True))
    for document in catalog.documents:
        facts = facts_by_source[document.id]
        subjects = fact_subjects(facts, names, bodies.get(document.id, ""))
        for fact in facts:
            for figure in fact.figures:
                measure = measure_of(fact, figure, subjects[fact.id])
                if measure is None:
                    continue
                period = period_of(figure, document.date) if figure.kind == "date" else None
                if figure.kind == "date" and period is None:
                    continue  # a date with no year and no dated source says no comparable day
                found.append(Reading(fact, figure, measure, document.date, period))
    return found


def describe(measure: Measure) -> str:
    return f"{measure.what} ({measure.subject})" if measure.subject else measure.what


def is_growth(group: Sequence[Reading]) -> bool:
    """A count that only grows from older sources to newer ones, every different value from
    a strictly later date: each later value belongs to a later state, not to a dispute."""
    dated = [(r.date, r.figure.value) for r in group if r.date is not None and r.figure.value is not None]
    if len(dated) < len(group) or any(r.figure.kind != "count" for r in group):
        return False
    ordered = sorted(dated)
    return all(
        value == later_value or (value < later_value and date < later_date)
        for (date, value), (later_date, later_value) in itertools.pairwise(ordered)
    )


def dates_agree(group: Sequence[Reading]) -> bool:
    """Dates of one event agree when the days they name overlap ("July 3" and "July 3–4")."""
    periods = [r.period for r in group if r.period is not None]
    return all(a.overlaps(b) for a in periods for b in periods)


def one_event(group: Sequence[Reading]) -> list[list[Reading]]:
    """Dates of an event, split by year: the summit of June 2024 and the summit of July
    2023 are two summits, not two dates of one."""
    by_year: dict[int, list[Reading]] = defaultdict(list)
    for reading in group:
        if reading.period is not None:
            by_year[reading.period.start.year].append(reading)
    return list(by_year.values())


def find_conflicts(
    all_readings: Iterable[Reading],
) -> tuple[tuple[Conflict, ...], dict[str, list[tuple[Fact, str]]]]:
    """Conflicts between sources, and for each fact the facts of other sources that state
    the same value of the same measure, each with why."""
    by_measure: dict[Measure, list[Reading]] = defaultdict(list)
    for reading in all_readings:
        by_measure[reading.measure].append(reading)
    conflicts: list[Conflict] = []
    agreeing: dict[str, list[tuple[Fact, str]]] = defaultdict(list)
    # The ids of each head's agreeing facts, so that a value a thousand sources repeat is not
    # looked for in the list of those found so far (a fact's id names it in the catalog).
    agreed: dict[str, set[str]] = defaultdict(set)
    for measure, whole in by_measure.items():
        is_date = any(r.period is not None for r in whole)
        for group in one_event(whole) if is_date else [whole]:
            values_by_source: dict[str, set[tuple[object, ...]]] = defaultdict(set)
            for reading in group:
                values_by_source[reading.fact.source].add(reading.value)
            if len(values_by_source) < 2:
                continue
            if not is_date:
                first_by_value: dict[tuple[object, ...], Reading] = {}
                for reading in group:
                    first = first_by_value.setdefault(reading.value, reading)
                    if (
                        first.fact.source != reading.fact.source
                        and reading.fact.id not in agreed[first.fact.id]
                    ):
                        why = f"states {reading.figure.text!r}, {describe(measure)}, as {first.fact.id} does"
                        agreeing[first.fact.id].append((reading.fact, why))
                        agreed[first.fact.id].add(reading.fact.id)
            distinct = {value for values in values_by_source.values() for value in values}
            unambiguous = all(len(values) == 1 for values in values_by_source.values())
            if not unambiguous or len(distinct) < 2 or (is_date and dates_agree(group)):
                continue
            growth = not is_date and is_growth(group)
            shown = sorted(group, key=lambda r: r.date or dt.date.min) if growth else group
            conflicts.append(
                Conflict(
                    measure=describe(measure),
                    readings=tuple((r.fact.id, r.fact.source, r.figure.text) for r in shown),
                    kind=CHANGE if growth else DISAGREEMENT,
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


def reconcile(catalog: Catalog, mapper: Mapper = map) -> Reconciled:
    conflicts, agreeing = find_conflicts(readings(catalog, mapper))
    heads = {head for head, facts in agreeing.items() if facts}
    kept = {head: [(f, why) for f, why in facts if absorbable(f, heads)] for head, facts in agreeing.items()}
    absorbed = {fact.id for facts in kept.values() for fact, _ in facts}
    merged = tuple(
        MergedFact(
            fact,
            tuple(f for f, _ in kept.get(fact.id, ())),
            tuple(why for _, why in kept.get(fact.id, ())),
        )
        for fact in catalog.facts
        if fact.id not in absorbed
    )
    return Reconciled(facts=merged, quotes=merge_quotes(catalog.quotes), conflicts=conflicts)
