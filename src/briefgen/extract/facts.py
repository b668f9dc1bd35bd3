"""Facts: the sentences of a source that carry a figure or a date, cited verbatim."""

from __future__ import annotations

from bisect import bisect_left

from briefgen.extract.figures import anchors, find_figures
from briefgen.model import Document, Fact, Span
from briefgen.text import sentences


def outside_boilerplate(document: Document, sentence: Span) -> Span | None:
    """The sentence less boilerplate at its edges (" date 2024-07-10 As the chair...");
    None when boilerplate covers it or sits in its middle."""
    start, end = sentence.start, sentence.end
    for span in document.boilerplate:
        if span.end <= start or span.start >= end:
            continue
        if span.start <= start:
            start = span.end
        elif span.end >= end:
            end = span.start
        else:
            return None
    if (start, end) == (sentence.start, sentence.end):
        return sentence
    text = document.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None


def extract_facts(document: Document) -> tuple[Fact, ...]:
    text = document.text
    facts: list[Fact] = []
    # One scan for digits and number words; most sentences have none and are passed over.
    starts = anchors(text)
    for candidate in sentences(text):
        sentence = outside_boilerplate(document, candidate)
        if sentence is None:
            continue
        inside = starts[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]
        if not inside:
            continue
        figures = tuple(find_figures(text, sentence.start, sentence.end, inside))
        if not figures:
            continue
        facts.append(
            Fact(
                id=f"{document.id}#f{len(facts) + 1}",
                source=document.id,
                start=sentence.start,
                end=sentence.end,
                text=text[sentence.start : sentence.end],
                figures=figures,
            )
        )
    return tuple(facts)
