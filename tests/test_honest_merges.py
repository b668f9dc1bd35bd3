"""Honest merges: a citation only where its source states the item's figure, checked at build
time; spans of time are never merged or called a disagreement."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefgen.analysis
from briefgen.analysis import analyse, explain_merges
from briefgen.cli import main
from briefgen.compose import compose_briefs
from briefgen.config import Theme
from briefgen.reconcile import MergedFact, Reconciled, reconcile

# Two articles about two different debates that both ran 90 minutes, and a convention and a
# rally that ran four days and two days: nothing here is one fact told twice.
DEBATES = {
    "cnn": "Debate night\nLONDON, 3 October 2024\nThe CNN debate ran 90 minutes in Atlanta. "
    "The GOP convention ran four days. Viewers numbered 51 million.\n",
    "abc": "Second debate\nLONDON, 3 October 2024\nThe ABC debate ran 90 minutes in Philadelphia. "
    "The DNC rally ran two days. The network hired 120 reporters.\n",
}


@pytest.fixture
def debates(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    for name, text in DEBATES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def test_two_debates_of_90_minutes_and_four_or_two_days_merge_nothing_and_disagree_on_nothing(debates):
    analysis = analyse([debates])
    assert analysis.reconciled.conflicts == ()
    assert all(not merged.also for merged in analysis.reconciled.facts)
    for brief in compose_briefs(analysis, Theme()):
        assert brief.disagreements == ()
        items = [*brief.key_points, *(i for s in brief.sections for i in s.items)]
        assert all(len({c.source for c in item.citations}) == 1 for item in items)


def forge_a_wrong_merge(catalog, mapper=map) -> Reconciled:
    """The ABC "120 reporters" sentence folded into the CNN "51 million" one, as a broken
    reconciler might: the CNN item would cite an ABC span that says nothing of 51 million."""
    honest = reconcile(catalog)
    viewers = next(m for m in honest.facts if "51 million" in m.fact.text)
    adverts = next(m for m in honest.facts if "120 reporters" in m.fact.text)
    forged = MergedFact(viewers.fact, (adverts.fact,), ("forged",))
    facts = tuple(forged if m is viewers else m for m in honest.facts if m is not adverts)
    return replace(honest, facts=facts)


def test_a_forged_wrong_merge_fails_the_build_with_exit_1(debates, tmp_path, monkeypatch, stub_writers):
    monkeypatch.setattr(briefgen.analysis, "reconcile", forge_a_wrong_merge)
    result = CliRunner().invoke(
        main, ["build", str(debates), "--out", str(tmp_path / "reports"), "--format", "pdf", "-j", "1"]
    )
    assert result.exit_code == 1, result.output
    assert "which does not state '51 million'" in result.stderr
    assert "cites abc[" in result.stderr


def test_explain_lists_the_merged_items_and_why(tmp_path):
    for name, text in {
        "a": "The WHO fund paid out 40 grants.",
        "b": "Auditors confirmed the WHO fund paid out 40 grants.",
    }.items():
        (tmp_path / f"{name}.txt").write_text(f"Grants\n{text}\n", encoding="utf-8")
    analysis = analyse([tmp_path])
    assert explain_merges(analysis, "a#f1") == [("b#f1", "states '40 grants', grants (WHO), as a#f1 does")]
    result = CliRunner().invoke(main, ["explain", "a#f1", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "merged: b#f1: states '40 grants', grants (WHO), as a#f1 does" in result.stdout
