"""The publication date of a source, read as a reader would, with how it was found.

A date's *basis* says where it came from: "sidecar" (the user said so), "front matter"
(a Markdown `date:` field), "dateline" (a date on a header line), "text" (read from the
body: a "published" line, a relative day such as "the summit tomorrow" against "the summit
on July 3", else the first full date), or "none". A reader of other kinds of file may set
its own ("page metadata"): the basis is open text, not a closed list.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefgen.model import Span
from briefgen.text import MONTH_NUMBERS, Line, split_lines

# A source's header: the lines before the body where a title, a dateline and a date stand.
HEADER_LINES = 5
# A publication date stands near the start of its line, after at most a label and a dateline
# city: a line is searched that far (to the next space, so no date is cut), not to its end,
# which in a source without line breaks is the whole text.
DATELINE_REACH = 200

_MONTH = r"(?P<month>" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
DATE_PATTERNS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{4})\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
)
# What may stand before a publication date on a header line: a label ("Published:")
# and/or an upper-case dateline city ("ASTANA, "). Anything else is an event date in prose.
# Only the label ignores case: "On " or "Summit held " must not pass for a dateline city.
DATE_PREFIX = re.compile(
    r"^[\s\W]*(?:(?i:date|published|updated|posted)(?:\s+(?i:on))?\s*:?\s*)?(?:[A-Z][A-Z .'’-]*,?\s*)?$"
)


def parse_date(text: str) -> tuple[dt.date, re.Match[str]] | None:
    """The first valid calendar date in text, with where it stands."""
    found: list[tuple[int, dt.date, re.Match[str]]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = int(parts["mon"]) if parts.get("mon") else MONTH_NUMBERS[parts["month"].lower()]
            try:
                found.append((match.start(), dt.date(int(parts["year"]), month, int(parts["day"])), match))
            except ValueError:
                continue
    if not found:
        return None
    _, date, match = min(found, key=lambda item: item[0])
    return date, match


def header_lines(text: str) -> list[Line]:
    return split_lines(text)[:HEADER_LINES]


def find_date(text: str) -> tuple[dt.date, Span | None] | None:
    """The publication date from the header lines, and the span of a date-only marker."""
    for line in header_lines(text):
        reach = line.text.find(" ", DATELINE_REACH)
        parsed = parse_date(line.text if reach < 0 else line.text[:reach])
        if parsed is None:
            continue
        date, match = parsed
        if not DATE_PREFIX.match(line.text[: match.start()]):
            continue
        rest = line.text[match.end() :]
        if re.fullmatch(r"[\s\d:.,-]*", rest):
            return date, Span(line.start, line.end)
        return date, Span(line.start, line.start + match.end())
    return None


@dataclass(frozen=True)
class Dated:
    date: dt.date
    basis: str


FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<body>.*?)^---[ \t]*$", re.DOTALL | re.MULTILINE)
FRONT_MATTER_DATE = re.compile(r"^date\s*:\s*[\"']?(?P<value>[^\"'\r\n]+)", re.IGNORECASE | re.MULTILINE)
PUBLISHED = re.compile(r"\b(?:published|posted|updated)(?:\s+on)?\s*:?\s*", re.IGNORECASE)
LONGEST_DATE = 20
# "the summit tomorrow": a day named relative to the day of writing, and how far it lies.
RELATIVE_DAYS = {"yesterday": 1, "today": 0, "tonight": 0, "tomorrow": -1}
RELATIVE = re.compile(
    r"\bthe\s+(?P<event>[a-z]+)\s+(?P<when>" + "|".join(RELATIVE_DAYS) + r")\b", re.IGNORECASE
)
DAY_OF_MONTH = re.compile(
    rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})\b(?!\s*[-–]\d)(?:,?\s+(?P<year>\d{{4}})\b)?", re.IGNORECASE
)
YEAR = re.compile(r"\b(?P<year>(?:19|20)\d{2})\b")
# A year after one of these is a target or a span, not the year a text was written in.
NOT_THE_WRITING_YEAR = re.compile(r"(?:\b(?:by|until|till|through|to|before)\s+|[-–]\s?)$", re.IGNORECASE)


def front_matter_date(text: str) -> dt.date | None:
    block = FRONT_MATTER.match(text)
    field = FRONT_MATTER_DATE.search(block.group("body")) if block else None
    parsed = parse_date(field.group("value")) if field else None
    return parsed[0] if parsed else None


def writing_year(text: str) -> int | None:
    """The latest year a text names that is not a target ("by 2030") or a span's end: the
    year a reader takes a text with no full date to be written in."""
    years = [
        int(match.group("year"))
        for match in YEAR.finditer(text)
        if not NOT_THE_WRITING_YEAR.search(text[max(0, match.start() - 10) : match.start()])
    ]
    return max(years) if years else None


def relative_date(text: str) -> dt.date | None:
    """The day of writing from "the summit tomorrow" and "the summit on July 3" in one text,
    the year from the text's own years."""
    # An event word is looked up in the text once, and the text's years read once: a text
    # repeating "the hall today" on every line made this cubic in its length.
    tried: set[str] = set()
    written: list[int | None] = []  # the writing year, read the first time one is needed
    for relative in RELATIVE.finditer(text):
        event = relative.group("event").lower()
        if event in tried:
            continue
        tried.add(event)
        anchor = re.compile(rf"\b{event}\s+(?:(?:is\s+|will\s+be\s+)?(?:held\s+)?on\s+)?", re.IGNORECASE)
        for match in anchor.finditer(text):
            day = DAY_OF_MONTH.match(text, match.end())
            if day is None:
                continue
            if not day.group("year") and not written:
                written.append(writing_year(text))
            year = int(day.group("year")) if day.group("year") else written[0]
            if year is None:
                continue
            try:
                event_day = dt.date(year, MONTH_NUMBERS[day.group("month").lower()], int(day.group("day")))
            except ValueError:
                continue
            return event_day + dt.timedelta(days=RELATIVE_DAYS[relative.group("when").lower()])
    return None


def text_date(text: str) -> dt.date | None:
    """A date read from the body: after "published", else a relative day, else the first full date."""
    for label in PUBLISHED.finditer(text):
        parsed = parse_date(text[label.end() : label.end() + LONGEST_DATE])
        if parsed and parsed[1].start() == 0:
            return parsed[0]
    relative = relative_date(text)
    if relative is not None:
        return relative
    first = parse_date(text)
    return first[0] if first else None


def date_of(text: str) -> Dated | None:
    """The publication date a reader would give the text, and how it was found."""
    front = front_matter_date(text)
    if front is not None:
        return Dated(front, "front matter")
    header = find_date(text)
    if header is not None:
        return Dated(header[0], "dateline")
    body = text_date(text)
    return Dated(body, "text") if body is not None else None
