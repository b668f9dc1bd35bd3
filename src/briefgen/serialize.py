"""The JSON contract other tools rely on (DESIGN.md, "Contracts other tools rely on")."""

from __future__ import annotations

from typing import Any

from briefgen.model import Document


def source_record(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "path": str(document.path),
        "title": document.title,
        "date": document.date.isoformat() if document.date else None,
        "publisher": document.publisher,
        "url": document.url,
        "sha256": document.sha256,
    }


def source_details(document: Document) -> dict[str, Any]:
    """The source record plus what `briefgen sources` reports about the text."""
    return {
        **source_record(document),
        "words": document.words,
        "boilerplate_share": round(document.boilerplate_share, 4),
        "boilerplate": [{"start": span.start, "end": span.end} for span in document.boilerplate],
    }
