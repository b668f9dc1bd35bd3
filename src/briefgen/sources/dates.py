"""The publication date of a source, read off its header lines as a reader would."""

from __future__ import annotations

import datetime as dt
import re

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
