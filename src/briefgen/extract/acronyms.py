"""Acronyms and their long forms: "long form (SF)", "SF (long form)", and bare uses.

A long form is accepted when the acronym's capitals are the initials of its words in order
(the first word starting with the first letter, the last word carrying the last letter),
so a parenthesis after an unrelated phrase is never taken for a definition.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from briefgen import lexicon
from briefgen.model import Acronym, Document
from briefgen.text import find_all

SHORT_FORM = r"[A-Z][A-Za-z&]{0,3}[A-Z][A-Za-z0-9&]{0,6}"
# Each pattern opens with a literal or a character class, so the scan can skip ahead.
LONG_THEN_SHORT = re.compile(rf"\((?P<short>{SHORT_FORM})\)")
SHORT_BEFORE_PAREN = re.compile(rf"(?P<short>{SHORT_FORM})\s\Z")
PARENTHESIS = re.compile(r"\((?P<long>[^()\r\n]{3,120})\)")
BARE_USE = re.compile(r"(?P<short>[A-Z][A-Z0-9&]{1,5})(?![\w-])")
ROMAN_NUMERAL = re.compile(r"^[IVXLCDM]+$")
# A word of a long form, digits and ampersands included: "G20", "Research & Development".
LONG_FORM_WORD = re.compile(r"[^\W_][\w’'&.-]*")
ACRONYM_MINOR_WORDS = lexicon.wordset("acronym_minor_words")
HYPHENS = re.compile(r"[-–]")
LINE_END = re.compile(r"[\r\n]")
LOWER_PAIR = re.compile(r"[a-z]{2}")
BLANK = re.compile(r"\s*")
DATELINE_DASH = re.compile(r"\s*(?:—|–|-|,)")
CLAUSE_BREAKS = re.compile(r"[.;:!?\r\n“”\"]")


class Word(NamedTuple):
    start: int
    end: int
    initials: str  # the initial of each hyphen-joined part, upper-cased
    minor: bool


def _words(text: str, start: int, end: int) -> list[Word]:
    words = []
    for match in LONG_FORM_WORD.finditer(text, start, end):
        token = match.group().rstrip(".’'")
        initials = "".join(part[0] for part in HYPHENS.split(token) if part).upper()
        words.append(
            Word(match.start(), match.start() + len(token), initials, token.lower() in ACRONYM_MINOR_WORDS)
        )
    return words


def _letters(short: str) -> str:
    return "".join(char for char in short if char.isupper() or char.isdigit())


def initials_match(letters: str, words: list[Word]) -> bool:
    """True when letters spell the words' initials in order, skipping minor and few other words."""
    if not words or len(letters) < 2 or words[0].minor or words[-1].minor:
        return False
    if words[0].initials[0] != letters[0]:
        return False
    remaining = letters[1:]
    matched_words = {0}
    for index, word in enumerate(words[1:], start=1):
        for initial in word.initials:
            if remaining and initial == remaining[0]:
                remaining = remaining[1:]
                matched_words.add(index)
    if remaining:
        return False
    content = [i for i, word in enumerate(words) if not word.minor]
    skipped = [i for i in content if i not in matched_words]
    return len(skipped) <= max(1, len(content) // 3)


def _starts_word(text: str, position: int) -> bool:
    return position == 0 or not (text[position - 1].isalnum() or text[position - 1] in "_-")


def _window_start(text: str, end: int) -> int:
    """Where the clause holding a parenthesis begins: a long form never crosses it."""
    floor = max(0, end - 160)
    breaks = [match.end() for match in CLAUSE_BREAKS.finditer(text, floor, end)]
    return breaks[-1] if breaks else floor


def long_form_before(text: str, paren: int, short: str) -> tuple[int, int] | None:
    """The span of the long form that ends just before the parenthesis at `paren`."""
    letters = _letters(short)
    limit = min(len(letters) + 5, len(letters) * 2 + 2)
    # Words average under twelve characters with their space: no long form starts further back.
    floor = max(_window_start(text, paren), paren - 12 * (limit + 1))
    words = _words(text, floor, paren)
    for first in range(len(words) - 1, max(-1, len(words) - 1 - limit), -1):
        candidate = words[first:]
        if initials_match(letters, candidate):
            return candidate[0].start, candidate[-1].end
    return None


def extract_acronyms(document: Document) -> tuple[Acronym, ...]:
    """Defined acronyms with their long forms, then acronyms used but never defined."""
    text = document.text
    defined: dict[str, Acronym] = {}
    for match in LONG_THEN_SHORT.finditer(text):
        short = match.group("short")
        if short in defined or document.is_boilerplate(match.start(), match.end()):
            continue
        span = long_form_before(text, match.start(), short)
        if span is not None:
            long = text[span[0] : span[1]]
            defined[short] = Acronym(short, long, document.id, span[0], match.end())
    for paren in PARENTHESIS.finditer(text):
        before = SHORT_BEFORE_PAREN.search(text, max(0, paren.start() - 12), paren.start())
        if before is None or not _starts_word(text, before.start()):
            continue
        short, long = before.group("short"), paren.group("long").strip()
        if short in defined or document.is_boilerplate(before.start(), paren.end()):
            continue
        words = _words(text, paren.start("long"), paren.end("long"))
        if initials_match(_letters(short), words):
            defined[short] = Acronym(short, long, document.id, before.start(), paren.end())
    undefined: dict[str, Acronym] = {}
    lines = Lines(text)
    for match in BARE_USE.finditer(text):
        short = match.group("short")
        if not _starts_word(text, match.start()):
            continue
        if short in defined or short in undefined or not is_acronym_use(text, match, lines):
            continue
        if document.is_boilerplate(match.start(), match.end()):
            continue
        undefined[short] = Acronym(short, None, document.id, match.start(), match.end())
    ordered = sorted([*defined.values(), *undefined.values()], key=lambda acronym: acronym.start)
    return tuple(ordered)


def line_breaks(text: str) -> list[int]:
    """Where each match of LINE_END ends, found with str.find when the text holds no "\r"."""
    if "\r" in text:
        return [match.end() for match in LINE_END.finditer(text)]
    return [at + 1 for at in find_all(text, "\n")]


class Lines:
    """The line around a position, and whether it reads as prose, each line judged once:
    a source that is one long line may hold thousands of acronym uses."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *line_breaks(text)]
        self.prose: dict[int, bool] = {}

    def around(self, position: int) -> tuple[int, int]:
        index = bisect_right(self.starts, position) - 1
        following = index + 1
        end = self.starts[following] - 1 if following < len(self.starts) else len(self.text)
        return self.starts[index], end

    def is_prose(self, start: int, end: int) -> bool:
        """A line without two lower-case letters in a row is a shouted headline, not prose."""
        if start not in self.prose:
            self.prose[start] = LOWER_PAIR.search(self.text, start, end) is not None
        return self.prose[start]


def is_acronym_use(text: str, match: re.Match[str], lines: Lines) -> bool:
    """False for Roman numerals, shouted words in headlines and datelines ("ASTANA —")."""
    short = match.group("short")
    if ROMAN_NUMERAL.match(short) or not any(char.isalpha() for char in short):
        return False
    line_start, line_end = lines.around(match.start())
    if not lines.is_prose(line_start, line_end):
        return False
    at_line_start = BLANK.fullmatch(text, line_start, match.start()) is not None
    return not (at_line_start and DATELINE_DASH.match(text, match.end()) and len(short) > 3)
