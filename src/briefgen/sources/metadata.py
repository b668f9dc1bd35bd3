"""Metadata read off a source's own text: title, date, publisher and URL; unknown stays None."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from briefgen.model import Span
from briefgen.sources.boilerplate import find_boilerplate
from briefgen.sources.dates import HEADER_LINES, date_of
from briefgen.text import Line, split_lines

SOURCE_URL = re.compile(
    r"^\s*(?:source|original|link)\s*:\s*(?P<url>https?://\S+)", re.IGNORECASE | re.MULTILINE
)
# A publisher names itself in promotions and copyright lines, at the start of a line: the
# same words inside prose ("Article 5(c) Member States must…") name no publisher.
_NAME = r"(?P<name>(?:The )?[A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*)*)"
MASTHEADS = (
    re.compile(rf"^[^\w\n]*Get {_NAME} (?:stories|news|headlines|updates)\b", re.MULTILINE),
    re.compile(rf"^[^\w\n]*Subscribe to {_NAME}", re.MULTILINE),
    re.compile(rf"^[^\w\n]*(?:©|\(c\)|Copyright)\s*(?:\d{{4}}\s*)?{_NAME}", re.MULTILINE),
)
LEAD_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+\s*(?:—|–|-{1,2})\s*")
TITLE_MAX = 100


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    date: dt.date | None = None
    date_basis: str | None = None  # how the date was found (see sources.dates); None with no date
    publisher: str | None = None
    url: str | None = None
    encoding: str | None = None
    retrieved: dt.date | None = None
    kind: str | None = None


def shorten(sentence: str, limit: int = TITLE_MAX) -> str:
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:—– ")
    return cut + "…"


def own_title(text: str, boilerplate: Sequence[Span] = ()) -> str | None:
    """The text's own title: a heading line, or an opening line short enough to be one and
    not a sentence. None when the text has none (its lead sentence stands for one)."""
    lines = opening_lines(text, boilerplate)
    for line in lines[:HEADER_LINES]:
        heading = re.match(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$", line.text)
        if heading:
            return heading.group(1)
    if not lines:
        return None
    body = opening_line(text, lines[0], boilerplate)
    return body if len(body) <= 200 and not body.endswith(".") else None


def find_title(text: str, boilerplate: Sequence[Span] = ()) -> str | None:
    """A heading line if the text has one, else the opening words of its lead sentence."""
    lines = opening_lines(text, boilerplate)
    if not lines:
        return None
    title = own_title(text, boilerplate)
    if title is not None:
        return title
    body = LEAD_DATELINE.sub("", opening_line(text, lines[0], boilerplate))
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", body, maxsplit=1)[0]
    return shorten(sentence) or None


def opening_lines(text: str, boilerplate: Sequence[Span]) -> list[Line]:
    return [
        line
        for line in split_lines(text)
        if not any(s.start <= line.start and line.end <= s.end for s in boilerplate)
    ]


def opening_line(text: str, first: Line, boilerplate: Sequence[Span]) -> str:
    body = first.text
    for span in boilerplate:
        if first.start <= span.start < first.end:
            # What follows a date marker cut from the line: "ASTANA, July 4, 2024 — The ..."
            body = text[span.end : first.end].lstrip(" \t,;:—–-")
    return body.strip()


def find_url(text: str) -> str | None:
    match = SOURCE_URL.search(text)
    return match.group("url").rstrip(").,;") if match else None


def find_publisher(text: str, url: str | None) -> str | None:
    for pattern in MASTHEADS:
        match = pattern.search(text)
        if match:
            return match.group("name")
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def derive_metadata(text: str, boilerplate: Sequence[Span] | None = None) -> Metadata:
    """Metadata read off the text itself; what is not there stays None."""
    boilerplate = find_boilerplate(text) if boilerplate is None else boilerplate
    dated = date_of(text)
    url = find_url(text)
    return Metadata(
        title=find_title(text, boilerplate),
        date=dated.date if dated else None,
        date_basis=dated.basis if dated else None,
        publisher=find_publisher(text, url),
        url=url,
    )
