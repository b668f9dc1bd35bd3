"""Numbers in prose with what they measure: money, shares, quantities, counts, dates.

One left-to-right scan with a single alternation keeps extraction linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import replace
from fractions import Fraction

from briefgen import lexicon
from briefgen.model import Figure
from briefgen.text import FOLDS_TO_ASCII, MONTHS, find_all, lowered, matches_at

QUALIFIERS = lexicon.words("qualifiers")
YEAR_QUALIFIERS = lexicon.wordset("year_qualifiers")
NUMBER_WORDS = {word: int(value) for word, value in lexicon.table("number_words")}
SCALES = {word: float(value) for word, value in lexicon.table("scales")}
FRACTIONS = {words: float(Fraction(value)) for words, value in lexicon.table("fractions")}
CURRENCY_SIGNS = dict(lexicon.table("currency_signs"))
CURRENCY_WORDS = dict(lexicon.table("currency_words"))
UNITS = lexicon.words("units")
MONTH_NAMES = tuple(name for names in MONTHS for name in names)
NOUN_STOPS = lexicon.wordset("noun_stops")
FUNCTION_WORDS = lexicon.wordset("function_words") | lexicon.wordset("prepositions")
COUNTED_NOUNS = lexicon.wordset("counted_nouns")
UNIT_WORDS = frozenset(unit.lower() for unit in UNITS)
POUNDS = frozenset({"pound", "pounds"})


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_QUAL = rf"(?:\b(?P<qual>{_alternation(QUALIFIERS)})\s+)?"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = rf"(?:{_alternation(list(NUMBER_WORDS))})(?:-(?:{_alternation(list(NUMBER_WORDS))}))?"
_MONTH = rf"(?:{_alternation(MONTH_NAMES)})\.?"

FIGURE = re.compile(
    rf"""
    {_QUAL}
    (?:
      (?P<money_pre>(?P<sign>US\$|\$|€|£|¥|₸|₽|(?:USD|EUR)\s?)(?P<mnum>{_DIGITS})
                    (?:\s?(?P<mscale>{_alternation(list(SCALES))})\b)?)
    | (?P<money_post>(?P<wnum>{_DIGITS})(?:\s?(?P<wscale>{_alternation(list(SCALES))})\b)?
                     \s(?P<curword>{_alternation(list(CURRENCY_WORDS))})\b)
    | (?P<percent>(?P<pnum>{_DIGITS}|{_WORDS})\s?(?:%|percent\b|per\scent\b|percentage\spoints?\b))
    | (?P<quantity>(?P<qnum>{_DIGITS})(?:\s?(?P<qscale>{_alternation(list(SCALES))})\b)?
                   \s(?P<unit>{_alternation(UNITS)})\b)
    | (?P<date>(?:{_MONTH}\s\d{{1,2}}(?:\s?[-–]\s?\d{{1,2}})?(?:,?\s(?:19|20)\d{{2}})?
                |\d{{1,2}}\s{_MONTH}(?:\s(?:19|20)\d{{2}})?
                |{_MONTH}\s(?:19|20)\d{{2}}
                |(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}
                |\d{{1,2}}\.\d{{1,2}}\.(?:19|20)\d{{2}})(?![\d.,]\d))
    | (?P<range>(?:19|20)\d{{2}}\s?[-–]\s?(?:19|20)?\d{{2}}\b)
    | (?P<fraction>(?P<frac>{_alternation(list(FRACTIONS))})\s+of\b)
    | (?P<ordinal>\b\d{{1,4}}(?:st|nd|rd|th)\s(?P<onoun>[a-z][a-z-]+))
    | (?P<year>\b(?P<ynum>(?:19|20)\d{{2}})\b(?![.,]?\d|\s?%))
    | (?P<count>(?<![\w.,])(?P<cnum>{_DIGITS}|{_WORDS})\b(?:\s?(?P<cscale>{_alternation(list(SCALES))})\b)?
                (?![.,]?\d))
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
# The next lower-case word: what a count may count.
NEXT_WORD = re.compile(r"\s+([a-z][a-z-]*)\b")
_NUMBER = rf"(?:{_DIGITS}|{_WORDS})"
# What may follow a count's number before its noun: "85 of 154", "20 or 25", "between 20 and 25".
OF_TOTAL = re.compile(rf"\s+of\s+(?P<other>{_NUMBER})\b(?![.,]?\d)", re.IGNORECASE)
OR_OTHER = re.compile(rf"\s+or\s+(?P<other>{_NUMBER})\b(?![.,]?\d)", re.IGNORECASE)
AND_OTHER = re.compile(rf"\s+and\s+(?P<other>{_NUMBER})\b(?![.,]?\d)", re.IGNORECASE)
MONEY_CONTEXT = re.compile(rf"£|\b(?:{_alternation(lexicon.words('money_context'))})\b", re.IGNORECASE)
DISPUTING_WORDS = lexicon.words("disputing_words")
DISPUTING = re.compile(rf"\b(?:{_alternation(DISPUTING_WORDS)})\b", re.IGNORECASE)


def _number(text: str) -> float | None:
    text = text.lower()
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    if "-" in text and all(part in NUMBER_WORDS for part in text.split("-")):
        return float(sum(NUMBER_WORDS[part] for part in text.split("-")))
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _scaled(number: str, scale: str | None) -> float | None:
    value = _number(number)
    if value is None or scale is None:
        return value
    return value * SCALES[scale.lower()]


def is_counted(word: str) -> bool:
    """A noun a count may count (lexicon counted_nouns and units), plural or singular."""
    word = word.lower()
    plurals = (word, word + "s", word + "es", word[:-1] + "ies" if word.endswith("y") else word)
    return any(form in COUNTED_NOUNS or form in UNIT_WORDS for form in plurals)


NAMED_SET = re.compile(r"(?:\b(?i:the|these|those|its|their|our|his|her|so-called)\s+|[“\"‘'])$")


def counts_freely(match: re.Match[str], text: str) -> bool:
    """Whether a count may count any plural noun: always in digits; a number word only when
    it does not name a known set ("the three evils", "the so-called three evils", "the “Big
    Four”", "its two arms")."""
    if match.group("cnum")[:1].isdigit():
        return True
    return not NAMED_SET.search(text, max(0, match.start("cnum") - 12), match.start("cnum"))


def looks_plural(word: str) -> bool:
    """A lower-case word that reads as a plural noun ("sailings", "passengers"), not a small
    word that happens to end in s ("this", "was", "across", "previous")."""
    return (
        len(word) >= 4
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "ous", "ways", "wards"))
        and word not in FUNCTION_WORDS
    )


def _counted_noun(text: str, end: int, limit: int, any_plural: bool) -> tuple[str, int] | None:
    """The noun a count counts: the last counted noun among up to three lower-case words
    before a stop ("25 bilateral trade agreements", "10 years ago", "154 meetings outside").
    With `any_plural`, any plural noun is counted ("310 passengers", "four sailings"), else
    only a noun of the counted list."""
    noun: tuple[str, int] | None = None
    position = end
    for _ in range(3):
        word = NEXT_WORD.match(text, position, limit)
        if not word or word.group(1) in NOUN_STOPS or word.group(1).endswith(("ing", "ly")):
            break
        # After a noun, a word in -ed is a verb ("40 ships sailed"); before one, an adjective.
        if noun is not None and word.group(1).endswith("ed"):
            break
        if is_counted(word.group(1)) or (any_plural and noun is None and looks_plural(word.group(1))):
            noun = (word.group(1), word.end())
        elif noun is not None:
            break
        position = word.end()
        if text[position : position + 1] in ",;:.)":
            break
    return noun


def _second_number(match: re.Match[str], text: str, limit: int) -> tuple[str, float, int] | None:
    """The number a count pairs with: ("total", 154) in "85 of 154", ("high", 25) in
    "20 or 25" and "between 20 and 25"; with where it ends."""
    end = match.end()
    qualifier = (match.group("qual") or "").lower()
    for field, pattern in (("total", OF_TOTAL), ("high", OR_OTHER), ("high", AND_OTHER)):
        if pattern is AND_OTHER and qualifier != "between":
            continue
        other = pattern.match(text, end, limit)
        if other is not None:
            value = _number(other.group("other"))
            if value is not None:
                return field, value, other.end()
    return None


KINDS = (
    "money_pre",
    "money_post",
    "percent",
    "quantity",
    "date",
    "range",
    "fraction",
    "ordinal",
    "year",
    "count",
)
QUALIFIED_KINDS = frozenset({"money_pre", "money_post", "percent", "quantity", "fraction", "count", "year"})
QUALIFIERS_OF_AMOUNTS = frozenset(QUALIFIERS) - YEAR_QUALIFIERS


def figure_from(match: re.Match[str], text: str, limit: int, floor: int = 0) -> Figure | None:
    """A Figure for one match of FIGURE, or None for a bare number that measures nothing.
    text[floor:limit] is the sentence it stands in, where a money word makes "pounds" money."""
    group = next(name for name in KINDS if match.group(name) is not None)
    kind = group.removesuffix("_pre").removesuffix("_post")
    start, end = match.start(group), match.end()
    qualifier = match.group("qual").lower() if match.group("qual") else None
    # "by 2030" qualifies a year; "by 6.5%" is just a preposition.
    wanted = YEAR_QUALIFIERS if group == "year" else QUALIFIERS_OF_AMOUNTS
    if qualifier in wanted and group in QUALIFIED_KINDS:
        start = match.start()
    else:
        qualifier = None
    value: float | None
    unit: str | None
    high: float | None = None
    total: float | None = None
    if group == "money_pre":
        value = _scaled(match.group("mnum"), match.group("mscale"))
        unit = CURRENCY_SIGNS[match.group("sign").strip().lower()]
    elif group == "money_post":
        value = _scaled(match.group("wnum"), match.group("wscale"))
        unit = CURRENCY_WORDS[match.group("curword").lower()]
        if match.group("curword").lower() in POUNDS and not MONEY_CONTEXT.search(text, floor, limit):
            kind, unit = "quantity", match.group("curword")  # "about 30 pounds" of body weight
    elif group == "percent":
        value, unit = _number(match.group("pnum")), "%"
    elif group == "quantity":
        value, unit = _scaled(match.group("qnum"), match.group("qscale")), match.group("unit")
    elif group == "fraction":
        value, unit = FRACTIONS[match.group("frac").lower()], "share"
        end = match.end("frac")
    elif group == "ordinal":
        value, unit = _number(re.sub(r"\D", "", match.group(group).split()[0])), match.group("onoun")
    elif group == "year":
        value, unit = float(match.group("ynum")), "year"
    elif group == "count":
        value = _scaled(match.group("cnum"), match.group("cscale"))
        second = _second_number(match, text, limit) if match.group("cscale") is None else None
        noun = _counted_noun(text, second[2] if second else end, limit, counts_freely(match, text))
        if noun is None and match.group("cscale") is None:
            return None
        unit = noun[0] if noun else None
        end = noun[1] if noun else end
        if unit is not None and unit.lower() in UNIT_WORDS:
            kind = "quantity"  # "20 or 25 kilotons"
        if second is not None and noun is not None:
            high, total = (second[1], None) if second[0] == "high" else (None, second[1])
    else:
        value, unit = None, None
    if qualifier == "between" and high is None:
        qualifier, start = None, match.start(group)
    return Figure(
        text=text[start:end],
        start=start,
        end=end,
        kind=kind,
        value=value,
        unit=unit,
        qualifier=qualifier,
        high=high,
        total=total,
    )


# Every figure holds a digit or a number word. Finding those first and trying the full
# pattern only at the few word starts just before each keeps the scan fast (the full
# alternation tried at every character is ten times slower).
_ANCHOR_WORDS = sorted(
    {word.split()[-1].split("-")[0] for word in [*NUMBER_WORDS, *FRACTIONS]}, key=len, reverse=True
)


# Each anchor word under the shortest anchor word it starts with ("seven" for "seventeen"):
# one search finds both, and every search is a pass over the text.
def _needles(words: Sequence[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for word in sorted(words, key=len):
        needle = next((shorter for shorter in found if word.startswith(shorter)), word)
        found.setdefault(needle, []).append(word)
    return found


_ANCHOR_NEEDLES = _needles(_ANCHOR_WORDS)
# Every match of DISPUTING starts with one of these, lowered.
_DISPUTING_NEEDLES = tuple(_needles([word.lower() for word in DISPUTING_WORDS]))
DIGITS = re.compile(r"\d+")
# str.find runs at memory speed; an alternation of thirty words tried at every character
# was the slowest part of extraction.
# Longest qualifier plus a currency sign: "in excess of US$".
LOOKBACK = 24


# A figure that starts before its digits starts with one of these words or a currency sign.
_LEADING_WORDS = frozenset(
    [phrase.split()[0] for phrase in [*QUALIFIERS, *FRACTIONS, *NUMBER_WORDS] if " " in phrase]
    + [qualifier for qualifier in QUALIFIERS if " " not in qualifier]
    + [month.lower() for month in MONTH_NAMES]
    + ["usd", "eur"]
)
_SIGNS = tuple(CURRENCY_SIGNS) + tuple(sign.upper() for sign in CURRENCY_SIGNS)
WORD_START = re.compile(r"(?<!\S)\S")


def _starts_before(text: str, floor: int, anchor: int) -> Iterator[int]:
    """Where a figure covering the anchor may begin: the words from floor up to the anchor
    that can open one (a qualifier, a month, a currency), then the anchor itself."""
    for match in WORD_START.finditer(text, floor, anchor):
        position = match.start()
        if position > 0 and position == floor and not text[position - 1].isspace():
            continue
        if text.startswith(_SIGNS, position):
            yield position
            continue
        space = text.find(" ", position, anchor)
        word = text[position : space if space >= 0 else anchor].rstrip(".").lower()
        if word in _LEADING_WORDS:
            yield position
    yield anchor


def _word_at(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


def anchors(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where a digit or a number word starts, in order: every figure covers one."""
    limit = len(text) if end is None else end
    found = [match.start() for match in DIGITS.finditer(text, start, limit)]
    lower = lowered(text)
    for needle, words in _ANCHOR_NEEDLES.items():
        position = lower.find(needle, start, limit)
        while position >= 0:
            found.extend(
                position
                for word in words
                if lower.startswith(word, position, limit) and _word_at(lower, position, position + len(word))
            )
            position = lower.find(needle, position + 1, limit)
    return sorted(found)


def find_figures(
    text: str, start: int = 0, end: int | None = None, anchored: Sequence[int] | None = None
) -> Iterator[Figure]:
    """Figures in text[start:end], in order, with offsets into text. `anchored` may give the
    anchors in that range, found once for a whole document."""
    limit = len(text) if end is None else end
    position = start
    disputes: list[re.Match[str]] | None = None
    for anchor in anchors(text, start, limit) if anchored is None else anchored:
        if anchor < position:
            continue
        floor = max(position, anchor - LOOKBACK)
        for candidate in _starts_before(text, floor, anchor):
            match = FIGURE.match(text, candidate, limit)
            if match is None or match.end() <= anchor:
                continue
            position = match.end()
            figure = figure_from(match, text, limit, start)
            if figure is not None:
                position = max(position, figure.end)  # "85 of 154 members" holds a second number
                if disputes is None:
                    disputes = disputing(text, start, limit)
                yield disputed(figure, disputes)
            break


def disputing(text: str, start: int, end: int) -> list[re.Match[str]]:
    """`list(DISPUTING.finditer(text, start, end))`, the pattern tried only where the window,
    lowered, starts a disputing word: led by a word boundary, DISPUTING is tried at every
    character, and most sentences hold none of its words."""
    window = text[start:end]
    if any(char in window for char in FOLDS_TO_ASCII):
        return list(DISPUTING.finditer(text, start, end))
    candidates = (start + at for at in find_all(window.lower(), _DISPUTING_NEEDLES))
    return matches_at(DISPUTING, text, candidates, end)


def disputed(figure: Figure, disputes: Sequence[re.Match[str]]) -> Figure:
    """The figure with the last disputing words before it in its sentence, if any."""
    before = bisect_left([match.end() for match in disputes], figure.start + 1)
    if before == 0:
        return figure
    return replace(figure, disputed=disputes[before - 1].group().lower())
