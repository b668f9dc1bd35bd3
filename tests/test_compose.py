"""From catalog to Brief: sections in profile order, kinds per audience, verified spans."""

from __future__ import annotations

from dataclasses import replace

import pytest

from briefgen.analysis import analyse
from briefgen.compose import compose_briefs, verify
from briefgen.config import Theme
from briefgen.errors import CheckFailed, ConfigError

EPOCH = "1735689600"  # 2025-01-01


@pytest.fixture(scope="module")
def analysis(request):
    from tests.conftest import SEEDS

    return analyse([SEEDS])


@pytest.fixture(scope="module")
def briefs(analysis):
    return {b.audience: b for b in compose_briefs(analysis, Theme(), source_date_epoch=EPOCH)}


def all_items(brief):
    return [*brief.key_points, *(i for s in brief.sections for i in (*s.facts, *s.quotes))]


def test_every_shipped_audience_is_composed(briefs):
    assert sorted(briefs) == ["diplomatic", "executive", "investor", "press"]


def test_sections_follow_each_profile_order(briefs):
    assert [s.name for s in briefs["diplomatic"].sections][:2] == ["security", "expansion"]
    assert briefs["investor"].sections[0].name == "economy"
    assert [s.name for s in briefs["executive"].sections] == [
        "security",
        "economy",
        "expansion",
        "ecology",
        "culture",
    ]


def test_executive_has_key_points_and_figures_and_one_fact_per_section_no_quotes(briefs):
    brief = briefs["executive"]
    assert 3 <= len(brief.key_points) <= 5
    assert brief.key_figures
    assert all(len(s.facts) == 1 and not s.quotes for s in brief.sections)


def test_press_leads_with_quotes_and_shows_speakers_and_dates(briefs):
    brief = briefs["press"]
    assert brief.lead == "quotes"
    quotes = list(brief.quotable_lines)
    assert quotes and all(q.speaker for q in quotes)
    # The quotable-lines table holds the quotes; the sections do not repeat them.
    assert not any(s.quotes for s in brief.sections)
    assert brief.key_dates
    assert brief.people


def test_diplomatic_shows_the_membership_and_events_as_dated_changes_and_the_summit_date_as_a_disagreement(
    briefs,
):
    brief = briefs["diplomatic"]
    assert any(p.name.endswith("Vassilenko") and p.roles for p in brief.people)

    def dated(d):
        return [(text, brief.notes[c.note - 1].date.isoformat()) for text, c in d.values]

    measures = {(d.measure, d.kind): dated(d) for d in brief.disagreements}
    assert measures == {
        ("events (SCO)", "change"): [
            ("over 150 events", "2024-07-02"),
            ("approximately 150 events", "2024-07-10"),
            ("more than 160 events", "2025-02-21"),
        ],
        ("member states (SCO)", "change"): [
            ("eight member states", "2023-07-05"),
            ("ten nations", "2024-07-10"),
        ],
        ("date of the summit (SCO)", "disagreement"): [("July 3", "2024-07-02"), ("June 2024", "2023-07-05")],
    }


def test_investor_figures_all_have_units(briefs):
    brief = briefs["investor"]
    facts = [f for s in brief.sections for f in s.facts]
    assert facts and all(fig.unit for f in facts for fig in f.figures)
    assert all(fig.kind not in {"year", "date", "range"} for f in facts for fig in f.figures)


def test_the_2035_strategy_is_one_item_cited_from_both_sources(briefs):
    brief = briefs["diplomatic"]
    items = [i for i in all_items(brief) if "until 2035" in i.text]
    assert items
    assert {c.source for c in items[0].citations} == {"003_dc08bbe889f63825", "004_8753a5daf2dfcb1a"}


def test_every_item_is_verbatim_and_notes_number_sources(briefs, analysis):
    texts = {d.id: d.text for d in analysis.catalog.documents}
    for brief in briefs.values():
        for item in all_items(brief):
            first = item.citations[0]
            assert texts[first.source][first.start : first.end] == item.text
            assert all(brief.notes[c.note - 1].id == c.source for c in item.citations)


def test_ranking_is_deterministic_and_explained(analysis):
    first = compose_briefs(analysis, Theme(), ["diplomatic"], source_date_epoch=EPOCH)
    second = compose_briefs(analysis, Theme(), ["diplomatic"], source_date_epoch=EPOCH)
    assert first == second
    assert all("section terms" in item.rank_reason for item in all_items(first[0]))


def test_an_altered_item_fails_the_verbatim_check_naming_item_and_source(briefs, analysis):
    brief = briefs["press"]
    section = brief.sections[0]
    item = section.facts[0] if section.facts else section.quotes[0]
    altered = replace(item, text=item.text.replace("the", "a", 1) + " (edited)")
    tampered = replace(brief, key_points=(altered,))
    with pytest.raises(CheckFailed) as error:
        verify(tampered, analysis.catalog.documents)
    assert item.id in str(error.value) and item.citations[0].source in str(error.value)
    assert error.value.exit_code == 1


def test_a_users_profile_overlays_the_shipped_ones(analysis, tmp_path):
    (tmp_path / "audiences").mkdir()
    (tmp_path / "audiences" / "board.toml").write_text(
        'title = "Board note"\ndescription = "Economy only."\nsections = ["economy"]\nkinds = ["facts"]\n'
        "facts_per_section = 2\n"
    )
    (brief,) = compose_briefs(analysis, Theme.with_overlay(tmp_path), ["board"], source_date_epoch=EPOCH)
    assert [s.name for s in brief.sections] == ["economy"]
    assert len(brief.sections[0].facts) == 2


def test_profile_problems_are_all_reported_with_file_line_and_key(analysis, tmp_path):
    (tmp_path / "audiences").mkdir()
    path = tmp_path / "audiences" / "bad.toml"
    path.write_text(
        'title = "Bad"\ndescription = "x"\nsections = ["economy", "sport"]\nfacts_per_section = -2\ncolour = "red"\n'
    )
    with pytest.raises(ConfigError) as error:
        compose_briefs(analysis, Theme.with_overlay(tmp_path), ["bad"], source_date_epoch=EPOCH)
    problems = error.value.problems
    assert (
        f"{path}:3: sections: unknown name 'sport' (expected one of: security, economy, ecology, culture, "
        "expansion, overview)" in problems
    )
    assert f"{path}:4: facts_per_section: must not be negative, not -2" in problems
    assert any(p.startswith(f"{path}:5: colour: unknown key") for p in problems)


def test_pack_date_comes_from_source_date_epoch_or_the_newest_source(analysis):
    (from_epoch,) = compose_briefs(analysis, Theme(), ["executive"], source_date_epoch=EPOCH)
    (from_sources,) = compose_briefs(analysis, Theme(), ["executive"], source_date_epoch=None)
    assert from_epoch.date.isoformat() == "2025-01-01"
    assert from_sources.date.isoformat() == "2025-02-21"


def test_a_disagreement_shows_each_value_once_and_short_packs_keep_few(tmp_path):
    for name, count in (("a", 40), ("b", 40), ("c", 38), ("d", 41)):
        (tmp_path / f"{name}.txt").write_text(
            f"Summit report\n\nThe NATO summit drew {count} delegations in 2024.\n"
        )
    analysis = analyse([tmp_path])
    (diplomatic,) = compose_briefs(analysis, Theme(), ["diplomatic"], source_date_epoch=EPOCH)
    (disagreement,) = diplomatic.disagreements
    assert [text for text, _ in disagreement.values] == ["40 delegations", "38 delegations", "41 delegations"]
    (executive,) = compose_briefs(analysis, Theme(), ["executive"], source_date_epoch=EPOCH)
    assert len(executive.disagreements) <= 2


def test_section_items_come_in_display_order_with_the_profiles_lead_first(briefs):
    def kinds(brief):
        return [[item.kind for item in section.items] for section in brief.sections]

    diplomatic = kinds(briefs["diplomatic"])
    assert any("quote" in section and "fact" in section for section in diplomatic)
    assert all(section == sorted(section, key=lambda kind: kind != "fact") for section in diplomatic)


@pytest.mark.parametrize("audience", ["executive", "press", "diplomatic", "investor"])
def test_seed_key_dates_are_in_date_order_each_with_a_year(briefs, audience):
    import re

    key_dates = briefs[audience].key_dates
    assert [(kd.start, kd.end) for kd in key_dates] == sorted((kd.start, kd.end) for kd in key_dates)
    assert all(kd.inserted_year or re.search(r"\b(?:19|20)\d{2}\b", kd.when) for kd in key_dates)
    assert len({(kd.start, kd.end, kd.label) for kd in key_dates}) == len(key_dates)


def test_the_briefing_of_2_july_2024_puts_the_summit_on_3_july_2024(briefs):
    (summit,) = [kd for kd in briefs["press"].key_dates if kd.when == "July 3"]
    assert (summit.inserted_year, summit.start.isoformat()) == (2024, "2024-07-03")


def test_a_quote_is_shown_without_the_comma_of_its_attribution_and_still_verified(briefs, analysis):
    texts = {d.id: d.text for d in analysis.catalog.documents}
    quotes = {q.id: q for q in analysis.catalog.quotes}
    line = next(q for q in briefs["press"].quotable_lines if quotes[q.id].text.endswith(","))
    first = line.citations[0]
    assert line.text == quotes[line.id].text[:-1] == texts[first.source][first.start : first.end]
    assert texts[first.source][first.end] == ","
    with_comma = replace(line, text=quotes[line.id].text)
    with pytest.raises(CheckFailed, match=line.id):
        verify(replace(briefs["press"], quotable_lines=(with_comma,)), analysis.catalog.documents)
