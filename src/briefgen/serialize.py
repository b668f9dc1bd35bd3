"""The JSON contract other tools rely on (DESIGN.md, "Contracts other tools rely on")."""

from __future__ import annotations

from typing import Any

from briefgen.model import Document, Figure
from briefgen.pipeline import Analysis


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


def figure_record(figure: Figure) -> dict[str, Any]:
    return {
        "text": figure.text,
        "kind": figure.kind,
        "value": figure.value,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "start": figure.start,
        "end": figure.end,
    }


def catalog_record(analysis: Analysis) -> dict[str, Any]:
    """`briefgen extract --format json`: the contract in DESIGN.md."""
    catalog = analysis.catalog
    return {
        "sources": [source_record(document) for document in catalog.documents],
        "quotes": [
            {
                "id": quote.id,
                "text": quote.text,
                "speaker": quote.speaker,
                "speaker_role": quote.speaker_role,
                "partial": quote.partial,
                "source": quote.source,
                "start": quote.start,
                "end": quote.end,
                "section": analysis.section_of(quote.id),
            }
            for quote in catalog.quotes
        ],
        "facts": [
            {
                "id": fact.id,
                "text": fact.text,
                "figures": [figure_record(figure) for figure in fact.figures],
                "source": fact.source,
                "start": fact.start,
                "end": fact.end,
                "section": analysis.section_of(fact.id),
            }
            for fact in catalog.facts
        ],
        "acronyms": [
            {"short": a.short, "long": a.long, "source": a.source, "start": a.start, "end": a.end}
            for a in catalog.acronyms
        ],
        "people": [
            {"name": person.name, "role": person.roles[0] if person.roles else None, "roles": list(person.roles),
             "sources": list(person.sources)}
            for person in catalog.people
        ],
        "conflicts": [
            {
                "measure": conflict.measure,
                "items": list(conflict.items),
                "values": [{"item": item, "source": source, "text": text} for item, source, text in conflict.readings],
            }
            for conflict in analysis.reconciled.conflicts
        ],
    }
