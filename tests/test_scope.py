"""Packs about their subject: the focus, items in scope first and others under Context, key
points and figures in scope and standing alone, every insertion verified at build time, a
warning when the sections do not fit the subject, and a user's section merged in."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import extract as extract_package
from briefgen.analysis import analyse
from briefgen.classify import overview_share
from briefgen.cli import main
from briefgen.compose import compose_briefs
from briefgen.compose.rank import may_lead
from briefgen.compose.scope import Focus
from briefgen.compose.verify import verify
from briefgen.config import Settings, Theme, load_profiles, load_taxonomy
from briefgen.errors import CheckFailed
from briefgen.model import BriefItem, Citation, Insertion, Resolution

SEEDS = Path(__file__).parents[1] / "seeds"
HEALTH = Path(__file__).parent / "cases" / "health_board"
AUDIENCES = ["executive", "press", "diplomatic", "investor"]


def packs(folder: Path, settings: Settings) -> tuple[object, list]:
    analysis = analyse([folder])
    return analysis, compose_briefs(analysis, Theme(), AUDIENCES, settings=settings, source_date_epoch=None)


@pytest.fixture(scope="module")
def seeds():
    return packs(SEEDS, Settings())


@pytest.fixture(scope="module")
def health():
    return packs(HEALTH, Settings())


def shown_items(brief) -> list[BriefItem]:
    return [*brief.key_points, *(i for s in brief.sections for i in (*s.items, *s.context))]


@pytest.mark.parametrize("corpus", ["seeds", "health"])
def test_nothing_shown_opens_on_an_unresolved_reference(corpus, request):
    _, briefs = request.getfixturevalue(corpus)
    for brief in briefs:
        for item in shown_items(brief):
            assert not item.resolution.leads_unresolved(item.text, item.citations[0].start), item.id
            assert not re.match(r"[“\"]?(It|He|She|This|These|That)\b", item.shown_text), item.id
        for item in brief.key_points:
            assert may_lead(item) and not item.resolution.unresolved, item.id


def test_the_seed_packs_lead_with_the_sco_and_kazakhstan_and_nothing_of_other_bodies(seeds):
    analysis, briefs = seeds
    assert briefs[0].focus == ("SCO", "Kazakhstan") and briefs[0].focus_derived
    focus = Focus(briefs[0].focus, True, {a.long: a.short for a in analysis.catalog.acronyms if a.long})
    for brief in briefs:
        assert all(focus.covers(item.resolution.about) for item in brief.key_points), brief.audience
        lines = [*(i.shown_text for i in brief.key_points), *(kf.shown_context for kf in brief.key_figures)]
        for line in lines:
            assert "45 billion" not in line and "More than 80 events" not in line, (brief.audience, line)
        assert all(kd.item_id != "004_8753a5daf2dfcb1a#f14" for kd in brief.key_dates)
    key_figures = [kf.shown_context for kf in briefs[0].key_figures]
    assert (
        "[Kazakhstan] attracted $23 billion in foreign direct investment (FDI) and recorded a foreign trade turnover of $140 billion in 2023"
        in key_figures
    )


def test_the_diplomatic_security_section_carries_the_proposal_and_the_action_plan(seeds):
    _, briefs = seeds
    diplomatic = briefs[AUDIENCES.index("diplomatic")]
    (security,) = [s for s in diplomatic.sections if s.name == "security"]
    security_lines = [
        i.text for i in (*security.items, *(p for p in diplomatic.key_points if p.section == "security"))
    ]
    assert any("confidence-building measures in the military sphere" in line for line in security_lines)
    assert any(
        line.startswith("The approved action plan on international information security")
        for line in security_lines
    )
    # The CSTO's chairmanship is context, not the SCO's security record.
    assert [i.id for i in security.context] == ["004_8753a5daf2dfcb1a#f8"]
    assert not any(s.context for s in briefs[AUDIENCES.index("executive")].sections)


def test_three_evils_is_no_figure(seeds):
    analysis, _ = seeds
    assert not any(
        "three" in figure.text
        for fact in analysis.catalog.facts
        for figure in fact.figures
        if "evils" in fact.text
    )
    assert not any("evils" in fact.text and fact.figures for fact in analysis.catalog.facts)


def test_the_health_corpus_keeps_the_neighbouring_board_out_of_key_points_and_figures(health):
    analysis, briefs = health
    assert briefs[0].focus == ("NHB",)
    for brief in briefs:
        lines = [*(i.shown_text for i in brief.key_points), *(kf.shown_context for kf in brief.key_figures)]
        assert lines and not any("Eastmoor" in line or "Nurses' Union" in line for line in lines), (
            brief.audience
        )
    diplomatic = briefs[AUDIENCES.index("diplomatic")]
    context = [i.id for s in diplomatic.sections for i in s.context]
    assert "07_digital#f4" in context  # the Eastmoor board's own figures
    share = overview_share(analysis.catalog, analysis.sections, analysis.taxonomy)
    assert share.too_many and {"patients", "nurses", "beds"} <= set(share.terms)


def test_outline_warns_about_overview_and_says_the_derived_focus(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["outline", str(HEALTH), "--audience", "press"])
    assert result.exit_code == 0, result.output
    assert "briefgen: focus derived from the sources: NHB" in result.stderr
    assert re.search(
        r"41 of 42 items \(98%\) land in Overview.*Terms that would place them: .*patients", result.stderr
    )
    assert "[The Northvale Health Board] also signed an agreement" in result.stdout
    assert "this year [2024] we start with more beds" in result.stdout


def test_a_focus_in_the_settings_is_used_as_given(tmp_path):
    analysis = analyse([HEALTH])
    (brief,) = compose_briefs(
        analysis, Theme(), ["diplomatic"], settings=Settings(focus=("Eastmoor Health Board",))
    )
    assert brief.focus == ("Eastmoor Health Board",) and not brief.focus_derived
    assert brief.key_points and all(p.resolution.about == "Eastmoor Health Board" for p in brief.key_points)
    context = [i for s in brief.sections for i in s.context]
    assert context and all(not i.in_scope for i in context)
    assert "03_strike#f1" in [i.id for i in context]  # the Northvale nurses' vote


def test_a_short_or_unattributed_quote_never_leads():
    def quote(text: str, speaker: str | None) -> BriefItem:
        return BriefItem(
            "s#q1", "quote", text, "overview", (Citation(0, "s", 0, len(text)),), "", 1.0, speaker
        )

    assert may_lead(quote("We will finish the new ward by spring.", "Ann Lee"))
    assert not may_lead(quote("Good news, really.", "Ann Lee"))
    assert not may_lead(quote("We will finish the new ward by spring.", None))
    assert not may_lead(replace(quote("We will finish the new ward by spring.", "Ann Lee"), in_scope=False))


def test_a_forged_insertion_fails_the_check_naming_the_item(seeds):
    analysis, briefs = seeds
    brief = briefs[AUDIENCES.index("diplomatic")]
    point = next(
        i
        for i in brief.key_points + tuple(i for s in brief.sections for i in s.items)
        if i.resolution.insertions
    )
    forged = replace(
        point,
        resolution=replace(
            point.resolution, insertions=(replace(point.resolution.insertions[0], text="Russia"),)
        ),
    )
    tampered = replace(brief, key_points=(forged,))
    with pytest.raises(CheckFailed, match=re.escape(f"fact {point.id}: inserts [Russia]")):
        verify(tampered, analysis.catalog.documents)


def test_a_forged_insertion_fails_the_build_with_exit_1(monkeypatch, tmp_path, stub_writers):
    """The insertion is forged where extraction makes it, so the build's own check meets it."""
    real = extract_package.document_references

    def forging(document, quotes=()):
        found = real(document, quotes)
        forged = tuple(replace(i, text="Moscow") if i.kind == "antecedent" else i for i in found.insertions)
        return replace(found, insertions=forged)

    monkeypatch.setattr(extract_package, "document_references", forging)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(SEEDS),
            "--out",
            str(tmp_path / "out"),
            "--cache-dir",
            str(tmp_path / "state"),
            "--format",
            "html",
            "-j",
            "1",
        ],
    )
    assert result.exit_code == 1, result.output
    assert re.search(
        r"misquote: (fact|quote|key figure) \w+#\w+: inserts \[Moscow\] for 'The country'", result.stderr
    )


def test_a_users_sections_toml_adds_one_section_to_the_shipped_ones(tmp_path):
    (tmp_path / "sections.toml").write_text(
        '[sections.health]\ntitle = "Health"\ndescription = "Hospitals and patients."\n'
        'terms = { "patient*" = 3, "nurse*" = 3, "hospital*" = 3, "beds" = 2 }\n',
        encoding="utf-8",
    )
    theme = Theme.with_overlay(tmp_path)
    taxonomy = load_taxonomy(theme)
    assert taxonomy.names == ("security", "economy", "ecology", "culture", "expansion", "health", "overview")
    assert taxonomy.added == ("health",)
    profiles = {p.name: p for p in load_profiles(theme, taxonomy)}
    assert profiles["press"].sections[-2:] == ("ecology", "health")
    assert profiles["executive"].sections[-1] == "health"
    assert profiles["diplomatic"].sections[-2:] == ("health", "overview")
    analysis = analyse([HEALTH], theme=theme)
    share = overview_share(analysis.catalog, analysis.sections, analysis.taxonomy)
    placed = sum(1 for c in analysis.sections.values() if c.section == "health")
    assert (share.overview, placed) == (21, 21)  # 41 of 42 were in Overview without it


def test_an_insertion_shows_in_place_of_its_reference():
    item = BriefItem(
        "s#f1",
        "fact",
        "The country grew 5% in 2023.",
        "economy",
        (Citation(1, "s", 100, 128),),
        "",
        1.0,
        resolution=Resolution((Insertion(100, 111, "Norway", "antecedent", 10, 16),)),
    )
    assert item.shown_text == "[Norway] grew 5% in 2023."
