"""References an item leans on, resolved in brackets with the antecedent's own words, the
dates of relative time words, what each sentence is about, and decisions as facts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefgen.extract.facts import extract_facts
from briefgen.extract.references import document_references
from briefgen.model import Document, with_insertions


def document(text: str, date: dt.date | None = None) -> Document:
    return Document("t", Path("t.txt"), text, "0", date=date, date_basis="dateline" if date else "none")


def sentence_reads(text: str, sentence: str, date: dt.date | None = None) -> tuple[str, list[str]]:
    """The sentence as a pack shows it, and the references left unresolved in it."""
    start = text.index(sentence)
    resolution = document_references(document(text, date)).resolution(start, start + len(sentence))
    unresolved = [text[span.start : span.end] for span in resolution.unresolved]
    return with_insertions(sentence, start, resolution.insertions), unresolved


def test_the_country_takes_the_country_the_sentence_before_is_about():
    text = "Norway exported 12% more fish in 2023. The country attracted $3 billion in investment."
    shown, unresolved = sentence_reads(text, "The country attracted $3 billion in investment.")
    assert shown == "[Norway] attracted $3 billion in investment."
    assert unresolved == []
    (insertion,) = document_references(document(text)).insertions
    assert (insertion.start, insertion.end) == (text.index("The country"), text.index(" attracted"))
    assert (insertion.antecedent_start, insertion.antecedent_end) == (0, len("Norway"))


def test_it_continues_the_subject_and_a_chain_of_references_keeps_the_first_words():
    text = (
        "As the largest economy in the region, Norway accounts for 40% of its trade. "
        "It registered 5% growth in 2023. The country attracted $3 billion in 2023."
    )
    assert (
        sentence_reads(text, "It registered 5% growth in 2023.")[0]
        == "[Norway] registered 5% growth in 2023."
    )
    assert sentence_reads(text, "The country attracted $3 billion in 2023.")[0] == (
        "[Norway] attracted $3 billion in 2023."
    )


def test_he_is_the_person_named_before_by_name_not_title():
    text = "Deputy Minister Lars Holm met reporters in Oslo. He noted that 40 ships docked in 2023."
    assert sentence_reads(text, "He noted that 40 ships docked in 2023.")[0] == (
        "[Lars Holm] noted that 40 ships docked in 2023."
    )


def test_this_route_takes_the_named_route_with_its_article():
    text = (
        "Traffic grows on the Baltic Coastal Freight Route this spring. "
        "Cargo along this route exceeded 2 million tons in 2023."
    )
    assert sentence_reads(text, "Cargo along this route exceeded 2 million tons in 2023.")[0] == (
        "Cargo along [the Baltic Coastal Freight Route] exceeded 2 million tons in 2023."
    )


def test_the_organisation_is_the_body_named_before_and_a_name_in_the_sentence_needs_nothing():
    text = (
        "The Nordic Fisheries Council (NFC) met in Bergen. The organization is the oldest of its kind. "
        "In Bergen the NFC said the organization had 12 members."
    )
    assert sentence_reads(text, "The organization is the oldest of its kind.") == (
        "[The Nordic Fisheries Council] is the oldest of its kind.",
        [],
    )
    assert sentence_reads(text, "In Bergen the NFC said the organization had 12 members.") == (
        "In Bergen the NFC said the organization had 12 members.",
        [],
    )


def test_a_placeholder_it_and_a_reference_nothing_resolves():
    text = "Talks ended in Oslo. It is necessary to adopt a new plan by 2025. This was announced in May 2024."
    assert sentence_reads(text, "It is necessary to adopt a new plan by 2025.") == (
        "It is necessary to adopt a new plan by 2025.",
        [],
    )
    assert sentence_reads(text, "This was announced in May 2024.")[1] == ["This"]


def test_relative_time_words_get_the_date_from_the_source_date():
    text = (
        "The summit opens tomorrow in Oslo. Sales rose this year and fell last month. Today’s world is fast."
    )
    date = dt.date(2024, 7, 2)
    assert sentence_reads(text, "The summit opens tomorrow in Oslo.", date)[0].endswith(
        "tomorrow [July 3, 2024] in Oslo."
    )
    assert sentence_reads(text, "Sales rose this year and fell last month.", date)[0] == (
        "Sales rose this year [2024] and fell last month [June 2024]."
    )
    assert sentence_reads(text, "Today’s world is fast.", date)[0] == "Today’s world is fast."
    undated = sentence_reads(text, "Sales rose this year and fell last month.")[0]
    assert "[" not in undated


def test_a_sentence_is_about_its_body_else_its_paragraphs():
    text = (
        "During its chairmanship of the Arctic Council, Norway focused on shipping. "
        "More than 80 events were held in 2024.\n"
        "Norway accounts for 40% of the fish trade.\n"
    )
    references = document_references(document(text))
    second = text.index("More than")
    about = references.resolution(second, second + 10)
    assert (about.about, about.about_basis) == ("Arctic Council", "paragraph")
    third = text.index("Norway accounts")
    assert references.resolution(third, third + 5).about == "Norway"


def test_a_decision_without_a_number_is_a_fact_with_its_actor():
    text = (
        "Norway proposed an agreement on fishing quotas. Ministers plan to adopt it later. "
        "“We adopted nothing,” she said. Officials condemned the so-called three evils.\n"
    )
    facts = extract_facts(document(text))
    assert [(f.id, f.decision, f.actor, f.figures) for f in facts] == [
        ("t#d1", "proposed", "Norway", ()),
        ("t#d2", "condemned", "Officials", ()),
    ]
