"""The document model every stage shares: frozen dataclasses, no behaviour beyond views.

Offsets are Python ``str`` indices into ``Document.text``; for every item,
``document.text[item.start:item.end] == item.text`` holds (see ``extract``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """One source text, exactly as decoded from disk, plus what is known about it."""

    id: str
    path: Path
    text: str
    sha256: str
    title: str | None = None
    date: dt.date | None = None
    publisher: str | None = None
    url: str | None = None
    boilerplate: tuple[Span, ...] = ()

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def boilerplate_share(self) -> float:
        if not self.text:
            return 0.0
        return sum(span.end - span.start for span in self.boilerplate) / len(self.text)

    def is_boilerplate(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a boilerplate span."""
        return any(span.start < end and start < span.end for span in self.boilerplate)


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    warnings: tuple[str, ...] = ()

    def document(self, source_id: str) -> Document:
        for document in self.documents:
            if document.id == source_id:
                return document
        raise KeyError(source_id)


@dataclass(frozen=True)
class Quote:
    """Words between quotation marks that someone said."""

    id: str
    source: str
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_role: str | None
    partial: bool


@dataclass(frozen=True)
class Figure:
    """A number inside a fact, with what it counts or measures."""

    text: str
    start: int
    end: int
    kind: str  # money, percent, count, quantity, year, date, range
    value: float | None
    unit: str | None
    qualifier: str | None = None


@dataclass(frozen=True)
class Fact:
    """A sentence that carries at least one figure or date."""

    id: str
    source: str
    start: int
    end: int
    text: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Acronym:
    short: str
    long: str | None
    source: str
    start: int
    end: int


@dataclass(frozen=True)
class Person:
    name: str
    roles: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Extraction:
    """What the extractor found in one document."""

    quotes: tuple[Quote, ...] = ()
    facts: tuple[Fact, ...] = ()
    acronyms: tuple[Acronym, ...] = ()
    people: tuple[Person, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """Everything extracted from a corpus, in document order."""

    documents: tuple[Document, ...]
    quotes: tuple[Quote, ...] = ()
    facts: tuple[Fact, ...] = ()
    acronyms: tuple[Acronym, ...] = ()
    people: tuple[Person, ...] = ()
    warnings: tuple[str, ...] = field(default=())
