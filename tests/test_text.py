"""One sentence splitter for facts and quotes: where a sentence ends, whatever reads it."""

from __future__ import annotations

from pathlib import Path

from briefgen.extract.facts import extract_facts
from briefgen.extract.quotes import extract_quotes
from briefgen.model import Document
from briefgen.text import paragraphs, sentence_ends, sentences


def document(text: str) -> Document:
    return Document(id="t", path=Path("t.txt"), text=text, sha256="0" * 64)


def split(text: str) -> list[str]:
    return [text[span.start : span.end] for span in sentences(text)]


def test_a_sentence_may_start_with_a_capital_outside_ascii():
    assert split("The border post closed. Élysée officials said it would reopen. Ωmega left.") == [
        "The border post closed.",
        "Élysée officials said it would reopen.",
        "Ωmega left.",
    ]


def test_abbreviations_and_initials_inside_a_sentence_do_not_end_it():
    text = "Gov. Hill and Mr. Ortiz met the U.S. envoy and Adm. J. Reyes on Tuesday. Rev. Park left."
    assert split(text) == [
        "Gov. Hill and Mr. Ortiz met the U.S. envoy and Adm. J. Reyes on Tuesday.",
        "Rev. Park left.",
    ]


def test_a_full_stop_before_a_closing_quote_ends_the_sentence_with_the_quote():
    assert split("“We will stay.” The delegation left for the airport.") == [
        "“We will stay.”",
        "The delegation left for the airport.",
    ]


def test_a_list_number_opens_no_sentence_of_its_own():
    assert split("2. Ports reopened. Trade resumed.") == ["Ports reopened.", "Trade resumed."]


def test_facts_are_cut_where_the_splitter_cuts():
    text = "Exports fell 4% after the border post closed. Élysée officials said 30 lorries waited."
    assert [fact.text for fact in extract_facts(document(text))] == split(text)


def test_quotes_read_the_sentence_before_as_the_splitter_cuts_it():
    # "U.S." ends no sentence, so the sentence before the quote holds its speaker's verb.
    text = "Senator Jane Doe said in the U.S. Capitol that the talks went well. “We are close to a deal.”"
    assert [(quote.text, quote.speaker) for quote in extract_quotes(document(text))] == [
        ("We are close to a deal.", "Jane Doe")
    ]


def test_a_paragraphs_sentence_ends_are_where_its_sentences_end():
    text = "  Gov. Hill spoke. “It is done.” Élysée agreed.\nNext line."
    paragraph = paragraphs(text)[0]
    ends = list(sentence_ends(text, paragraph))
    assert [text[:end].rstrip()[-1] for end in ends] == [".", "”"]
    assert [span.end for span in sentences(text)][: len(ends)] == ends


def test_a_dateline_opening_a_paragraph_is_not_part_of_its_first_sentence():
    text = (
        "HARBURY — The port authority opened a second berth.\n\n"
        "OSLO, 4 March (Nordwire) – Ministers met on Friday. They agreed.\n\n"
        "WELLAND-ON-SEA -- 12 ferries were cancelled.\n\n"
        "NATO said the drill would go ahead.\n\n"
        "The UN — and its agencies — objected."
    )
    shown = [text[s.start : s.end] for s in sentences(text)]
    assert shown == [
        "The port authority opened a second berth.",
        "Ministers met on Friday.",
        "They agreed.",
        "12 ferries were cancelled.",
        "NATO said the drill would go ahead.",
        "The UN — and its agencies — objected.",
    ]
    (fact,) = extract_facts(document("HARBURY — The port authority opened 2 berths in 2024."))
    assert (fact.start, fact.text) == (10, "The port authority opened 2 berths in 2024.")
