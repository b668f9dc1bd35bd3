"""Reconciling across time: changes over time, disagreements, honest merges, spans of time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefgen.extract.facts import extract_facts
from briefgen.model import Catalog, Document
from briefgen.reconcile import CHANGE, DISAGREEMENT, reconcile


def doc(source_id: str, text: str, date: dt.date | None = None) -> Document:
    return Document(id=source_id, path=Path(f"{source_id}.txt"), text=text, sha256="0" * 64, date=date)


def reconciled(*documents: Document):
    facts = tuple(fact for document in documents for fact in extract_facts(document))
    return reconcile(Catalog(documents=documents, facts=facts))


def test_a_count_that_grows_over_dated_sources_is_a_change_oldest_first():
    result = reconciled(
        doc("new", "The ASEAN bloc grew to eleven member states.", dt.date(2024, 5, 1)),
        doc("old", "The ASEAN bloc has ten member states.", dt.date(2019, 3, 1)),
    )
    (conflict,) = result.conflicts
    assert conflict.kind == CHANGE
    assert [(source, text) for _, source, text in conflict.readings] == [
        ("old", "ten member states"),
        ("new", "eleven member states"),
    ]


def test_sources_of_the_same_date_that_differ_disagree():
    day = dt.date(2024, 5, 1)
    result = reconciled(
        doc("a", "The NATO summit drew 40 delegations.", day),
        doc("b", "The NATO summit drew 38 delegations.", day),
    )
    assert [c.kind for c in result.conflicts] == [DISAGREEMENT]


def test_a_count_that_shrinks_in_a_later_source_disagrees():
    result = reconciled(
        doc("a", "The NATO summit drew 40 delegations.", dt.date(2024, 5, 1)),
        doc("b", "The NATO summit drew 38 delegations.", dt.date(2024, 6, 1)),
    )
    assert [c.kind for c in result.conflicts] == [DISAGREEMENT]


def test_an_undated_source_makes_a_difference_a_disagreement():
    result = reconciled(
        doc("a", "The NATO summit drew 38 delegations.", dt.date(2024, 5, 1)),
        doc("b", "The NATO summit drew 40 delegations."),
    )
    assert [c.kind for c in result.conflicts] == [DISAGREEMENT]


def test_dates_of_one_event_that_do_not_overlap_disagree():
    result = reconciled(
        doc("a", "Leaders meet at the OSCE summit on May 14.", dt.date(2024, 5, 2)),
        doc("b", "The OSCE summit in April 2024 will open a new round.", dt.date(2024, 1, 9)),
    )
    (conflict,) = result.conflicts
    assert (conflict.measure, conflict.kind) == ("date of the summit (OSCE)", DISAGREEMENT)
    assert [text for _, _, text in conflict.readings] == ["May 14", "April 2024"]


def test_dates_of_one_event_that_overlap_agree_and_other_years_are_other_events():
    result = reconciled(
        doc("a", "Leaders meet at the OSCE summit on May 14.", dt.date(2024, 5, 2)),
        doc("b", "The OSCE summit in May 2024 will open a new round.", dt.date(2024, 1, 9)),
        doc("c", "The OSCE summit in June 2019 ended in a row.", dt.date(2019, 7, 1)),
    )
    assert result.conflicts == ()


def test_bare_durations_are_never_reconciled_or_merged():
    day = dt.date(2024, 10, 2)
    result = reconciled(
        doc("a", "The GOP convention ran four days in Milwaukee.", day),
        doc("b", "The DNC rally lasted two days.", day),
        doc("c", "The CNN debate ran 90 minutes with two breaks.", day),
        doc("d", "The ABC debate ran 90 minutes without an audience.", day),
        doc("e", "Critics said the policy failed ten years ago.", day),
        doc("f", "Supporters said the policy began six years ago.", day),
    )
    assert result.conflicts == ()
    assert all(not merged.also for merged in result.facts)
    assert len(result.facts) == 6


def test_a_disputed_figure_is_neither_merged_nor_a_disagreement():
    result = reconciled(
        doc("a", "The WHO fund paid out 40 grants."),
        doc("b", "A blog falsely claimed the WHO fund paid out 90 grants."),
        doc("c", "The WHO fund paid out 40 grants in all."),
    )
    assert result.conflicts == ()
    (merged,) = [m for m in result.facts if m.also]
    assert (merged.fact.source, [f.source for f in merged.also]) == ("a", ["c"])
    assert merged.why == ("states '40 grants', grants (WHO), as a#f1 does",)


def test_different_totals_do_not_merge():
    result = reconciled(
        doc("a", "In the UN vote, 85 of 154 members backed the motion."),
        doc("b", "In the UN vote, 85 of 160 members backed the motion."),
    )
    assert all(not merged.also for merged in result.facts)
