"""The reader of saved web pages: trafilatura finds the article among the header, menus,
share bars, newsletter boxes and footer, and reads its title, date, site name and address.

The article's text, one paragraph per block, is what every offset of the source indexes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import trafilatura

from briefgen.sources.boilerplate import find_boilerplate
from briefgen.sources.metadata import derive_metadata
from briefgen.sources.reading import Reading

# htmldate refuses dates after today by default; a fixed bound keeps a page's date
# independent of the day it is read.
DATE_OPTIONS = {"extensive_search": True, "original_date": True, "max_date": "2999-12-31"}


def read(data: bytes, path: Path) -> Reading:
    page = trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        date_extraction_params=DATE_OPTIONS,
    )
    article = "" if page is None or isinstance(page, dict) else page.text or ""
    if page is None or isinstance(page, dict) or not article.strip():
        return Reading("", "html", empty_reason="no article text found in the page")
    text = "\n\n".join(line.strip() for line in article.splitlines() if line.strip()) + "\n"
    boilerplate = find_boilerplate(text)
    derived = derive_metadata(text, boilerplate)
    page_date = iso_date(page.date)
    metadata = replace(
        derived,
        title=page.title or derived.title,
        date=page_date or derived.date,
        date_basis="page metadata" if page_date else derived.date_basis,
        publisher=page.sitename or derived.publisher,
        url=page.url if page.url and page.url.startswith(("http://", "https://")) else derived.url,
    )
    return Reading(text, "html", metadata, boilerplate)


def iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
