"""A cache of extractions on disk, keyed by each document's sha256 and the extractor's code.

Editing one source re-extracts that source only; changing the extractor (a new briefgen, or
a local edit of `briefgen/extract/` or of its word lists in `briefgen/lexicon/`) invalidates
every entry, because the key includes a digest of the extractor's own source files.

An entry is data anyone with write access to the output folder (or to a CI cache) can
change, so it is read back only when every item in it is faithful to its document: each
text is the span it claims, each speaker, role and name stands in the text. A tampered
entry is a miss, and the document is extracted again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any

from briefgen.build.files import atomic_write, code_fingerprint
from briefgen.model import (
    Acronym,
    Document,
    Extraction,
    Fact,
    Figure,
    Insertion,
    Person,
    Quote,
    Resolution,
    Span,
)

# map(), or a worker pool's map: the extractor applied to each document, results in order.
Mapper = Callable[[Callable[[Document], Extraction], Sequence[Document]], Iterable[Extraction]]

PACKAGE = Path(__file__).parents[1]
# What extraction reads besides its own code: the word lists, and text.py's splitters.
EXTRACTOR_PARTS = (PACKAGE / "extract", PACKAGE / "lexicon", PACKAGE / "text.py")


@cache
def extractor_fingerprint() -> str:
    return "".join(code_fingerprint(part) for part in EXTRACTOR_PARTS)


def plain(value: Any) -> Any:
    """A dataclass as dicts and lists, as `dataclasses.asdict` gives it, without the deep copy
    of every leaf that made asdict most of a cache write's cost."""
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: plain(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def to_json(extraction: Extraction) -> str:
    return json.dumps(plain(extraction), ensure_ascii=False, sort_keys=True)


def _resolution(data: dict[str, Any]) -> Resolution:
    return Resolution(
        insertions=tuple(Insertion(**insertion) for insertion in data["insertions"]),
        unresolved=tuple(Span(**span) for span in data["unresolved"]),
        about=data["about"],
        about_basis=data["about_basis"],
    )


def from_json(text: str) -> Extraction:
    data: dict[str, Any] = json.loads(text)
    return Extraction(
        quotes=tuple(
            Quote(**{**quote, "resolution": _resolution(quote["resolution"])}) for quote in data["quotes"]
        ),
        facts=tuple(
            Fact(
                **{
                    **fact,
                    "figures": tuple(Figure(**figure) for figure in fact["figures"]),
                    "resolution": _resolution(fact["resolution"]),
                }
            )
            for fact in data["facts"]
        ),
        acronyms=tuple(Acronym(**acronym) for acronym in data["acronyms"]),
        people=tuple(
            Person(person["name"], tuple(person["roles"]), tuple(person["sources"]))
            for person in data["people"]
        ),
    )


def faithful(extraction: Extraction, document: Document) -> bool:
    """Every item of a cached extraction is what the document says where it says it."""
    text = document.text

    def spans(item: Quote | Fact | Figure) -> bool:
        return text[item.start : item.end] == item.text

    def stated(*words: str | None) -> bool:
        return all(word in text for word in words if word is not None)

    return (
        all(
            q.source == document.id and spans(q) and stated(q.speaker, q.speaker_role)
            for q in extraction.quotes
        )
        and all(f.source == document.id and spans(f) and all(map(spans, f.figures)) for f in extraction.facts)
        and all(
            a.source == document.id and stated(a.short, a.long) and a.short in text[a.start : a.end]
            for a in extraction.acronyms
        )
        and all(p.sources == (document.id,) and stated(p.name, *p.roles) for p in extraction.people)
    )


class ExtractionCache:
    """Wraps an extractor: a cached result is read back, a new one is computed and stored."""

    def __init__(self, folder: Path, extract: Callable[[Document], Extraction]) -> None:
        self.folder = folder
        self.extract = extract
        self.hits = 0
        self.misses = 0

    def path_for(self, document: Document) -> Path:
        # The id is part of the key because items carry ids derived from it; the text (not
        # the file's bytes) because one file read with two encodings is two texts.
        # The boilerplate spans too: they decide what is skipped, and come from sources.py;
        # and the date, from which "tomorrow" and "this year" are resolved.
        spans = ",".join(f"{span.start}-{span.end}" for span in document.boilerplate)
        dated = f"{document.date}/{document.date_basis}"
        key = hashlib.sha256(f"{document.id}\0{spans}\0{dated}\0{document.text}".encode()).hexdigest()[:32]
        return self.folder / f"{key}-{extractor_fingerprint()}.json"

    def __call__(self, document: Document) -> Extraction:
        return self.extract_all([document])[0]

    def extract_all(self, documents: Sequence[Document], mapper: Mapper = map) -> list[Extraction]:
        """Each document's extraction, in the documents' order: the cached ones read back,
        the others extracted through `mapper` (a worker pool's map keeps the order too)."""
        found = [self.cached(document) for document in documents]
        missing = [index for index, extraction in enumerate(found) if extraction is None]
        made = mapper(self.extract_and_store, [documents[index] for index in missing])
        for index, extraction in zip(missing, made, strict=True):
            found[index] = extraction
        self.hits += len(documents) - len(missing)
        self.misses += len(missing)
        return [extraction for extraction in found if extraction is not None]

    def cached(self, document: Document) -> Extraction | None:
        """The stored extraction, when there is one and it is faithful to the document."""
        path = self.path_for(document)
        try:
            extraction = from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return extraction if faithful(extraction, document) else None

    def extract_and_store(self, document: Document) -> Extraction:
        """The document's extraction, written to the cache where it is made: in a worker
        process, so that the workers share the writing instead of the build waiting for
        them all and then writing every entry itself."""
        extraction = self.extract(document)
        self._store(self.path_for(document), extraction)
        return extraction

    def _store(self, path: Path, extraction: Extraction) -> None:
        # A cache that cannot be written costs time, never correctness.
        with contextlib.suppress(OSError):
            atomic_write(path, to_json(extraction).encode("utf-8"), durable=False)
