"""The one date a pack carries and the epoch its files are stamped with: never the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from briefgen.errors import InputError
from briefgen.model import Document


def pack_date(documents: Sequence[Document], source_date_epoch: str | None) -> dt.date:
    """The date a pack carries: SOURCE_DATE_EPOCH when set, else the newest source's date,
    so that a rebuild never depends on the clock."""
    if source_date_epoch:
        try:
            return dt.datetime.fromtimestamp(int(source_date_epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError) as error:
            raise InputError(f"SOURCE_DATE_EPOCH={source_date_epoch!r} is not a Unix timestamp") from error
    dates = [document.date for document in documents if document.date is not None]
    return max(dates) if dates else dt.date(1970, 1, 1)


def epoch_of(date: dt.date, source_date_epoch: str | None) -> int:
    if source_date_epoch:
        return int(source_date_epoch)
    return int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp())
