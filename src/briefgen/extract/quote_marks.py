"""Quotation marks: which marks open and close a quotation, paired paragraph by paragraph."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from briefgen import lexicon
from briefgen.model import Span as Paragraph
from briefgen.text import find_all

ALNUM = re.compile(r"[^\W_]")  # what str.isalnum accepts, checked for every code point
SINGLE_MARKS = re.compile(r"[’']")
DOUBLE_OPEN = "“«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
QUOTE_CHARS = "“”\"‘’'«»"
OPENS_BEFORE = "([{—–-/"
CLOSES_AFTER = ".,;:!?)]}—–-…"


@dataclass(frozen=True)
class Span:
    """What stands between one pair of quote marks; close is None when it runs on."""

    open: int
    start: int
    end: int
    close: int | None
    paragraph: int
    group: int

    @property
    def outer_end(self) -> int:
        return self.close + 1 if self.close is not None else self.end


def _flanking(text: str, index: int, paragraph: Paragraph) -> tuple[bool, bool]:
    """(opens, closes): whether a mark sits where an opening or a closing mark would."""
    before = text[index - 1] if index > paragraph.start else " "
    after = text[index + 1] if index + 1 < paragraph.end else " "
    opens = not after.isspace() and (before.isspace() or before in OPENS_BEFORE or before in QUOTE_CHARS)
    closes = not before.isspace() and (after.isspace() or after in CLOSES_AFTER or after in QUOTE_CHARS)
    return opens, closes


def _last_single_closer(text: str, paragraph: Paragraph) -> int:
    last = -1
    for match in SINGLE_MARKS.finditer(text, paragraph.start, paragraph.end):
        index = match.start()
        if _flanking(text, index, paragraph) == (False, True):
            last = index
    return last


def _is_possessive_closer(text: str, index: int, last: int) -> bool:
    """students’ demands: a plural possessive, unless no later mark could close the quote."""
    return (
        index < last
        and text[index - 1] == "s"
        and re.match(r"\s[a-z]", text[index + 1 : index + 3]) is not None
    )


def _mark_action(text: str, index: int, paragraph: Paragraph, state: str | None, last_single: int) -> str:
    """What a mark does given the open quote kind: 'open-d', 'open-s', 'close' or 'skip'."""
    mark = text[index]
    if mark in DOUBLE_OPEN or mark in DOUBLE_CLOSE or mark == '"':
        if state == "s":
            return "skip"
        opens, closes = _flanking(text, index, paragraph)
        if state == "d":
            reopen = mark in DOUBLE_OPEN or mark == '"'
            return "open-d" if reopen and opens and not closes else "close"
        if mark in DOUBLE_OPEN or (opens and not closes) or (mark == '"' and not closes):
            return "open-d" if not text[index + 1 : index + 2].isspace() else "skip"
        return "skip"
    if state == "d":
        return "skip"
    between_letters = text[index - 1 : index].isalnum() and text[index + 1 : index + 2].isalpha()
    if between_letters:
        return "skip"  # an apostrophe in a word, as most single marks are: no flanking needed
    opens, closes = _flanking(text, index, paragraph)
    if state == "s":
        if closes and not _is_possessive_closer(text, index, last_single):
            return "close"
        return "skip"
    if mark != SINGLE_CLOSE and opens and not closes and not is_elision(text, index):
        return "open-s"
    return "skip"


def _opens_paragraph(text: str, paragraph: Paragraph, kind: str) -> bool:
    first = text[paragraph.start]
    return first in (DOUBLE_OPEN + '"' if kind == "d" else SINGLE_OPEN + "'")


def find_spans(text: str, found_paragraphs: Sequence[Paragraph]) -> list[Span]:
    """Outer quoted spans, paragraph by paragraph; a quote running on is one span per piece."""
    spans: list[Span] = []
    group = 0
    carried = False
    marks = find_all(text, QUOTE_CHARS)
    for number, paragraph in enumerate(found_paragraphs):
        state: str | None = None
        opened = -1
        last_single: int | None = None  # found when first needed: most paragraphs never ask
        for index in marks[bisect_left(marks, paragraph.start) : bisect_left(marks, paragraph.end)]:
            if state == "s" and last_single is None:
                last_single = _last_single_closer(text, paragraph)
            action = _mark_action(text, index, paragraph, state, -1 if last_single is None else last_single)
            if action.startswith("open"):
                if not (carried and index == paragraph.start):
                    group += 1
                carried = False
                state, opened = action[-1], index
            elif action == "close" and state is not None:
                if ALNUM.search(text, opened + 1, index):
                    spans.append(Span(opened, opened + 1, index, index, number, group))
                state = None
        carried = False
        following = found_paragraphs[number + 1] if number + 1 < len(found_paragraphs) else None
        if state is not None and following is not None and _opens_paragraph(text, following, state):
            if ALNUM.search(text, opened + 1, paragraph.end):
                spans.append(Span(opened, opened + 1, paragraph.end, None, number, group))
            carried = True
    return spans


ELISIONS = lexicon.words("elisions")


def is_elision(text: str, position: int) -> bool:
    """An apostrophe that drops letters at a word's start: ’90s, ’em, rock ’n’ roll."""
    following = text[position + 1 : position + 6]
    if re.match(r"\d\d(?:s\b|\b)", following):
        return True
    word = re.match(r"[A-Za-z]+", following)
    return word is not None and word.group().lower() in ELISIONS
