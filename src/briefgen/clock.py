"""The one date a pack carries and the epoch its files are stamped with: never the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from briefgen.errors import InputError
from briefgen.model import Document

UNDATED = "Undated"


def undated_warnings(documents: Sequence[Document]) -> list[str]:
    """One warning per source without a date: the pack cannot place what it says in time."""
    return [
        f"{document.path}: no date found (no sidecar date, front matter, dateline or date in the text); "
        "its items are undated in the pack"
        for document in documents
        if document.date is None
    ]


def pack_date(documents: Sequence[Document], source_date_epoch: str | None) -> dt.date | None:
    """The date a pack carries: SOURCE_DATE_EPOCH when set, else the newest source's date,
    so that a rebuild never depends on the clock; None ("Undated") when no source has one,
    rather than a date nobody wrote."""
    if source_date_epoch:
        try:
            return dt.datetime.fromtimestamp(int(source_date_epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError) as error:
            raise InputError(f"SOURCE_DATE_EPOCH={source_date_epoch!r} is not a Unix timestamp") from error
    dates = [document.date for document in documents if document.date is not None]
    return max(dates) if dates else None


def epoch_of(date: dt.date | None, source_date_epoch: str | None) -> int:
    """The time stamped into a pack's files. An undated pack's files get 0, which no
    writer shows as a date: its metadata says "Undated" instead."""
    if source_date_epoch:
        return int(source_date_epoch)
    if date is None:
        return 0
    return int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp())
