"""Sentence boundaries in news text, as offsets: the unit a fact is cited by."""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefgen import lexicon
from briefgen.model import Span

ABBREVIATIONS = lexicon.wordset("abbreviations")
# A line from its first to its last visible character: a paragraph, already trimmed.
PARAGRAPH = re.compile(r"\S(?:[^\r\n]*\S)?")
VISIBLE = re.compile(r"\S")
# A stop, any closing quote or bracket, then white space and what may open a sentence.
BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9•])")
BULLET = re.compile(r"\s*(?:[•*\u2022\u25aa\u2013-]|\d+[.)]|[IVX]+\.)\s+")


WORD_BEFORE = re.compile(r"([A-Za-z.]{1,12})$")


def _ends_with_abbreviation(text: str, stop: int, floor: int) -> bool:
    """True when the full stop at text[stop] closes an abbreviation or an initial."""
    word = WORD_BEFORE.search(text, max(floor, stop - 12), stop)
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    # A lone capital before the stop is an initial ("K. Tokayev"), not a sentence end.
    return token in ABBREVIATIONS or (len(token) == 1 and word.group(1)[0].isupper())


def _trimmed(text: str, start: int, end: int) -> Span | None:
    """The span from the first visible character at or after start; end is already trimmed."""
    visible = VISIBLE.search(text, start, end)
    return Span(visible.start(), end) if visible else None


def paragraphs(text: str) -> Iterator[Span]:
    """Each non-blank line: news copy puts one paragraph on a line."""
    for match in PARAGRAPH.finditer(text):
        yield Span(match.start(), match.end())


def sentences(text: str) -> Iterator[Span]:
    """Sentences within paragraphs, white space trimmed, in text order."""
    for paragraph in paragraphs(text):
        start = paragraph.start
        bullet = BULLET.match(text, paragraph.start, paragraph.end)
        if bullet:
            start = bullet.end()
        for match in BOUNDARY.finditer(text, start, paragraph.end):
            if text[match.start()] == "." and _ends_with_abbreviation(text, match.start(), paragraph.start):
                continue
            span = _trimmed(text, start, match.end())
            if span is not None:
                yield span
            start = match.end()
        span = _trimmed(text, start, paragraph.end)
        if span is not None:
            yield span
