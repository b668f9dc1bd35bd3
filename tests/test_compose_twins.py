"""Composition that shares its work between profiles and trimmed versions gives the packs of
composing each version on its own, and reconciling finds the agreements of the list scan it
replaced, on generated corpora; the simple rules are written out here as the reference."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pytest

from briefgen.analysis import Analysis, analyse
from briefgen.clock import pack_date
from briefgen.compose import TRIM_LEVELS, Ranked, charted_series, compose, compose_candidates, short_first
from briefgen.compose.rank import (
    fact_item,
    is_speech,
    may_lead,
    quote_item,
    quoted_spans,
    ranked,
    recency,
    source_ref,
    stands_alone,
)
from briefgen.compose.scope import Focus, focus_of
from briefgen.compose.select import KEY_FIGURE_ORDER, clause_around, figure_candidates, key_figures, within
from briefgen.compose.timeline import key_dates, spans
from briefgen.config import AudienceProfile, Settings, Theme, load_profiles, trimmed
from briefgen.model import BriefItem, Document, Fact, KeyDate, KeyFigure, Phrase
from briefgen.reconcile import Measure, Reading, describe, find_conflicts, readings

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(count: int, out: Path, seed: int) -> None:
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_corpus", module)
    spec.loader.exec_module(module)
    module.make_corpus(count, out, seed=seed)


@pytest.fixture(scope="module", params=[(3, 1), (24, 7), (40, 11)], ids=lambda p: f"{p[0]}-sources")
def analysis(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    count, seed = request.param
    folder = tmp_path_factory.mktemp(f"corpus-{count}")
    make_corpus(count, folder, seed)
    return analyse([folder])


def ranked_reference(analysis: Analysis, profile: AudienceProfile, focus: Focus) -> Ranked:
    """One profile's ranking as first written: every item scored and sorted for it alone."""
    catalog = analysis.catalog
    order = {d.id: index for index, d in enumerate(catalog.documents)}
    fresh = recency(catalog.documents)
    wants = set(profile.kinds)
    dates = {d.id: d.date for d in catalog.documents}
    speech = quoted_spans(catalog.quotes)
    items = (
        fact_item(m, analysis, fresh, dates, profile.units_required, focus)
        for m in analysis.reconciled.facts
        if not is_speech(m.fact, speech)
    )
    facts = ranked((f for f in items if f.figures or (f.decision and not profile.units_required)), order)
    facts = [f for f in facts if stands_alone(f)]
    quotes = ranked(
        (quote_item(m, analysis, fresh, dates, focus) for m in analysis.reconciled.quotes if m.quote.speaker),
        order,
    )
    quotes = [q for q in quotes if stands_alone(q)]
    leads = ranked([*(facts if "facts" in wants else []), *(quotes if "quotes" in wants else [])], order)
    series = charted_series(analysis, [profile])
    leading_facts = [f for f in facts if may_lead(f)]
    return Ranked(
        focus,
        tuple(facts),
        tuple(quotes),
        tuple(leads),
        tuple(series) if "series" in profile.charts else (),
        tuple(short_first([c for c in leads if may_lead(c)], profile.key_point_words)),
        tuple(figure_candidates(leading_facts, analysis.measures)) if "key_figures" in wants else (),
        tuple(source_ref(d) for d in catalog.documents),
    )


def test_shared_rankings_give_each_versions_own_pack(analysis: Analysis) -> None:
    """Each profile's versions as if composed alone, each from a ranking of its own."""
    theme, settings = Theme(), Settings()
    date = pack_date(analysis.catalog.documents, None)
    focus = focus_of(analysis.catalog, settings.focus)
    expected = []
    for profile in load_profiles(theme, analysis.taxonomy):
        versions: list[object] = []
        items = ranked_reference(analysis, profile, focus)
        for level in range(TRIM_LEVELS if profile.pages[1] else 1):
            brief = compose(analysis, trimmed(profile, level), settings, date, items)
            if brief not in versions:
                versions.append(brief)
        expected.append(tuple(versions))
    assert compose_candidates(analysis, theme, settings=settings) == expected


def key_figures_reference(
    facts: Sequence[BriefItem],
    documents: dict[str, Document],
    count: int,
    measured: dict[tuple[str, int], Phrase],
) -> list[KeyFigure]:
    """The key figures as first chosen, their candidates ordered on each call."""
    candidates = [
        (
            KEY_FIGURE_ORDER[figure.kind] + (0 if any(ch.isdigit() for ch in figure.text) else 1),
            rank,
            figure,
            item,
        )
        for rank, item in enumerate(facts)
        for figure in item.figures
        if figure.is_amount and figure.disputed is None and (item.id, figure.start) in measured
    ]
    chosen: list[KeyFigure] = []
    seen: set[str] = set()
    ordered = sorted(candidates, key=lambda c: (c[0], c[1], c[2].start))
    first_of_fact: dict[str, int] = {}
    for index, candidate in enumerate(ordered):
        first_of_fact.setdefault(candidate[3].id, index)
    firsts = set(first_of_fact.values())
    ordered = [
        *(ordered[index] for index in sorted(firsts)),
        *(c for index, c in enumerate(ordered) if index not in firsts),
    ]
    for _, _, figure, item in ordered:
        if len(chosen) >= count:
            break
        measure = " ".join(measured[(item.id, figure.start)].shown.lower().split())
        if figure.text.lower() in seen or measure in seen:
            continue
        citation = item.citations[0]
        document = documents[citation.source]
        left, right = clause_around(document.text, figure.start, figure.end, citation.start, citation.end)
        seen.update((figure.text.lower(), measure))
        chosen.append(
            KeyFigure(
                figure, document.text[left:right], left, right, item.id, citation, within(item, left, right)
            )
        )
    return chosen


@pytest.mark.parametrize("count", [0, 1, 2, 5, 30])
def test_key_figures_from_candidates_ordered_once_are_those_ordered_each_time(
    analysis: Analysis, count: int
) -> None:
    for profile in load_profiles(Theme(), analysis.taxonomy):
        facts = [
            f
            for f in ranked_reference(analysis, profile, focus_of(analysis.catalog, ())).facts
            if may_lead(f)
        ]
        measured, documents = analysis.measures, analysis.documents
        ordered = figure_candidates(facts, measured)
        assert key_figures(ordered, documents, count, measured) == key_figures_reference(
            facts, documents, count, measured
        )


def key_dates_reference(
    facts: Sequence[BriefItem], documents: dict[str, Document], count: int, after: dt.date | None
) -> list[KeyDate]:
    """The rule as first written: every fact read, whether or not `count` are chosen."""
    chosen: list[KeyDate] = []
    seen: set[tuple[object, ...]] = set()
    for item in facts:
        citation = item.citations[0]
        document = documents[citation.source]
        text = document.text
        for start, end, period in spans(item, text, document.date):
            if len(chosen) >= count:
                break
            if after is not None and period.start <= after:
                continue
            left, right = clause_around(text, start, end, citation.start, citation.end)
            label = text[left:right]
            folded = [(item.id, period.start, period.end), (" ".join(label.lower().split()), period.start)]
            if any(key in seen for key in folded):
                continue
            seen.update(folded)
            chosen.append(
                KeyDate(
                    text[start:end],
                    start,
                    end,
                    period.start,
                    period.end,
                    period.inserted_year,
                    label,
                    left,
                    right,
                    item.id,
                    citation,
                    within(item, left, right),
                )
            )
    return sorted(chosen, key=lambda key_date: (key_date.start, key_date.end))


@pytest.mark.parametrize("count", [0, 1, 3, 8, 40])
def test_key_dates_stop_reading_once_chosen_as_the_full_scan_chooses(analysis: Analysis, count: int) -> None:
    profile = load_profiles(Theme(), analysis.taxonomy, ["press"])[0]
    facts = ranked_reference(analysis, profile, focus_of(analysis.catalog, ())).facts
    documents = analysis.documents
    dated = sorted({d.date for d in analysis.catalog.documents if d.date is not None})
    for after in (None, *(dated[len(dated) // 2 :][:1]), dt.date(2000, 1, 1)):
        assert key_dates(facts, documents, count, after) == key_dates_reference(
            facts, documents, count, after
        )


def agreeing_reference(readings: Sequence[Reading]) -> dict[str, list[tuple[Fact, str]]]:
    """Which facts state another's value, as first written: each looked for in the list of
    those already found."""
    by_measure: dict[Measure, list[Reading]] = defaultdict(list)
    for reading in readings:
        by_measure[reading.measure].append(reading)
    agreeing: dict[str, list[tuple[Fact, str]]] = defaultdict(list)
    for measure, whole in by_measure.items():
        if any(r.period is not None for r in whole):
            continue
        if len({reading.fact.source for reading in whole}) < 2:
            continue
        first_by_value: dict[tuple[object, ...], Reading] = {}
        for reading in whole:
            first = first_by_value.setdefault(reading.value, reading)
            if first.fact.source != reading.fact.source and reading.fact not in [
                fact for fact, _ in agreeing[first.fact.id]
            ]:
                why = f"states {reading.figure.text!r}, {describe(measure)}, as {first.fact.id} does"
                agreeing[first.fact.id].append((reading.fact, why))
    return {head: facts for head, facts in agreeing.items() if facts}


def test_agreeing_facts_found_by_id_are_those_found_by_scanning(analysis: Analysis) -> None:
    found = readings(analysis.catalog)
    # Each reading twice over as well: a fact met again must not be counted twice.
    for twice in (found, [*found, *found]):
        _, agreeing = find_conflicts(twice)
        assert {head: facts for head, facts in agreeing.items() if facts} == agreeing_reference(twice)


def test_an_analysis_spread_over_workers_is_the_one_made_in_order(analysis: Analysis) -> None:
    """Items classified and sources read for their body in worker processes, in chunks,
    give the analysis of doing it all in this process."""
    from functools import partial

    from briefgen.analysis import analyse_catalog
    from briefgen.build.produce import in_pool

    pooled = analyse_catalog(analysis.catalog, analysis.taxonomy, partial(in_pool, 2, least=1))
    assert pooled.sections == analysis.sections
    assert pooled.reconciled == analysis.reconciled
