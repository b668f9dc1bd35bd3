"""Facts as verbatim sentences; acronyms with their long forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.extract.acronyms import extract_acronyms
from briefgen.extract.facts import extract_facts
from briefgen.model import Document, Span
from briefgen.text import sentences


def document(text: str, boilerplate: tuple[Span, ...] = ()) -> Document:
    return Document(id="t", path=Path("t.txt"), text=text, sha256="0" * 64, boilerplate=boilerplate)


def test_sentences_do_not_break_after_abbreviations_initials_or_decimals():
    text = "Mr. Smith met K. Tokayev on Sept. 8 to discuss 5.1% growth. The U.S. agreed."
    assert [text[s.start : s.end] for s in sentences(text)] == [
        "Mr. Smith met K. Tokayev on Sept. 8 to discuss 5.1% growth.",
        "The U.S. agreed.",
    ]


def test_a_fact_is_a_verbatim_sentence_with_its_figures():
    text = "The minister arrived.\nExports rose 12% to $3 billion in 2024. Nobody objected."
    facts = extract_facts(document(text))
    assert [fact.text for fact in facts] == ["Exports rose 12% to $3 billion in 2024."]
    fact = facts[0]
    assert text[fact.start : fact.end] == fact.text
    assert [figure.text for figure in fact.figures] == ["12%", "$3 billion", "2024"]
    assert fact.id == "t#f1"


def test_crlf_text_keeps_exact_offsets():
    text = "Headline\r\n\r\nThe army sent 300 troops.\r\nMore later."
    fact = extract_facts(document(text))[0]
    assert text[fact.start : fact.end] == "The army sent 300 troops."


def test_boilerplate_at_the_start_of_a_sentence_is_trimmed_off():
    text = "date 2024-07-10 The bank lent $5 million."
    fact = extract_facts(document(text, (Span(0, 15),)))[0]
    assert fact.text == "The bank lent $5 million."


def test_sentences_inside_boilerplate_are_not_facts():
    text = "Real news: 40 ships.\nSubscribe now and get 50% off!"
    facts = extract_facts(document(text, (Span(21, len(text)),)))
    assert [fact.text for fact in facts] == ["Real news: 40 ships."]


@pytest.mark.parametrize(
    ("text", "short", "long"),
    [
        ("The North Atlantic Treaty Organization (NATO) met.", "NATO", "North Atlantic Treaty Organization"),
        ("Foreign direct investment (FDI) rose.", "FDI", "Foreign direct investment"),
        (
            "He chairs the Organisation for Economic Co-operation and Development (OECD) panel.",
            "OECD",
            "Organisation for Economic Co-operation and Development",
        ),
        (
            "Members of the Regional Anti-Terrorist Structure (RATS) met.",
            "RATS",
            "Regional Anti-Terrorist Structure",
        ),
        ("The IMF (International Monetary Fund) warned.", "IMF", "International Monetary Fund"),
        ("Ties with the Organization of Turkic States (OTS) grew.", "OTS", "Organization of Turkic States"),
    ],
)
def test_acronym_definitions(text, short, long):
    acronyms = extract_acronyms(document(text))
    defined = [a for a in acronyms if a.long]
    assert [(a.short, a.long) for a in defined] == [(short, long)]
    assert long in text[defined[0].start : defined[0].end]


def test_a_parenthesis_after_an_unrelated_phrase_is_not_a_definition():
    acronyms = extract_acronyms(document("The company said profits rose (AP)."))
    assert [(a.short, a.long) for a in acronyms] == [("AP", None)]


def test_acronyms_used_but_never_defined_are_listed_without_long_form():
    acronyms = extract_acronyms(document("The UN and the WTO met in Geneva."))
    assert [(a.short, a.long) for a in acronyms] == [("UN", None), ("WTO", None)]


def test_datelines_headlines_and_roman_numerals_are_not_acronyms():
    text = "ASTANA — Talks began.\nII. Trade\nBREAKING NEWS ON TRADE\nThe EU agreed."
    assert [a.short for a in extract_acronyms(document(text))] == ["EU"]
