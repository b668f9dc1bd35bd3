"""The JSON contract other tools rely on (DESIGN.md, "Contracts other tools rely on")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from briefgen.analysis import Analysis
from briefgen.model import Brief, BriefItem, Citation, Document, Figure, Resolution, SourceRef


def source_record(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "path": str(document.path),
        "title": document.title,
        "date": document.date.isoformat() if document.date else None,
        "date_basis": document.date_basis,
        "publisher": document.publisher,
        "url": document.url,
        "sha256": document.sha256,
        "text_sha256": document.text_sha256,
        "reader": document.reader,
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
        "high": figure.high,
        "total": figure.total,
        "disputed": figure.disputed,
        "start": figure.start,
        "end": figure.end,
    }


def resolution_record(resolution: Resolution) -> dict[str, Any]:
    """What an item is about and the bracketed insertions that let it read alone."""
    return {
        "about": resolution.about,
        "about_basis": resolution.about_basis,
        "insertions": [
            {
                "text": i.text,
                "kind": i.kind,
                "start": i.start,
                "end": i.end,
                **(
                    {"antecedent_start": i.antecedent_start, "antecedent_end": i.antecedent_end}
                    if i.kind == "antecedent"
                    else {}
                ),
            }
            for i in resolution.insertions
        ],
        "unresolved": [{"start": span.start, "end": span.end} for span in resolution.unresolved],
    }


def catalog_record(analysis: Analysis) -> dict[str, Any]:
    """`briefgen extract --format json`: the contract in DESIGN.md."""
    return {kind: list(records) for kind, records in catalog_records(analysis)}


def catalog_records(analysis: Analysis) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
    """The catalog record kind by kind, each kind's records made one at a time, so that a
    large catalog is written out without being held twice (see `console.stream_json`)."""
    catalog = analysis.catalog
    yield "sources", (source_record(document) for document in catalog.documents)
    yield (
        "quotes",
        (
            {
                "id": quote.id,
                "text": quote.text,
                "speaker": quote.speaker,
                "speaker_role": quote.speaker_role,
                "speaker_basis": quote.speaker_basis,
                "partial": quote.partial,
                "source": quote.source,
                "start": quote.start,
                "end": quote.end,
                "section": analysis.section_of(quote.id),
                **resolution_record(quote.resolution),
            }
            for quote in catalog.quotes
        ),
    )
    yield (
        "facts",
        (
            {
                "id": fact.id,
                "text": fact.text,
                "figures": [figure_record(figure) for figure in fact.figures],
                "source": fact.source,
                "start": fact.start,
                "end": fact.end,
                "section": analysis.section_of(fact.id),
                "decision": fact.decision,
                "actor": fact.actor,
                **resolution_record(fact.resolution),
            }
            for fact in catalog.facts
        ),
    )
    yield (
        "acronyms",
        (
            {"short": a.short, "long": a.long, "source": a.source, "start": a.start, "end": a.end}
            for a in catalog.acronyms
        ),
    )
    yield (
        "people",
        (
            {
                "name": person.name,
                "role": person.roles[0] if person.roles else None,
                "roles": list(person.roles),
                "sources": list(person.sources),
            }
            for person in catalog.people
        ),
    )
    yield (
        "conflicts",
        (
            {
                "measure": conflict.measure,
                "kind": conflict.kind,
                "items": list(conflict.items),
                "values": [
                    {"item": item, "source": source, "text": text} for item, source, text in conflict.readings
                ],
            }
            for conflict in analysis.reconciled.conflicts
        ),
    )


def citation_record(citation: Citation) -> dict[str, Any]:
    return {"note": citation.note, "source": citation.source, "start": citation.start, "end": citation.end}


def item_record(item: BriefItem) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind,
        "text": item.text,
        "shown": item.shown_text,
        "section": item.section,
        "in_scope": item.in_scope,
        "score": item.score,
        "why": item.rank_reason,
        "citations": [citation_record(c) for c in item.citations],
    }
    if item.kind == "quote":
        record |= {"speaker": item.speaker, "speaker_role": item.speaker_role, "partial": item.partial}
    else:
        record["figures"] = [figure_record(figure) for figure in item.figures]
    return record


def brief_record(brief: Brief) -> dict[str, Any]:
    """`briefgen outline --format json`: the composed Brief, before any formatting."""
    return {
        "audience": brief.audience,
        "title": brief.title,
        "subtitle": brief.subtitle,
        "marking": brief.marking,
        "organisation": brief.organisation,
        "author": brief.author,
        "contact": brief.contact,
        "disclaimer": brief.disclaimer,
        "date": brief.date.isoformat() if brief.date else None,
        "cutoff": brief.cutoff.isoformat() if brief.cutoff else None,
        "pages": {"min": brief.page_budget[0], "max": brief.page_budget[1]},
        "key_points": [item_record(item) for item in brief.key_points],
        "quotable_lines": [item_record(item) for item in brief.quotable_lines],
        "key_figures": [
            {
                "text": kf.figure.text,
                "unit": kf.figure.unit,
                "value": kf.figure.value,
                "context": kf.context,
                "shown": kf.shown_context,
                "item": kf.item_id,
                "citation": citation_record(kf.citation),
            }
            for kf in brief.key_figures
        ],
        "key_dates": [
            {
                "when": kd.when,
                "start": kd.start.isoformat(),
                "end": kd.end.isoformat(),
                "inserted_year": kd.inserted_year,
                "label": kd.label,
                "item": kd.item_id,
                "citation": citation_record(kd.citation),
            }
            for kd in brief.key_dates
        ],
        "sections": [
            {
                "name": s.name,
                "title": s.title,
                "facts": [item_record(i) for i in s.facts],
                "quotes": [item_record(i) for i in s.quotes],
                "context": [item_record(i) for i in s.context],
            }
            for s in brief.sections
        ],
        "disagreements": [
            {
                "measure": d.measure,
                "kind": d.kind,
                "values": [{"text": text, **citation_record(c)} for text, c in d.values],
            }
            for d in brief.disagreements
        ],
        "people": [
            {"name": p.name, "roles": list(p.roles), "sources": list(p.sources)} for p in brief.people
        ],
        "glossary": [{"short": a.short, "long": a.long} for a in brief.glossary],
        "notes": [{"note": n, **source_record_ref(ref)} for n, ref in enumerate(brief.notes, start=1)],
        "appendices": list(brief.appendices),
    }


def source_record_ref(ref: SourceRef) -> dict[str, Any]:
    return {
        "source": ref.id,
        "title": ref.title,
        "publisher": ref.publisher,
        "date": ref.date.isoformat() if ref.date else None,
        "url": ref.url,
    }
