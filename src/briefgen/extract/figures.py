"""Numbers in prose with what they measure: money, shares, quantities, counts, dates.

One left-to-right scan with a single alternation keeps extraction linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from briefgen.model import Figure

QUALIFIERS = (
    "more than",
    "less than",
    "fewer than",
    "over",
    "under",
    "nearly",
    "almost",
    "approximately",
    "about",
    "around",
    "roughly",
    "some",
    "up to",
    "at least",
    "at most",
    "close to",
    "as many as",
    "as much as",
    "upwards of",
    "in excess of",
    "exceeding",
    "exceeded",
    "just over",
    "just under",
    "well over",
    "until",
    "through",
    "since",
    "by",
    "before",
    "after",
)
YEAR_QUALIFIERS = frozenset({"until", "through", "since", "by", "before", "after"})
NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a hundred": 100,
    "dozen": 12,
    "a dozen": 12,
    "hundreds": 100,
    "thousands": 1000,
    "dozens": 12,
}
SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
FRACTIONS = {
    "half": 0.5,
    "a half": 0.5,
    "one half": 0.5,
    "a third": 1 / 3,
    "one third": 1 / 3,
    "two thirds": 2 / 3,
    "two-thirds": 2 / 3,
    "a quarter": 0.25,
    "one quarter": 0.25,
    "three quarters": 0.75,
    "three-quarters": 0.75,
    "a fifth": 0.2,
    "one fifth": 0.2,
    "a tenth": 0.1,
    "one tenth": 0.1,
}
CURRENCY_SIGNS = {
    "us$": "USD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₸": "KZT",
    "₽": "RUB",
    "usd": "USD",
    "eur": "EUR",
}
CURRENCY_WORDS = {
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "dollars": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
    "tenge": "KZT",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rubles": "RUB",
    "roubles": "RUB",
    "rupees": "INR",
    "yen": "JPY",
}
UNITS = (
    "metric tons",
    "metric tonnes",
    "tons",
    "tonnes",
    "barrels",
    "square kilometres",
    "square kilometers",
    "sq km",
    "kilometres",
    "kilometers",
    "km",
    "miles",
    "hectares",
    "cubic metres",
    "cubic meters",
    "megawatts",
    "gigawatts",
    "MW",
    "GW",
    "kWh",
    "MWh",
    "GWh",
    "TWh",
    "kilograms",
    "kg",
    "litres",
    "liters",
    "TEU",
    "bcm",
    "metres",
    "meters",
)
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sept",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
# Words that end the noun phrase after a count: "150 events covering ..." counts events.
NOUN_STOPS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "from",
        "for",
        "with",
        "by",
        "as",
        "and",
        "or",
        "but",
        "nor",
        "than",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "this",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "into",
        "over",
        "under",
        "across",
        "along",
        "among",
        "between",
        "per",
        "each",
        "every",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",
        "it",
        "they",
        "we",
        "he",
        "she",
        "you",
        "i",
        "during",
        "including",
        "such",
        "via",
        "about",
        "around",
        "after",
        "before",
        "since",
        "until",
        "while",
        "where",
        "when",
        "why",
        "how",
        "not",
        "no",
        "also",
        "more",
        "less",
        "most",
        "least",
        "only",
        "just",
        "very",
        "so",
        "up",
        "down",
        "out",
        "off",
        "then",
        "there",
        "here",
        "compared",
        "according",
        "against",
        "within",
        "without",
        "toward",
        "towards",
        # "three times more": a multiplier, not a count of anything
        "times",
    ]
)


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
WORD = re.compile(r"\s+([a-z][a-z-]*)\b")


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


def _counted_noun(text: str, end: int, limit: int) -> tuple[str, int] | None:
    """The noun a count counts: up to three lower-case words, the last before a stop."""
    noun: tuple[str, int] | None = None
    position = end
    for _ in range(3):
        word = WORD.match(text, position, limit)
        if not word or word.group(1) in NOUN_STOPS or word.group(1).endswith(("ing", "ly")):
            break
        # After a noun, a word in -ed is a verb ("40 ships sailed"); before one, an adjective.
        if noun is not None and word.group(1).endswith("ed"):
            break
        noun = (word.group(1), word.end())
        position = word.end()
        if text[position : position + 1] in ",;:.)":
            break
    return noun


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


def figure_from(match: re.Match[str], text: str, limit: int) -> Figure | None:
    """A Figure for one match of FIGURE, or None for a bare number that measures nothing."""
    kind = next(name for name in KINDS if match.group(name) is not None)
    start, end = match.start(kind), match.end()
    qualifier = match.group("qual").lower() if match.group("qual") else None
    # "by 2030" qualifies a year; "by 6.5%" is just a preposition.
    wanted = YEAR_QUALIFIERS if kind == "year" else QUALIFIERS_OF_AMOUNTS
    if qualifier in wanted and kind in QUALIFIED_KINDS:
        start = match.start()
    else:
        qualifier = None
    value: float | None
    unit: str | None
    if kind == "money_pre":
        value = _scaled(match.group("mnum"), match.group("mscale"))
        unit = CURRENCY_SIGNS[match.group("sign").strip().lower()]
    elif kind == "money_post":
        value = _scaled(match.group("wnum"), match.group("wscale"))
        unit = CURRENCY_WORDS[match.group("curword").lower()]
    elif kind == "percent":
        value, unit = _number(match.group("pnum")), "%"
    elif kind == "quantity":
        value, unit = _scaled(match.group("qnum"), match.group("qscale")), match.group("unit")
    elif kind == "fraction":
        value, unit = FRACTIONS[match.group("frac").lower()], "share"
        end = match.end("frac")
    elif kind == "ordinal":
        value, unit = _number(re.sub(r"\D", "", match.group(kind).split()[0])), match.group("onoun")
    elif kind == "year":
        value, unit = float(match.group("ynum")), "year"
    elif kind == "count":
        value = _scaled(match.group("cnum"), match.group("cscale"))
        noun = _counted_noun(text, end, limit)
        if noun is None and match.group("cscale") is None:
            return None
        unit = noun[0] if noun else None
        end = noun[1] if noun else end
    else:
        value, unit = None, None
    return Figure(
        text=text[start:end],
        start=start,
        end=end,
        kind=kind.removesuffix("_pre").removesuffix("_post"),
        value=value,
        unit=unit,
        qualifier=qualifier,
    )


# Every figure holds a digit or a number word. Finding those first and trying the full
# pattern only at the few word starts just before each keeps the scan fast (the full
# alternation tried at every character is ten times slower).
_ANCHOR_WORDS = sorted(
    {word.split()[-1].split("-")[0] for word in [*NUMBER_WORDS, *FRACTIONS]}, key=len, reverse=True
)
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
    lower = text.lower()
    if len(lower) != len(text):  # a few letters ("İ") lower to two; keep offsets exact
        lower = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    for word in _ANCHOR_WORDS:
        position = lower.find(word, start, limit)
        while position >= 0:
            if _word_at(lower, position, position + len(word)):
                found.append(position)
            position = lower.find(word, position + 1, limit)
    return sorted(found)


def find_figures(
    text: str, start: int = 0, end: int | None = None, anchored: Sequence[int] | None = None
) -> Iterator[Figure]:
    """Figures in text[start:end], in order, with offsets into text. `anchored` may give the
    anchors in that range, found once for a whole document."""
    limit = len(text) if end is None else end
    position = start
    for anchor in anchors(text, start, limit) if anchored is None else anchored:
        if anchor < position:
            continue
        floor = max(position, anchor - LOOKBACK)
        for candidate in _starts_before(text, floor, anchor):
            match = FIGURE.match(text, candidate, limit)
            if match is None or match.end() <= anchor:
                continue
            position = match.end()
            figure = figure_from(match, text, limit)
            if figure is not None:
                yield figure
            break
