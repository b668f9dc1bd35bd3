"""Sections from weighted terms; merged repeats and disagreements between sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.classify import Classifier
from briefgen.config import Theme, load_taxonomy
from briefgen.errors import ConfigError
from briefgen.extract.facts import extract_facts
from briefgen.model import Catalog, Document
from briefgen.reconcile import reconcile


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier(load_taxonomy(Theme()))


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("Border guards seized two tonnes of narcotics from traffickers.", "security"),
        ("Bilateral trade turnover rose as new investment flowed in.", "economy"),
        ("The drought has cut the river's water levels and threatens biodiversity.", "ecology"),
        ("Athletes and tourists filled the festival grounds.", "culture"),
        ("Iran was admitted as a full member, and two observer states applied for membership.", "expansion"),
        ("The weather was pleasant on Tuesday.", "overview"),
    ],
)
def test_items_go_to_the_best_scoring_section(classifier, text, section):
    assert classifier.classify(text).section == section


def test_the_reason_is_kept(classifier):
    result = classifier.classify("Counter-terrorism drills involved troops from six armies.")
    assert result.section == "security"
    assert "troops" in result.matched and "counter-terror*" in result.matched


def test_an_item_listing_several_themes_goes_to_overview(classifier):
    result = classifier.classify("The forum covered trade, investment, water, climate and tourism.")
    assert result.section == "overview"
    assert len(result.scores) >= 3


def test_user_sections_overlay_the_shipped_ones(tmp_path):
    (tmp_path / "sections.toml").write_text(
        'threshold = 1\n[sections.space]\ntitle = "Space"\ndescription = "Rockets."\nterms = { "rocket*" = 2 }\n'
    )
    classifier = Classifier(load_taxonomy(Theme.with_overlay(tmp_path)))
    assert classifier.classify("Two rockets launched.").section == "space"


def test_every_problem_in_sections_toml_is_reported_at_once(tmp_path):
    (tmp_path / "sections.toml").write_text(
        'threshold = "high"\ncolour = 1\n[sections.space]\ntitle = ""\ndescription = "x"\nterms = { "a" = -1 }\n'
    )
    with pytest.raises(ConfigError) as error:
        load_taxonomy(Theme.with_overlay(tmp_path))
    problems = error.value.problems
    path = tmp_path / "sections.toml"
    assert f"{path}:1: threshold: must be a number, not str" in problems
    assert any(p.startswith(f"{path}:2: colour: unknown key") for p in problems)
    assert f"{path}:4: sections.space.title: must be a non-empty string, not ''" in problems
    assert any("sections.space.terms.a: must be at least 0" in p for p in problems)
    assert error.value.exit_code == 2


def doc(source_id: str, text: str) -> Document:
    return Document(id=source_id, path=Path(f"{source_id}.txt"), text=text, sha256="0" * 64)


def reconciled(*documents: Document):
    facts = tuple(fact for document in documents for fact in extract_facts(document))
    return reconcile(Catalog(documents=documents, facts=facts))


def test_different_values_for_one_measure_are_a_conflict():
    result = reconciled(
        doc("a", "The NATO summit drew more than 40 delegations."),
        doc("b", "Officials said the NATO summit drew 38 delegations."),
    )
    assert len(result.conflicts) == 1
    conflict = result.conflicts[0]
    assert conflict.measure == "delegations (NATO)"
    assert [(source, text) for _, source, text in conflict.readings] == [
        ("a", "more than 40 delegations"),
        ("b", "38 delegations"),
    ]


def test_the_same_value_from_two_sources_is_one_fact_with_two_citations():
    result = reconciled(
        doc("a", "The OSCE adopted a security strategy until 2030 in May."),
        doc("b", "Diplomats praised the OSCE security strategy until 2030."),
    )
    assert result.conflicts == ()
    assert len(result.facts) == 1
    assert result.facts[0].sources == ("a", "b")


def test_a_source_giving_two_values_for_one_measure_is_not_a_conflict():
    result = reconciled(
        doc("a", "The EU signed 25 documents at the summit. Over the year the EU adopted 60 documents."),
        doc("b", "The EU adopted 60 documents."),
    )
    assert result.conflicts == ()


def test_member_states_and_nations_are_one_measure():
    result = reconciled(
        doc("a", "The ASEAN bloc has ten member states."),
        doc("b", "The admission of a new member expanded ASEAN membership to eleven nations."),
    )
    assert [conflict.measure for conflict in result.conflicts] == ["member states (ASEAN)"]


def test_the_subject_comes_from_the_sentence_before_when_the_fact_names_none():
    result = reconciled(
        doc("a", "The CSTO chair reported progress. More than 80 events were held."),
        doc("b", "The SCO chair reported progress. More than 160 events were held."),
    )
    assert result.conflicts == ()


def test_merging_never_loses_a_fact_or_a_figure():
    result = reconciled(
        doc("a", "The SCO held 30 events."),
        doc("b", "The SCO held 30 events and signed 12 documents."),
        doc("c", "The SCO signed 12 documents."),
    )
    shown = [merged.fact.text for merged in result.facts]
    assert "The SCO held 30 events and signed 12 documents." in shown
    figures = {f.text for merged in result.facts for f in merged.fact.figures}
    assert {"30 events", "12 documents"} <= figures


def test_a_count_after_by_is_a_change_not_a_level_of_the_same_measure():
    # "shrink by 400 patients" counts a difference; "a trial with 900 patients" a level.
    result = reconciled(
        doc("a", "The Westmark Clinic said its waiting list would shrink by a further 400 patients."),
        doc("b", "The Westmark Clinic ran a trial with 900 patients."),
    )
    assert result.conflicts == ()
    changes = reconciled(
        doc("a", "The Westmark Clinic said its waiting list would shrink by 400 patients."),
        doc("b", "The Westmark Clinic said its waiting list would shrink by 500 patients."),
    )
    assert [conflict.measure for conflict in changes.conflicts] == ["patients (change)"]
