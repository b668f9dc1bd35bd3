"""What a figure measures and when, in its source's own words: the noun phrase it quantifies
("$23 billion in foreign direct investment", "a trade turnover of $140 billion", "cargo
transportation along the route exceeded 2.76 million tons") and the period the sentence
gives it ("in 2023", "by 2030", "this year").

A measure is a noun phrase whose last word is a measure noun (lexicon measure_nouns), with
up to three words before it and what it is of ("along the route", "between Kazakhstan and
its neighbours"). It is looked for in three places, in order: right after the figure ("5.1%
economic growth", "60% of the overall GDP"), right before an "of" that leads to it, and as
the subject the figure's verb reports on, a few words before it in the same clause. A
subject that refers back ("it", "this volume") takes the measure of the last figure of the
same unit in its paragraph. A count measures what it counts ("35 meetings on rivers").
A figure none of this finds has no measure: a pack does not guess one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefgen import lexicon
from briefgen.model import Fact, Figure, Span
from briefgen.text import MONTH_NUMBERS

MEASURE_NOUNS = frozenset(word.lower() for word in lexicon.words("measure_nouns"))
CHANGE_NOUNS = lexicon.wordset("change_nouns")
PREPOSITIONS = lexicon.wordset("measure_prepositions")
STOPS = lexicon.wordset("measure_stops")
PRONOUNS = lexicon.wordset("measure_references")
DEMONSTRATIVES = lexicon.wordset("demonstratives")
SUBJECT_PRONOUNS = lexicon.wordset("subject_pronouns")
BASELINE = re.compile(
    rf"\b(?:{'|'.join(re.escape(words) for words in lexicon.words('baseline_words'))})\s*$", re.IGNORECASE
)
# "since 2011": a figure whose own words make it a baseline.
BASELINE_OPENING = re.compile(
    rf"(?:{'|'.join(re.escape(words) for words in lexicon.words('baseline_words'))})\s", re.IGNORECASE
)
# "From its establishment in 2001, ...": a clause that opens on a baseline word is history.
BASELINE_CLAUSE = re.compile(r"(?:^|[,;:]\s*)(?:from|since)\b[^,;:]*$", re.IGNORECASE)
DIFFERENCE = re.compile(
    rf"\b(?:{'|'.join(re.escape(words) for words in lexicon.words('difference_words'))})\s+$", re.IGNORECASE
)
TARGETS = lexicon.wordset("target_qualifiers")
# A deadline ("by 2026") dates the figure it follows closely, not one a clause away ("a
# £48 million plan aimed at clearing the backlog by 2026").
TARGET_REACH_WORDS = 3
PERIOD_KINDS = frozenset({"year", "date", "range"})
VERB_FORMS = frozenset(form for _, forms in lexicon.table("irregular_verbs") for form in forms.split())
NOT_MODIFIERS = lexicon.wordset("function_words") | lexicon.wordset("prepositions") | STOPS | VERB_FORMS
# "a recovery plan on Thursday", "growth in May": a time, not what the measure is of.
TIME_WORDS = lexicon.wordset("weekdays") | frozenset(MONTH_NUMBERS)
DURATIONS = frozenset(word.lower() for word in lexicon.words("durations"))
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "our", "his", "her", "all"})
# "$23 billion in foreign direct investment", "60% of the overall GDP".
AFTER_FIGURE = frozenset({"of", "in"})
TOKEN = re.compile(r"\w(?:[\w’'-]*\w)?|[^\w\s]")
MODIFIERS_BEFORE_HEAD = 3
TAIL_WORDS = 8
# How far before its figure a subject may stand: "it is expected to grow further to".
GAP_WORDS = 6
CONJUNCTIONS = frozenset({"and", "or", "but"})
# A comma a measure may stand before: "mutual trade between the countries, which exceeded".
RELATIVE = frozenset({"which"})


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    in_figure: bool

    @property
    def word(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()


def tokens(text: str, fact: Fact) -> list[Token]:
    inside = [(figure.start, figure.end) for figure in fact.figures]
    found = []
    for match in TOKEN.finditer(text, fact.start, fact.end):
        numeric = match.group()[0].isdigit() or any(a <= match.start() < b for a, b in inside)
        found.append(Token(match.start(), match.end(), match.group(), numeric))
    return found


def is_head(token: Token) -> bool:
    """A measure noun, singular or plural, that names no change."""
    word = token.word
    if not token.is_word or token.in_figure or word in CHANGE_NOUNS:
        return False
    forms = {word, word.removesuffix("s"), word.removesuffix("es"), word.removesuffix("ies") + "y"}
    return bool(forms & MEASURE_NOUNS)


def is_modifier(token: Token) -> bool:
    word = token.word
    return (
        token.is_word
        and not token.in_figure
        and word not in NOT_MODIFIERS
        and not word.endswith(("ed", "ly"))
    )


def tail_end(found: Sequence[Token], head: int) -> int:
    """The index of the last word of what the head is of ("along this route"), or the head's."""
    if head + 1 >= len(found) or found[head + 1].word not in PREPOSITIONS:
        return head
    last = head
    for index in range(head + 1, len(found)):
        token, before = found[index], found[index - 1]
        if not token.is_word or token.in_figure or token.word in STOPS or index - head > TAIL_WORDS:
            break
        following = found[index + 1] if index + 1 < len(found) else None
        if token.word in PREPOSITIONS and (
            following is None
            or following.in_figure
            or not following.is_word
            or following.word in PREPOSITIONS
            or following.word in TIME_WORDS
        ):
            break  # "growth in 2023": a period, not what the growth is of; "along with" joins
        if token.word.endswith(("ing", "ed")) and before.word not in DETERMINERS:
            break  # "members growing by": a verb begins
        if token.word in CONJUNCTIONS and (
            following is None
            or not following.is_word
            or following.word in STOPS
            or following.word.endswith(("ing", "ed"))
        ):
            break
        if token.word not in NOT_MODIFIERS:
            last = index
    return last


def phrase_start(found: Sequence[Token], head: int) -> int:
    start = head
    while start > 0 and head - start < MODIFIERS_BEFORE_HEAD and is_modifier(found[start - 1]):
        if start > 1 and found[start - 2].word in SUBJECT_PRONOUNS:
            break  # "It saw trade": the word after a pronoun is its verb
        start -= 1
    return start


@dataclass(frozen=True)
class Found:
    """Where a figure's measure stands, or that its subject refers back to an earlier one."""

    span: Span | None
    refers_back: bool = False


def after_figure(found: Sequence[Token], first: int) -> Found | None:
    """ "5.1% economic growth", "$23 billion in foreign direct investment"."""
    index = first
    if index < len(found) and found[index].word in AFTER_FIGURE:
        index += 1
    if index < len(found) and found[index].word in DETERMINERS:
        index += 1
    start = index
    while index < len(found) and index - start <= MODIFIERS_BEFORE_HEAD and is_modifier(found[index]):
        if is_head(found[index]) and not (index + 1 < len(found) and is_modifier(found[index + 1])):
            return Found(Span(found[start].start, found[tail_end(found, index)].end))
        index += 1
    return None


def before_figure(found: Sequence[Token], last: int) -> Found | None:
    """ "a trade turnover of $140 billion", or the subject a few words before the figure:
    "cargo transportation along this route exceeded", "trade ... growing by"."""
    if last >= 1 and found[last].word == "of" and is_head(found[last - 1]):
        return Found(Span(found[phrase_start(found, last - 1)].start, found[last - 1].end))
    gap = 0
    for index in range(last, -1, -1):
        token = found[index]
        if token.in_figure:
            return None
        if not token.is_word:
            if token.text == "," and index + 1 <= last and found[index + 1].word in RELATIVE:
                continue
            return None
        if token.word in PRONOUNS:
            return Found(None, refers_back=True) if gap <= GAP_WORDS else None
        if is_head(token):
            end = tail_end(found, index)
            between = found[end + 1 : last + 1]
            words = [t for t in between if t.is_word]
            if end < last and (len(words) > GAP_WORDS or any(t.word in CONJUNCTIONS for t in words)):
                return None
            start = phrase_start(found, index)
            if start > 0 and found[start - 1].word in DEMONSTRATIVES:
                return Found(None, refers_back=True)
            return Found(Span(found[start].start, found[end].end))
        gap += 1
    return None


def own_measure(text: str, fact: Fact, figure: Figure) -> Found | None:
    found = tokens(text, fact)
    counted = figure.kind == "count" and figure.unit and figure.unit.lower() not in DURATIONS
    # "shrink by a further 1,500 patients" counts a change in something the words before say.
    if counted and not DIFFERENCE.search(text, max(fact.start, figure.start - 20), figure.start):
        head = next((i for i, t in enumerate(found) if t.start >= figure.start and t.end == figure.end), None)
        if head is not None:
            return Found(Span(found[head].start, found[tail_end(found, head)].end))
    first = next((i for i, t in enumerate(found) if t.start >= figure.end), len(found))
    last = max((i for i, t in enumerate(found) if t.end <= figure.start), default=-1)
    return after_figure(found, first) or (before_figure(found, last) if last >= 0 else None)


def same_paragraph(text: str, start: int, end: int) -> bool:
    return "\n" not in text[start:end]


def measures_of(text: str, facts: Iterable[Fact]) -> dict[tuple[str, int], Span]:
    """Each amount's measure, keyed by (fact id, figure start): facts of one source, in order."""
    measured: dict[tuple[str, int], Span] = {}
    last_of_unit: dict[str, tuple[int, Span]] = {}
    for fact in facts:
        for figure in fact.figures:
            if not figure.is_amount:
                continue
            found = own_measure(text, fact, figure)
            span = found.span if found else None
            if found is not None and found.refers_back and figure.unit in last_of_unit:
                where, earlier = last_of_unit[figure.unit]
                span = earlier if same_paragraph(text, where, figure.start) else None
            if span is not None:
                measured[(fact.id, figure.start)] = span
                last_of_unit[figure.unit or ""] = (figure.end, span)
    return measured


def within_reach(text: str, figure: Figure, period: Figure) -> bool:
    """A deadline ("by 2030") dates only a figure a few words before it."""
    if period.qualifier not in TARGETS:
        return True
    return figure.end <= period.start and len(text[figure.end : period.start].split()) <= TARGET_REACH_WORDS


def as_of(text: str, fact: Fact, figure: Figure) -> Span | None:
    """The period a figure is given for: the first year, date or relative time word with a
    date inserted ("this year [2024]") after it in its sentence ("in 2023"), else the last
    before it ("In 2024, ..."); never a baseline ("compared to 2022", "than in 2021")."""
    periods = [
        Span(other.start, other.end)
        for other in fact.figures
        if other.kind in PERIOD_KINDS and other is not figure and within_reach(text, figure, other)
    ]
    periods.extend(Span(i.start, i.end) for i in fact.resolution.insertions if i.kind == "date")
    periods = [
        period
        for period in periods
        if not BASELINE.search(text, fact.start, period.start)
        and not BASELINE_OPENING.match(text, period.start, period.end)
        and not BASELINE_CLAUSE.search(text[fact.start : period.start])
    ]
    after = sorted((p for p in periods if p.start >= figure.end), key=lambda p: p.start)
    if after and ";" not in text[figure.end : after[0].start]:
        return after[0]
    before = sorted((p for p in periods if p.end <= figure.start), key=lambda p: p.start)
    return before[-1] if before else None
