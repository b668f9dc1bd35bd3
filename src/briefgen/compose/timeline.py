"""A pack's timeline: key dates in date order, each with its year (inserted from the source's
date when the text leaves it out), ranges kept as ranges, repeats folded, and the clause
that carries the date as its label."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence

from briefgen.compose.select import clause_around, within
from briefgen.extract.periods import Period, period_of
from briefgen.model import BriefItem, Document, Figure, KeyDate

DATE_KINDS = frozenset({"date", "range"})
# What joins two dates into one range: "from July 5, 2023 to June 2024".
RANGE_JOIN = re.compile(r"\s*(?:to|until|till|through|[-–])\s*")


def spans(item: BriefItem, text: str, source_date: dt.date | None) -> list[tuple[int, int, Period]]:
    """The dates of one item, a date joined to the next by "to" read as one range."""
    dates = [
        (figure, period)
        for figure in item.figures
        if figure.kind in DATE_KINDS and (period := period_of(figure, source_date)) is not None
    ]
    found: list[tuple[int, int, Period]] = []
    index = 0
    while index < len(dates):
        figure, period = dates[index]
        if index + 1 < len(dates) and joined(text, figure, dates[index + 1][0]):
            following, later = dates[index + 1]
            found.append((figure.start, following.end, joined_period(period, later)))
            index += 2
            continue
        found.append((figure.start, figure.end, period))
        index += 1
    return found


def joined_period(first: Period, last: Period) -> Period:
    """One range from its two ends. A year the text gives for one end ("July 5 to August 9,
    2024") dates the other too, and nothing is inserted; a range that crosses New Year
    ("December 28 to January 3") ends in the year after it starts."""
    if first.inserted_year is not None and last.inserted_year is None:
        year = (
            last.end.year
            if (first.start.month, first.start.day) <= (last.end.month, last.end.day)
            else last.end.year - 1
        )
        return Period(replace_year(first.start, year), last.end)
    if first.inserted_year is None and last.inserted_year is not None:
        end = replace_year(last.end, first.start.year)
        return Period(first.start, end if end >= first.start else replace_year(end, end.year + 1))
    end = last.end
    while end < first.start:
        end = replace_year(end, end.year + 1)
    return Period(first.start, end, first.inserted_year)


def replace_year(day: dt.date, year: int) -> dt.date:
    """The same day in another year (29 February becomes the 28th where there is none)."""
    return dt.date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def joined(text: str, first: Figure, second: Figure) -> bool:
    return RANGE_JOIN.fullmatch(text, first.end, second.start) is not None


def key_dates(
    facts: Sequence[BriefItem], documents: dict[str, Document], count: int, after: dt.date | None = None
) -> list[KeyDate]:
    """The best-ranked facts' dates (only those beginning after `after`, when given), repeats
    folded (the same days with the same label, or twice in one item), at most `count`, then
    put in date order."""
    chosen: list[KeyDate] = []
    seen: set[tuple[object, ...]] = set()
    for item in facts:
        # Once `count` are chosen the rest of a large catalog's facts are not read.
        if len(chosen) >= count:
            break
        citation = item.citations[0]
        document = documents[citation.source]
        text = document.text
        for start, end, period in spans(item, text, document.date):
            if len(chosen) >= count:
                break
            if after is not None and period.start <= after:
                continue
            left, right = clause_around(text, start, end, citation.start, citation.end)
            label = text[left:right]
            folded = [(item.id, period.start, period.end), (" ".join(label.lower().split()), period.start)]
            if any(key in seen for key in folded):
                continue
            seen.update(folded)
            chosen.append(
                KeyDate(
                    when=text[start:end],
                    when_start=start,
                    when_end=end,
                    start=period.start,
                    end=period.end,
                    inserted_year=period.inserted_year,
                    label=label,
                    label_start=left,
                    label_end=right,
                    item_id=item.id,
                    citation=citation,
                    insertions=within(item, left, right),
                )
            )
    return sorted(chosen, key=lambda key_date: (key_date.start, key_date.end))
