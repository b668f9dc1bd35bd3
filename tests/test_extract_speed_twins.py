"""Extraction's one-scan-per-document paths give what the per-sentence rules they replace give.

The per-sentence rules are written out here as the reference; the properties compare the
two on generated text and on the seeds.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.extract.acronyms import LINE_END, line_breaks
from briefgen.extract.entities import (
    ACRONYM,
    COUNTRY_KIND,
    HEAD_AFTER_SPACE,
    ORGANISATION,
    SPACED_OF,
    Entity,
    heads_after_space,
    in_subject_place,
    sentence_entity,
    spaced_ofs,
)
from briefgen.extract.facts import DECISION, DECISION_VERBS, decision_matches
from briefgen.extract.figures import (
    _ANCHOR_WORDS,
    DIGITS,
    DISPUTING,
    DISPUTING_WORDS,
    anchors,
    disputing,
)
from briefgen.extract.mentions import _index, build_index
from briefgen.extract.quote_marks import QUOTE_CHARS
from briefgen.extract.reference_words import (
    MID_DEMONSTRATIVE,
    MID_PRONOUN,
    MID_PRONOUN_PARTS,
    MID_THE,
    TIME_WORD,
    TIME_WORD_PARTS,
    time_scan,
)
from briefgen.extract.references import _opening
from briefgen.text import BOUNDARY, Scan, boundaries, find_all, sentences

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
SENTENCE_PATTERNS = (MID_DEMONSTRATIVE, MID_THE, MID_PRONOUN, TIME_WORD)
PARTS = {MID_PRONOUN: MID_PRONOUN_PARTS, TIME_WORD: TIME_WORD_PARTS}
PIECES = (
    *("this", "that", "the", "The", "It", "it", "He", "he", "she", "She", "its", "this year", "SCO"),
    *("route", "country", "countries", "summit", "initiative", "organisation", "of", "for", "Astana"),
    *("today", "Tomorrow", "next week", "last", "year", "month", "Mr.", "U.S.", "K.", "e.g.", "2024"),
    *(" ", " ", " ", "  ", "\u00a0", ".", ". ", "! ", "? ", "…", ",", "-", "’", "'", "“", "”", '"', "("),
    *(")", "\n", "\n\n", " \n", "\t", "• ", "1. ", "ASTANA — ", "said", "was", "is", "will"),
)
texts = st.lists(st.sampled_from(PIECES), max_size=60).map("".join) | st.text(
    alphabet=st.sampled_from("thisaec ountryodwk.!?\n \u00a0-’'“”TIHS"), max_size=120
)


def found(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


def windows(text: str) -> list[tuple[int, int]]:
    """Each sentence, and each from its opening words: the windows the resolver scans."""
    spans = sentences(text)
    return [(s.start, s.end) for s in spans] + [(_opening(text, s.start, s.end), s.end) for s in spans]


def assert_scans_match(pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]]) -> None:
    scan = Scan.of(pattern, text, PARTS.get(pattern, ()))
    assert found(scan.matches) == found(pattern.finditer(text))
    for start, end in spans:
        assert found(scan.within(start, end)) == found(pattern.finditer(text, start, end))


@settings(max_examples=500, deadline=None)
@given(texts)
def test_a_sentences_matches_from_one_scan_are_those_of_scanning_the_sentence(text: str) -> None:
    for pattern in SENTENCE_PATTERNS:
        assert_scans_match(pattern, text, windows(text))


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_a_scan_falls_back_where_a_match_crosses_the_window(text: str, data) -> None:
    """Any window at all: where a match crosses its edge, the window is scanned afresh."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for pattern in (re.compile(r"[a-z]+ [a-z]+"), re.compile(r"th\w*")):
        assert_scans_match(pattern, text, [(start, end)])


def test_the_seeds_sentences_match_from_one_scan() -> None:
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        for pattern in SENTENCE_PATTERNS:
            assert_scans_match(pattern, text, windows(text))


decision_texts = st.lists(
    st.sampled_from(
        (
            *sorted(DECISION_VERBS)[:12],
            "signed",
            "adopted",
            "to ",
            "to",
            "o ",
            " ",
            "-",
            "’",
            "x",
            "\n",
            ".",
            "called  for",
            "called\nfor",
            "(",
            "A",
        )
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(decision_texts, st.data())
def test_decisions_found_after_the_character_before_them_are_the_patterns_matches(text, data) -> None:
    low = data.draw(st.integers(0, len(text)))
    high = data.draw(st.integers(low, len(text)))
    expected = [(m.start(), m.end(), m.group("verb")) for m in DECISION.finditer(text, low, high)]
    assert list(decision_matches(text, low, high)) == expected


PEOPLE_PIECES = (
    *("Jo Lee", "Lee", "Ann Poe", "Poe", "Minister", "the minister", "President", "Dr", "said", "says"),
    *("He", "she", "and", "met", "the", "of", "SCO", "Monday", "“", "”", ",", ".", " ", " ", "\n"),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PEOPLE_PIECES), max_size=40).map(" ".join), st.data())
def test_an_index_kept_for_what_other_spans_hide_is_the_one_built_afresh(text: str, data) -> None:
    """Quotes and references block different spans; an index cached under the names and
    role phrases one of them leaves is the index the other would build."""
    blocked = []
    for _ in range(3):
        cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=4, unique=True)))
        blocked.append(list(zip(cuts[::2], cuts[1::2], strict=False)))
    kept = [build_index(text, inside) for inside in blocked]
    for inside, index in zip(blocked, kept, strict=True):
        _index.cache_clear()
        assert build_index(text, inside) == index


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(("of", "o", "f", " ", "\u00a0", "x", "\n", "oof")), max_size=30).map("".join))
def test_spaced_ofs_found_with_find_are_the_patterns_matches(text: str) -> None:
    assert spaced_ofs(text) == [match.start() for match in SPACED_OF.finditer(text)]


def anchors_reference(text: str, start: int, end: int) -> list[int]:
    """Each anchor word searched for on its own: the rule as first written."""
    found = [match.start() for match in DIGITS.finditer(text, start, end)]
    lower = text.lower()
    for word in _ANCHOR_WORDS:
        position = lower.find(word, start, end)
        while position >= 0:
            before = position == 0 or not lower[position - 1].isalnum()
            after = position + len(word) == len(lower) or not lower[position + len(word)].isalnum()
            if before and after:
                found.append(position)
            position = lower.find(word, position + 1, end)
    return sorted(found)


ANCHOR_PIECES = ("seven", "seventy", "teen", "ty", "six", "ten", "th", "s", "Four", "TEN", "-", " ", "1", "x")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(ANCHOR_PIECES), max_size=20).map("".join), st.data())
def test_anchor_words_found_under_their_shortest_prefix_are_those_found_one_by_one(text, data) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert anchors(text, start, end) == anchors_reference(text, start, end)


def sentence_entity_reference(
    text: str, found: tuple[Entity, ...], start: int, end: int
) -> tuple[object, bool]:
    """Each kind listed in full, then the first of the first kind found: the rule as first written."""
    inside = [e for e in found if start <= e.bare_start < end and not e.head]
    by_acronym = [e for e in inside if e.kind == ORGANISATION and ACRONYM.fullmatch(e.key)]
    named = [e for e in inside if e.kind == ORGANISATION]
    events = [e for e in inside if e.kind == "event"]
    countries = [e for e in inside if e.kind == COUNTRY_KIND and in_subject_place(text, e)]
    chosen = by_acronym or named or events
    if chosen:
        return chosen[0].key, True
    return (countries[0].key, False) if countries else (None, False)


ENTITY_TEXT = "Kazakhstan’s SCO said the Summit of Turkic States accounts for Chad, which will host it."
entities_drawn = st.lists(
    st.builds(
        lambda start, size, key, kind, head, name_start: Entity(
            start, start + size, key, kind, head, name_start
        ),
        st.integers(0, len(ENTITY_TEXT) - 1),
        st.integers(1, 12),
        st.sampled_from(("SCO", "UN", "Shanghai Cooperation Organisation", "Chad", "Kazakhstan", "summit")),
        st.sampled_from((ORGANISATION, "event", COUNTRY_KIND, "route", "place")),
        st.sampled_from(("", "", "summit")),
        st.sampled_from((-1, -1, 3, 40)),
    ),
    max_size=8,
).map(lambda found: tuple(sorted(found, key=lambda e: e.start)))


@settings(max_examples=500, deadline=None)
@given(entities_drawn, st.integers(0, len(ENTITY_TEXT)), st.integers(0, len(ENTITY_TEXT)))
def test_a_sentences_entity_read_in_one_pass_is_the_rule_as_first_written(found, start, end) -> None:
    assert sentence_entity(ENTITY_TEXT, found, start, end) == sentence_entity_reference(
        ENTITY_TEXT, found, start, end
    )


dispute_texts = st.lists(
    st.sampled_from(
        (
            *DISPUTING_WORDS,
            *("FALSELY", "Denied That", "falsely claim", "den", "undenied", "denied_", "the", "42"),
            *(" ", "  ", "\n", ".", ",", "-", "’", "x", "\u0130", "\u0131", "\u017f", "\u212a", "é"),
        )
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(dispute_texts, st.data())
def test_disputing_words_found_from_their_lowered_starts_are_the_patterns_matches(text, data) -> None:
    low = data.draw(st.integers(0, len(text)))
    high = data.draw(st.integers(low, len(text)))
    assert found(disputing(text, low, high)) == found(DISPUTING.finditer(text, low, high))


BOUNDARY_PIECES = (
    *(".", "..", "…", "!", "?", "?!", "”", "’", "'", '"', ")", "]", "»", " ", "  ", "\n", "\t"),
    *("“", "‘", "«", "(", "[", "•", "The", "É", "é", "Ω", "3", "a", "Mr", "U.S", "etc"),
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(BOUNDARY_PIECES), max_size=40).map("".join), st.data())
def test_boundaries_tried_at_the_stops_are_the_patterns_matches(text: str, data) -> None:
    low = data.draw(st.integers(0, len(text)))
    high = data.draw(st.integers(low, len(text)))
    assert found(boundaries(text, low, high)) == found(BOUNDARY.finditer(text, low, high))


HEAD_PIECES = (
    *("summit", "council", "plan", "state", "statement", "games", "route", "of", "the", "Astana"),
    *(" ", " ", "\u00a0", "\u00a0\u00a0", "’", "'", "-", "s", "x", ".", "\n", "é"),
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(HEAD_PIECES), max_size=40).map("".join))
def test_heads_after_space_found_by_each_space_are_the_patterns_matches(text: str) -> None:
    assert heads_after_space(text) == [match.start() + 1 for match in HEAD_AFTER_SPACE.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n\r\u2028\x0b"), max_size=40))
def test_line_breaks_found_with_find_are_the_patterns_matches(text: str) -> None:
    assert line_breaks(text) == [match.end() for match in LINE_END.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("“”\"‘’'«»a \n‚„"), max_size=40))
def test_quote_marks_found_with_find_are_those_of_their_class(text: str) -> None:
    assert find_all(text, QUOTE_CHARS) == [match.start() for match in re.finditer(r"[“”\"‘’'«»]", text)]


time_texts = st.lists(
    st.sampled_from(
        (
            *("today", "TODAY", "toDay", "Tomorrow", "yesterday", "this", "This", "last", "NEXT", "next"),
            *("week", "Month", "year", "years", "wee\u212a", "thi\u017f", "th\u0131s", "\u0130", "x"),
            *(" ", "  ", "\n", "\u00a0", ".", "-", "’", "'s", "’s"),
        )
    ),
    max_size=30,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(time_texts | texts)
def test_time_words_tried_where_the_lowered_text_starts_one_are_the_patterns_matches(text: str) -> None:
    assert found(time_scan(text).matches) == found(TIME_WORD.finditer(text))
