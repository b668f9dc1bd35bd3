"""Fast look-ups in dates and references give the answers of the simple rules they replace.

The simple rules are written out here as the reference; the properties compare the two on
generated text where the fast paths matter: repeated events, many dates, many references.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.extract.entities import (
    ACRONYM,
    BODY_NOUNS,
    COUNTRIES,
    COUNTRY,
    HEAD_OF,
    NAMED_HEAD,
    OWNED,
    REFERENCE_NOUNS,
    _body_kind,
    _trimmed,
    opens_line,
    phrase_matches,
)
from briefgen.extract.names import (
    _LONE,
    PERSONAL_PRONOUN,
    _may_be_titled_or_speaking,
    _read_name,
    _run_kind,
    _union,
    name_matches,
    name_runs,
    register,
)
from briefgen.extract.reference_words import (
    _S,
    MID_DEMONSTRATIVE,
    MID_HEADS,
    MID_PRONOUN,
    MID_THE,
    RELATIVE_TIMES,
    TIME_WORD,
)
from briefgen.extract.references import DocumentReferences
from briefgen.extract.verbs import led_trie_pattern, trie_pattern
from briefgen.model import Insertion, Span
from briefgen.sources.dates import DAY_OF_MONTH, RELATIVE, RELATIVE_DAYS, relative_date, writing_year
from briefgen.text import MONTH_NUMBERS, headlines


def relative_date_reference(text: str) -> dt.date | None:
    """Every "the EVENT tomorrow" searches the whole text for its event, reading the text's
    years for each anchor: the rule as first written."""
    for relative in RELATIVE.finditer(text):
        event = relative.group("event").lower()
        anchor = re.compile(rf"\b{event}\s+(?:(?:is\s+|will\s+be\s+)?(?:held\s+)?on\s+)?", re.IGNORECASE)
        for match in anchor.finditer(text):
            day = DAY_OF_MONTH.match(text, match.end())
            year = int(day.group("year")) if day and day.group("year") else writing_year(text)
            if day is None or year is None:
                continue
            try:
                event_day = dt.date(year, MONTH_NUMBERS[day.group("month").lower()], int(day.group("day")))
            except ValueError:
                continue
            return event_day + dt.timedelta(days=RELATIVE_DAYS[relative.group("when").lower()])
    return None


DATE_PIECES = (
    *("the", "The", "summit", "hall", "vote", "session", "is", "will be", "held", "on", "by", "until"),
    *("tomorrow", "today", "yesterday", "tonight", "Tomorrow", "July", "June", "Feb.", "May", "March"),
    *("3", "31", "29", "30", "2024", "2023", "2030", "1999", ",", ".", "-", "–", "\n", " ", "  "),
)
dated_texts = st.lists(st.sampled_from(DATE_PIECES), max_size=50).map(" ".join) | st.text(
    alphabet=st.sampled_from("thesumiony 0123456789JulFbMar,.-\n"), max_size=120
)


@settings(max_examples=400, deadline=None)
@given(dated_texts)
def test_relative_date_is_the_simple_rule(text: str) -> None:
    assert relative_date(text) == relative_date_reference(text)


def resolution_reference(references: DocumentReferences, start: int, end: int) -> tuple[object, ...]:
    """Every insertion and unresolved reference tested against the item's span."""
    inside = tuple(i for i in references.insertions if start <= i.start and i.end <= end)
    loose = tuple(s for s in references.unresolved if start <= s.start and s.end <= end)
    return inside, loose


spans = st.tuples(st.integers(0, 60), st.integers(0, 8)).map(lambda p: (p[0], p[0] + p[1]))


@settings(max_examples=400, deadline=None)
@given(st.lists(spans, max_size=20), st.lists(spans, max_size=20), spans)
def test_an_items_references_are_those_inside_its_span(inserted, loose, item) -> None:
    references = DocumentReferences(
        tuple(sorted((Insertion(a, b, "x", "date") for a, b in inserted), key=lambda i: i.start)),
        tuple(sorted({Span(a, b) for a, b in loose}, key=lambda s: s.start)),
        ((0, 30, "SCO", "sentence"), (30, 70, "Kazakhstan", "sentence")),
    )
    found = references.resolution(*item)
    assert (found.insertions, found.unresolved) == resolution_reference(references, *item)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \t\n\r\u00a0\u2028"), max_size=40), st.data())
def test_a_position_opens_its_line_when_only_space_stands_before_it(text: str, data) -> None:
    position = data.draw(st.integers(0, len(text)))
    line_start = text.rfind("\n", 0, position) + 1
    assert opens_line(text, position) == (not text[line_start:position].strip())


run_words = st.lists(
    st.sampled_from(
        ("The", "Council", "of", "Heads", "Agency", "Kazakhstan", "Union", "Monday", "July", "for")
    ),
    min_size=1,
    max_size=6,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(run_words)
def test_a_name_without_a_body_noun_is_no_body_once_trimmed(run: str) -> None:
    """entities() passes over such runs without trimming them: trimming cannot add one."""
    if not any(word.lower() in BODY_NOUNS for word in run.split()):
        trimmed = _trimmed(run, 0, len(run))
        assert trimmed is None or _body_kind(trimmed[2]) is None


PHRASE_PIECES = (
    *("summit", "council", "plan", "state", "route", "subcommittee", "Summit", "statement"),
    *("of", "the", "The", "12th", "1st", "’s", "'s", "s’", "new", "Astana", "Council", "Yz", "xYz"),
    *("O’Neil", "Nurses'", "Trans-Caspian", "-", ",", ".", "(", "\n", " ", " ", " ", "\u00a0", "é"),
)
phrase_texts = st.lists(st.sampled_from(PHRASE_PIECES), max_size=40).map("".join)


@settings(max_examples=600, deadline=None)
@given(phrase_texts)
def test_phrases_found_from_their_head_nouns_are_those_the_patterns_find(text: str) -> None:
    """The rule as first written: each phrase pattern tried at every position."""
    everywhere = [
        (pattern, match.span(), match.groupdict())
        for pattern in (OWNED, HEAD_OF, NAMED_HEAD)
        for match in pattern.finditer(text)
    ]
    found = [(pattern, match.span(), match.groupdict()) for pattern, match in phrase_matches(text)]
    assert found == everywhere


def name_matches_reference(text: str, inside: list[tuple[int, int]]) -> list[object]:
    """Every run read afresh for each set of blocked spans: the rule as first written."""
    blocked_starts, blocked_ends = _union(inside, headlines(text))
    slots: list[object] = []
    for match in name_runs(text):
        kind = _run_kind(match.group())
        if not kind:
            continue
        block = bisect.bisect_right(blocked_starts, match.start()) - 1
        if block >= 0 and match.start() < blocked_ends[block]:
            continue
        slots.append(match if kind == _LONE else _read_name(text, match))
    _, surnames = register([slot for slot in slots if slot is not None and not isinstance(slot, re.Match)])
    found = []
    for slot in slots:
        if isinstance(slot, re.Match):
            if slot.group() not in surnames and not _may_be_titled_or_speaking(text, slot):
                continue
            slot = _read_name(text, slot)
        if slot is not None:
            found.append(slot)
    return found


NAME_PIECES = (
    *("Jo Lee", "Lee", "Ann Poe", "Poe", "Minister", "President", "Dr", "Sen.", "said", "says", "told"),
    *(
        "Later",
        "and",
        "met",
        "the",
        "of",
        "SCO",
        "Kazakhstan",
        "Monday",
        "“",
        "”",
        ",",
        ".",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
    ),
)
named_texts = st.lists(st.sampled_from(NAME_PIECES), max_size=40).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(named_texts, st.data())
def test_names_read_once_per_text_are_those_read_afresh(text: str, data) -> None:
    """A text's runs are read once and kept while callers block different quotation spans."""
    for _ in range(2):
        cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=4, unique=True)))
        inside = list(zip(cuts[::2], cuts[1::2], strict=False))
        assert name_matches(text, inside) == name_matches_reference(text, inside)


# The patterns as first written, each opening with its look-behind.
LOOK_BEHIND_FIRST = {
    ACRONYM: r"(?<![\w’'-])[A-Z][A-Z0-9]{1,6}(?!\w)(?![’'](?!s\b))",
    MID_DEMONSTRATIVE: rf"(?<![\w’'-])(?P<ref>(?:this|that){_S}(?P<words>(?:[a-z][\w-]*{_S}){{0,2}}?)"
    rf"(?P<head>{trie_pattern(frozenset(REFERENCE_NOUNS))}))(?![\w’'-]*\w)",
    MID_THE: rf"(?<![\w’'-])(?P<ref>the{_S}(?P<head>{trie_pattern(frozenset(MID_HEADS))}))(?![\w-])"
    rf"(?!{_S}(?:of|for)\b)(?!{_S}[A-Z])",
    MID_PRONOUN: r"(?<![\w’'-])(?P<ref>it|he|she)(?![\w’'-])",
    TIME_WORD: rf"(?<![\w’'-])(?i:{trie_pattern(frozenset(RELATIVE_TIMES))})(?![\w’'-])",
    COUNTRY: rf"(?<![\w-])(?:{trie_pattern(frozenset(COUNTRIES))})(?![\w-])",
    PERSONAL_PRONOUN: r"(?<![\w’'-])(?:[Hh]e|[Ss]he|[Hh]im|[Hh]is|[Hh]imself|[Hh]erself)(?![\w’'-])",
}
LOOK_BEHIND_PIECES = (
    *("this", "that", "the", "The", "it", "he", "she", "he’s", "its", "SCO", "UN", "USA’s", "X"),
    *("route", "country", "summit", "new", "of", "Astana", "-", "’", "'", "_", "9", " ", "\u00a0", "."),
    *("today", "Tomorrow", "YESTERDAY", "toDay", "last", "Next", "year", "month", "week", "\n", "t", "y"),
    *("Niger", "ia", "Nigeria", "Kazakhstan", "Bosnia and Herzegovina", "Chad", "-", "o"),
    *("him", "His", "himself", "Herself", "She", "her", "H", "s"),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LOOK_BEHIND_PIECES), max_size=30).map("".join), st.data())
def test_patterns_that_look_behind_after_their_first_letters_match_as_first_written(text, data) -> None:
    low = data.draw(st.integers(0, len(text)))
    high = data.draw(st.integers(low, len(text)))
    for pattern, first in LOOK_BEHIND_FIRST.items():
        written = re.compile(first)
        assert [(m.span(), m.groupdict()) for m in pattern.finditer(text, low, high)] == [
            (m.span(), m.groupdict()) for m in written.finditer(text, low, high)
        ]


LED_WORDS = st.lists(
    st.text(alphabet=st.sampled_from("abcA -"), min_size=1, max_size=5).filter(lambda w: w[0] != " "),
    min_size=1,
    max_size=6,
)
LOOK_BEHINDS = st.lists(st.sampled_from((r"[\w’'-]", r"[\w-]", "to ", "a", r"\s")), min_size=1, max_size=2)


@settings(max_examples=400, deadline=None)
@given(LED_WORDS, LOOK_BEHINDS, st.text(alphabet=st.sampled_from("abcAto -’\n"), max_size=40))
def test_a_trie_that_looks_behind_after_its_first_letters_matches_as_one_that_looks_first(
    words, behinds, text
) -> None:
    led = re.compile(led_trie_pattern(words, *behinds) + r"(?![\w-])")
    first = re.compile("".join(f"(?<!{b})" for b in behinds) + f"(?:{trie_pattern(words)})" + r"(?![\w-])")
    assert [m.span() for m in led.finditer(text)] == [m.span() for m in first.finditer(text)]
