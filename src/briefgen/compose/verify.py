"""The build's check that nothing in a Brief is invented: every item is the span it cites."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from briefgen.errors import CheckFailed
from briefgen.model import Brief, Citation, Document


def verify(brief: Brief, documents: Iterable[Document]) -> None:
    """Every quote, fact and key figure must be the exact span of the source it cites."""
    texts = {document.id: document.text for document in documents}
    problems = []

    def check(label: str, text: str, citation: Citation) -> None:
        source = texts.get(citation.source)
        if source is None:
            problems.append(f"{label}: cites unknown source '{citation.source}'")
        elif source[citation.start : citation.end] != text:
            problems.append(
                f"{label}: text differs from {citation.source}[{citation.start}:{citation.end}] "
                f"({source[citation.start : citation.end][:60]!r} in the source)"
            )

    items = [*brief.key_points, *brief.key_dates, *(i for s in brief.sections for i in s.items)]
    for item in items:
        check(f"{item.kind} {item.id}", item.text, item.citations[0])
    for key_figure in brief.key_figures:
        check(
            f"key figure {key_figure.item_id}",
            key_figure.context,
            replace(key_figure.citation, start=key_figure.context_start, end=key_figure.context_end),
        )
        check(
            f"key figure {key_figure.item_id}",
            key_figure.figure.text,
            replace(key_figure.citation, start=key_figure.figure.start, end=key_figure.figure.end),
        )
    for disagreement in brief.disagreements:
        for text, citation in disagreement.values:
            check(f"disagreement '{disagreement.measure}'", text, citation)
    if problems:
        raise CheckFailed(*(f"misquote: {problem}" for problem in problems))
