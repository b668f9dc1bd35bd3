"""Lines, paragraphs, sentences and words of a source text, as offsets: shared by every stage.

Ground floor: what a line, a paragraph, a sentence or a word is is decided here once, so
that the reader of sources, the extractors and reconciliation cut a text the same way.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from briefgen import lexicon
from briefgen.model import Span


def _char_class(predicate_upper: bool) -> str:
    """A regex class of the upper- (or lower-) case letters of the Latin, Greek and Cyrillic blocks."""
    blocks = ((0x41, 0x250), (0x370, 0x530), (0x1E00, 0x1F00))
    ranges: list[str] = []
    for low, high in blocks:
        run: int | None = None
        for code in range(low, high + 1):
            char = chr(code) if code < high else ""
            wanted = bool(char) and (char.isupper() if predicate_upper else char.islower())
            if wanted and run is None:
                run = code
            elif not wanted and run is not None:
                ranges.append(re.escape(chr(run)) + "-" + re.escape(chr(code - 1)))
                run = None
    return "[" + "".join(ranges) + "]"


UPPER = _char_class(True)
LETTER = r"[^\W\d_]"
# A word, with the hyphens, apostrophes and full stops inside it: "vice-president", "U.S.".
WORD = re.compile(rf"{LETTER}+(?:[-’'.]{LETTER}+)*\.?")
LINE = re.compile(r"[^\r\n]+")
# Small words a title-cased name or headline may keep in lower case ("Law of the Sea").
MINOR_WORDS = lexicon.wordset("minor_words")

# Each month's names, full name first: ("January", "Jan"), ..., ("September", "Sept", "Sep").
MONTHS = tuple(tuple(names.split()) for names in lexicon.words("months"))
MONTH_NUMBERS = {name.lower(): number for number, names in enumerate(MONTHS, start=1) for name in names}


@functools.lru_cache(maxsize=4)
def line_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of LINE.finditer(text), found with str.find, which is much faster than a regex scan.

    Cached: the paragraphs and the headlines of one text both need them.
    """
    if "\r" in text:
        return tuple(line.span() for line in LINE.finditer(text))
    spans: list[tuple[int, int]] = []
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        if end < 0:
            end = size
        if end > start:
            spans.append((start, end))
        start = end + 1
    return tuple(spans)


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their offsets, line endings excluded (CRLF and LF alike)."""
    return [Line(start, end, text[start:end]) for start, end in line_spans(text) if text[start:end].strip()]


@functools.lru_cache(maxsize=4)
def paragraphs(text: str) -> tuple[Span, ...]:
    """Each non-blank line, white space trimmed: news copy puts one paragraph on a line."""
    found: list[Span] = []
    for start, end in line_spans(text):
        line = text[start:end]
        first, last = start + len(line) - len(line.lstrip()), start + len(line.rstrip())
        if first < last:
            found.append(Span(first, last))
    return tuple(found)


def is_title_cased(words: Sequence[str]) -> bool:
    """Every word but the small ones starts with a capital or a digit, as names and titles do."""
    significant = False
    for word in words:
        if word.lower() in MINOR_WORDS:
            continue
        if not (word[0].isupper() or word[0].isdigit()):
            return False  # most quotes have a small word early on
        significant = True
    return significant


def headlines(text: str) -> list[tuple[int, int]]:
    """Title-cased lines: in "Expert Discusses Kazakhstan" capitals do not mark names."""
    found: list[tuple[int, int]] = []
    for start, end in line_spans(text):
        line = text[start:end]
        if not line.rstrip().endswith(".") and is_headline(line):
            found.append((start, end))
    return found


def is_headline(line: str) -> bool:
    """At least three words, title-cased; stops at the first small-letter word, as most lines have one."""
    count = 0
    significant = False
    for match in WORD.finditer(line):
        word = match.group()
        count += 1
        if word.lower() in MINOR_WORDS:
            continue
        if not (word[0].isupper() or word[0].isdigit()):
            return False
        significant = True
    return count >= 3 and significant


# Words that end in a full stop without ending the sentence.
ABBREVIATIONS = lexicon.wordset("abbreviations")
VISIBLE = re.compile(r"\S")
# A stop, any closing quote or bracket, then white space and what may open a sentence: a
# capital of any Latin, Greek or Cyrillic letter ("Élysée"), a digit, a bullet.
STOPS = ".!?…"
BOUNDARY = re.compile(rf"[{re.escape(STOPS)}]+[\"”’'»)\]]*(?=\s+[\"“‘'«(\[]?(?:{UPPER}|\d|•))")
BULLET = re.compile(r"\s*(?:[•*\u2022\u25aa\u2013-]|\d+[.)]|[IVX]+\.)\s+")
WORD_BEFORE = re.compile(r"([A-Za-z.]{1,12})$")
# A news dateline opening a paragraph: the city in capitals, perhaps a date or an agency after
# a comma or in brackets, then a dash before the sentence ("KELSBY — The board…", "ASTANA—",
# "PARIS, 3 May (Agency) – "). It is where the story was filed, not part of its first sentence.
DATELINE = re.compile(
    rf"[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){{0,3}}(?:,[^\n.!?—–]{{1,40}}?)?(?: ?\([^)\n]{{1,30}}\))?"
    rf" ?(?:—|–|--|-(?= ))\s*(?=[\"“‘'\[]?(?:{UPPER}|\d))"
)


def _ends_with_abbreviation(text: str, stop: int, floor: int) -> bool:
    """True when the full stop at text[stop] closes an abbreviation or an initial."""
    word = WORD_BEFORE.search(text, max(floor, stop - 12), stop)
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    # A lone capital before the stop is an initial ("K. Tokayev"), not a sentence end.
    return token in ABBREVIATIONS or (len(token) == 1 and word.group(1)[0].isupper())


def _body_start(text: str, paragraph: Span) -> int:
    """Where a paragraph's first sentence starts: after a bullet or list number, or after a
    dateline, if any."""
    bullet = BULLET.match(text, paragraph.start, paragraph.end)
    start = bullet.end() if bullet else paragraph.start
    dateline = DATELINE.match(text, start, paragraph.end)
    return dateline.end() if dateline else start


def sentence_ends(text: str, paragraph: Span) -> Iterator[int]:
    """Where each sentence of a paragraph but the last ends: after its stop and closing marks."""
    for match in boundaries(text, _body_start(text, paragraph), paragraph.end):
        if text[match.start()] == "." and _ends_with_abbreviation(text, match.start(), paragraph.start):
            continue
        yield match.end()


def find_all(text: str, needles: Iterable[str], start: int = 0, end: int | None = None) -> list[int]:
    """Where any of the needles starts in text[start:end], in order, each position once:
    str.find passes over a text far faster than a regex led by a class of characters, which
    is tried at every one."""
    end = len(text) if end is None else end
    found: set[int] = set()
    for needle in needles:
        at = text.find(needle, start, end)
        while at >= 0:
            found.add(at)
            at = text.find(needle, at + 1, end)
    return sorted(found)


def matches_at(
    pattern: re.Pattern[str], text: str, candidates: Iterable[int], end: int | None = None
) -> list[re.Match[str]]:
    """`pattern.finditer(text, ..., end)` where every match starts at one of the candidates
    and none is empty: the pattern tried at those alone, none inside a match already found."""
    end = len(text) if end is None else end
    found: list[re.Match[str]] = []
    position = 0
    for candidate in sorted(candidates):
        if candidate >= position:
            match = pattern.match(text, candidate, end)
            if match is not None:
                found.append(match)
                position = match.end()
    return found


def boundaries(text: str, start: int, end: int) -> list[re.Match[str]]:
    """BOUNDARY.finditer(text, start, end), the pattern tried only at the stops: every match
    starts with one."""
    return matches_at(BOUNDARY, text, find_all(text, STOPS, start, end), end)


def _trimmed(text: str, start: int, end: int) -> Span | None:
    """The span from the first visible character at or after start; end is already trimmed."""
    visible = VISIBLE.search(text, start, end)
    return Span(visible.start(), end) if visible else None


@functools.lru_cache(maxsize=8)
def paragraph_sentence_ends(text: str) -> tuple[tuple[int, ...], ...]:
    """sentence_ends of each of the paragraphs; cached, as the sentences of a text and the
    quotes' clauses both need them."""
    return tuple(tuple(sentence_ends(text, paragraph)) for paragraph in paragraphs(text))


@functools.lru_cache(maxsize=8)
def sentences(text: str) -> tuple[Span, ...]:
    """Sentences within paragraphs, white space trimmed, in text order; cached, as facts and
    references each walk a document's sentences."""
    found: list[Span] = []
    for paragraph, ends in zip(paragraphs(text), paragraph_sentence_ends(text), strict=True):
        start = _body_start(text, paragraph)
        for end in [*ends, paragraph.end]:
            span = _trimmed(text, start, end)
            if span is not None:
                found.append(span)
            start = end
    return tuple(found)


# The characters besides A-Z and a-z that IGNORECASE matches to them ("ſ" to "s", the
# Kelvin sign to "k"); "İ" also lowers to two characters. A text without them matches a
# pattern ignoring case where its lowered text holds the pattern's words.
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


@functools.lru_cache(maxsize=4)
def lowered(text: str) -> str:
    """The text lower-cased with its offsets kept: a letter that lowers to two characters
    ("İ") stays as it is. Cached: figures and time words both look for words in it."""
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    return lower


@dataclass(frozen=True)
class Scan:
    """A pattern's matches in a whole text, found in one pass and looked up by window.

    `within(start, end)` is `pattern.finditer(text, start, end)`: where a match of the whole
    text crosses an edge of the window, that scan is made for the window. It relies on what
    follows `end` not deciding a match that ends before it, which holds for a sentence
    (white space follows it) and patterns whose look-aheads stop at white space.
    """

    pattern: re.Pattern[str]
    text: str
    matches: tuple[re.Match[str], ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, pattern: re.Pattern[str], text: str, parts: Sequence[re.Pattern[str]] = ()) -> Scan:
        """The scan of pattern, or the union of the scans of its parts: patterns led by a
        letter each, which the engine finds far faster than a class, and none of which
        matches where another does. The union is the one scan unless two of its matches
        overlap; then the one scan is made."""
        found = sorted((m for part in parts for m in part.finditer(text)), key=_match_start)
        if not parts or any(a.end() > b.start() for a, b in itertools.pairwise(found)):
            found = list(pattern.finditer(text))
        return cls(pattern, text, tuple(found), tuple(match.start() for match in found))

    @classmethod
    def at(cls, pattern: re.Pattern[str], text: str, candidates: Iterable[int]) -> Scan:
        """The scan of pattern tried only at the candidates: the one scan when every match
        starts at one and none is empty."""
        found = matches_at(pattern, text, candidates)
        return cls(pattern, text, tuple(found), tuple(match.start() for match in found))

    def within(self, start: int, end: int) -> Sequence[re.Match[str]]:
        low = bisect.bisect_left(self.starts, start)
        high = bisect.bisect_left(self.starts, end, low)
        crossed = (low and self.matches[low - 1].end() > start) or (
            high > low and self.matches[high - 1].end() > end
        )
        if crossed:
            return list(self.pattern.finditer(self.text, start, end))
        return self.matches[low:high]


def _match_start(match: re.Match[str]) -> int:
    return match.start()
