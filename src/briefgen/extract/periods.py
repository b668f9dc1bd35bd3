"""When a date figure falls: a calendar period, its year taken from the source's date when
the text leaves it out ("July 3" in a source of 2 July 2024 is 3 July 2024)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from briefgen.model import Figure
from briefgen.text import MONTH_NUMBERS

_MONTH = r"(?P<month>" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
SHAPES = (
    re.compile(rf"{_MONTH}\s(?P<day>\d{{1,2}})(?:\s?[-–]\s?(?P<last>\d{{1,2}}))?(?:,?\s{_YEAR})?", re.I),
    re.compile(rf"(?P<day>\d{{1,2}})\s{_MONTH}(?:\s{_YEAR})?", re.I),
    re.compile(rf"{_MONTH}\s{_YEAR}", re.I),
    re.compile(r"(?P<year>(?:19|20)\d{2})-(?P<mon>\d{2})-(?P<day>\d{2})"),
    re.compile(r"(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>(?:19|20)\d{2})"),
    re.compile(r"(?P<year>(?:19|20)\d{2})\s?[-–]\s?(?P<last_year>(?:19|20)?\d{2})"),
    re.compile(r"(?P<year>(?:19|20)\d{2})"),
)


@dataclass(frozen=True)
class Period:
    """The first and last day a date figure covers; `inserted_year` is the year the text
    leaves out and the source's date supplies, which a pack shows in brackets."""

    start: dt.date
    end: dt.date
    inserted_year: int | None = None

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end


def nearest_year(month: int, day: int, source_date: dt.date) -> int:
    """The year that puts a month and day nearest the source's date: "Sept. 8" in a July
    article is that September; "Dec. 30" in a January one, the December before."""

    def distance(year: int) -> int:
        safe_day = min(day, calendar.monthrange(year, month)[1])
        return abs((dt.date(year, month, safe_day) - source_date).days)

    return min((source_date.year - 1, source_date.year, source_date.year + 1), key=distance)


def period_of(figure: Figure, source_date: dt.date | None) -> Period | None:
    """The days a date, range or year figure covers, or None when it is not one or its year
    is unknown (no year in the text and no dated source)."""
    if figure.kind not in {"date", "range", "year"}:
        return None
    text = figure.text.removeprefix(figure.qualifier or "").strip() if figure.qualifier else figure.text
    return period_in(text, source_date)


def period_in(text: str, source_date: dt.date | None) -> Period | None:
    """The days a date as printed covers ("July 3, 2024", "June 2024", "2023"), or None."""
    for shape in SHAPES:
        match = shape.fullmatch(text)
        if match is not None:
            return _period({k: v for k, v in match.groupdict().items() if v}, source_date)
    return None


def _period(parts: dict[str, str], source_date: dt.date | None) -> Period | None:
    month = int(parts["mon"]) if "mon" in parts else MONTH_NUMBERS.get(parts.get("month", "").lower())
    day = int(parts["day"]) if "day" in parts else None
    inserted: int | None = None
    if "year" in parts:
        year = int(parts["year"])
    elif source_date is not None and month is not None:
        year = inserted = nearest_year(month, day or 1, source_date)
    else:
        return None
    try:
        if "last_year" in parts:
            last = parts["last_year"]
            last_year = int(last) if len(last) == 4 else year // 100 * 100 + int(last)
            return Period(dt.date(year, 1, 1), dt.date(last_year, 12, 31)) if last_year >= year else None
        if month is None:
            return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
        if day is None:
            return Period(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))
        last_day = int(parts.get("last", day))
        return Period(dt.date(year, month, day), dt.date(year, month, last_day), inserted)
    except ValueError:
        return None
