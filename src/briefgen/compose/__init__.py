"""Compose a Brief for one audience from an analysed catalog. No formatting happens here.

Ranking is in `rank`, the choice of key points, figures and dates in `select`, and the check
that every item is the span it cites in `verify`. `compose_candidates` adds the leaner
versions of a pack that a page budget may need.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from briefgen.analysis import Analysis
from briefgen.clock import pack_date
from briefgen.compose.metrics import cited_metric, described, measured_values, metrics
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
from briefgen.compose.select import (
    FigureCandidate,
    NoteNumbers,
    distinct_readings,
    figure_candidates,
    key_figures,
    mentioned,
    pick_key_points,
    relevant_conflicts,
)
from briefgen.compose.series import find_series
from briefgen.compose.timeline import key_dates
from briefgen.compose.verify import verify
from briefgen.config import AudienceProfile, Settings, Theme, load_profiles, load_settings, trimmed
from briefgen.model import Brief, BriefItem, BriefSection, Citation, Disagreement, Fact, Series, SourceRef

# A pack of at most this many pages leaves out the items about other bodies altogether.
SHORT_PACK_PAGES = 2
CONTEXT_PER_SECTION = 2


@dataclass(frozen=True)
class Ranked:
    """A profile's items, ranked: what every trimmed version of its pack chooses from. The
    versions differ only in how many of each they take, so the orders they take them in are
    made here, once, too."""

    focus: Focus
    facts: tuple[BriefItem, ...]
    quotes: tuple[BriefItem, ...]
    leads: tuple[BriefItem, ...]  # the facts and quotes the profile shows, in rank order
    series: tuple[Series, ...]  # the sources' series, longest first, when the profile charts them
    points: tuple[BriefItem, ...]  # the leads that may be key points, the short ones first
    figures: tuple[FigureCandidate, ...]  # the key figures' candidates, in the order they are taken
    sources: tuple[SourceRef, ...]  # every source as a pack lists it, in catalog order


def charted_series(analysis: Analysis, profiles: Sequence[AudienceProfile]) -> tuple[Series, ...]:
    """The catalog's series, found once for all the profiles (finding them reads every
    source), or none when no profile charts them."""
    if not any("series" in profile.charts for profile in profiles):
        return ()
    return tuple(find_series(analysis.catalog.facts, analysis.catalog.documents))


def rank_profiles(
    analysis: Analysis, profiles: Sequence[AudienceProfile], focus: Focus, series: Sequence[Series]
) -> list[Ranked]:
    """Each profile's ranked items, with `series` (the catalog's) when it charts them. What
    depends on the catalog and not the profile is made once for all of them: the quotes, the
    sources' references, and the facts, leads and orders of the profiles that read figures
    alike (`units_required`) and show the same kinds; a large catalog's items were scored
    and sorted again for each profile."""
    catalog = analysis.catalog
    order = {d.id: index for index, d in enumerate(catalog.documents)}
    fresh = recency(catalog.documents)
    dates = {d.id: d.date for d in catalog.documents}
    speech = quoted_spans(catalog.quotes)
    sources = tuple(source_ref(d) for d in catalog.documents)
    # An item that opens on a reference nothing resolves ("It ...") is not shown at all.
    quotes = tuple(
        q
        for q in ranked(
            (
                quote_item(m, analysis, fresh, dates, focus)
                for m in analysis.reconciled.quotes
                if m.quote.speaker
            ),
            order,
        )
        if stands_alone(q)
    )

    @functools.cache
    def facts(units_required: bool) -> tuple[BriefItem, ...]:
        items = (
            fact_item(m, analysis, fresh, dates, units_required, focus)
            for m in analysis.reconciled.facts
            if not is_speech(m.fact, speech)
        )
        # A decision without a figure is a fact for every pack but one that shows only amounts.
        kept = ranked((f for f in items if f.figures or (f.decision and not units_required)), order)
        return tuple(f for f in kept if stands_alone(f))

    @functools.cache
    def leads(units_required: bool, with_facts: bool, with_quotes: bool) -> tuple[BriefItem, ...]:
        shown = [*(facts(units_required) if with_facts else ()), *(quotes if with_quotes else ())]
        return tuple(ranked(shown, order))

    @functools.cache
    def points(
        units_required: bool, with_facts: bool, with_quotes: bool, words: int
    ) -> tuple[BriefItem, ...]:
        leading = [c for c in leads(units_required, with_facts, with_quotes) if may_lead(c)]
        return tuple(short_first(leading, words))

    @functools.cache
    def figures(units_required: bool) -> tuple[FigureCandidate, ...]:
        leading = [f for f in facts(units_required) if may_lead(f)]
        return tuple(figure_candidates(leading, analysis.measures))

    def ranked_for(profile: AudienceProfile) -> Ranked:
        wants = set(profile.kinds)
        shows = (profile.units_required, "facts" in wants, "quotes" in wants)
        return Ranked(
            focus,
            facts(profile.units_required),
            quotes,
            leads(*shows),
            tuple(series) if "series" in profile.charts else (),
            points(*shows, profile.key_point_words),
            figures(profile.units_required) if "key_figures" in wants else (),
            sources,
        )

    return [ranked_for(profile) for profile in profiles]


def compose(
    analysis: Analysis,
    profile: AudienceProfile,
    settings: Settings,
    date: dt.date | None,
    items: Ranked | None = None,
) -> Brief:
    """The profile's Brief; `items` are its ranked items when they are already known (the
    trimmed versions of a profile share its ranking)."""
    catalog = analysis.catalog
    items = (
        items
        or rank_profiles(
            analysis, [profile], focus_of(catalog, settings.focus), charted_series(analysis, [profile])
        )[0]
    )
    focus = items.focus
    documents = {d.id: d for d in catalog.documents}
    wants = set(profile.kinds)
    facts, quotes = list(items.facts), list(items.quotes)

    notes = NoteNumbers(profile.citations_per_item)
    points = [notes.cite(item) for item in pick_key_points(items.points, profile.key_points)]
    figures = [
        replace(described(kf, analysis), citation=notes.cite_citation(kf.citation))
        for kf in (
            key_figures(items.figures, documents, profile.key_figures, analysis.measures)
            if "key_figures" in wants
            else []
        )
    ]
    amounts = measured_values([f for f in facts if f.in_scope], analysis) if profile.metrics else []
    table = [cited_metric(metric, notes) for metric in metrics(amounts, documents, profile.metrics)]
    # The chart follows the key figures on the page, so its notes are numbered next.
    series = (
        [
            replace(s, points=tuple(replace(p, citation=notes.cite_citation(p.citation)) for p in s.points))
            for s in items.series[:1]
        ]
        if "series" in profile.charts
        else []
    )
    sections = []
    # A pack with a page budget does not spend room on a key point twice; a full pack's
    # sections are complete, its key points among them.
    in_key_points = {item.id for item in points} if profile.pages[1] else set()
    with_context = not (profile.pages[1] and profile.pages[1] <= SHORT_PACK_PAGES)

    def chosen(items: list[BriefItem], name: str, limit: int, in_scope: bool) -> list[BriefItem]:
        # The first `limit` only: a large catalog's items are not all scanned for each section.
        wanted = (
            i for i in items if i.section == name and i.id not in in_key_points and i.in_scope == in_scope
        )
        return list(itertools.islice(wanted, limit))

    # A pack with a quotable-lines table shows its quotes there, before the sections, not in them.
    quotes_table = "quotable_lines" in profile.blocks and "quotes" in wants
    quotable_lines = [
        notes.cite(item)
        for name in profile.sections
        for item in (chosen(quotes, name, profile.quotes_per_section, True) if quotes_table else [])
    ]
    for name in profile.sections:
        spec = analysis.taxonomy.spec(name)

        section_facts = chosen(facts, name, profile.facts_per_section, True) if "facts" in wants else []
        section_quotes = (
            chosen(quotes, name, profile.quotes_per_section, True)
            if "quotes" in wants and not quotes_table
            else []
        )
        context = (
            [
                *(chosen(facts, name, CONTEXT_PER_SECTION, False) if "facts" in wants else []),
                *(chosen(quotes, name, 1, False) if "quotes" in wants else []),
            ]
            if with_context
            else []
        )
        if not section_facts and not section_quotes and not context:
            continue
        cited = (
            [notes.cite(item) for item in (*section_quotes, *section_facts)]
            if profile.lead == "quotes"
            else [notes.cite(item) for item in (*section_facts, *section_quotes)]
        )
        sections.append(
            BriefSection(
                name=name,
                title=spec.title,
                description=spec.description,
                items=tuple(cited),
                context=tuple(notes.cite(item) for item in context),
            )
        )
    timeline = (
        [
            replace(key_date, citation=notes.cite_citation(key_date.citation))
            for key_date in key_dates([f for f in facts if f.in_scope], documents, profile.key_dates)
        ]
        if "dates" in wants
        else []
    )
    disagreements = []
    if "disagreements" in profile.appendices:
        fact_by_id = {fact.id: fact for fact in catalog.facts}
        shown_facts = {
            item.id
            for item in [*points, *(i for s in sections for i in (*s.items, *s.context) if i.kind == "fact")]
        }
        shown_facts |= {key_date.item_id for key_date in timeline}
        shown_facts |= {kf.item_id for kf in figures}
        conflicts = relevant_conflicts(analysis.reconciled.conflicts, shown_facts, profile.max_disagreements)
        for conflict in conflicts:
            values = []
            for item_id, source, text in distinct_readings(conflict.readings):
                fact: Fact = fact_by_id[item_id]
                figure = next(f for f in fact.figures if f.text == text)
                values.append((text, Citation(notes.number(source), source, figure.start, figure.end)))
            disagreements.append(Disagreement(conflict.measure, tuple(values), conflict.kind))

    # The best-ranked events after the pack's date, as many as its key dates: a large corpus
    # names hundreds, and the block is trimmed with the rest to fit the page budget.
    coming = (
        key_dates([f for f in facts if f.in_scope], documents, profile.key_dates, after=date)
        if "what_comes_next" in profile.blocks and date is not None
        else []
    )
    coming = [replace(key_date, citation=notes.cite_citation(key_date.citation)) for key_date in coming]
    shown = [
        *points,
        *quotable_lines,
        *(item for section in sections for item in (*section.items, *section.context)),
    ]
    # Key figures and metrics show their measure, not the clause around them.
    measures = [kf.measure.shown for kf in (*figures, *(m.value for m in table)) if kf.measure]
    shown_text = " ".join([*(item.text for item in shown), *measures, *(kd.label for kd in timeline)])
    people = tuple(p for p in catalog.people if p.roles and mentioned(p, shown))
    glossary = (
        tuple(a for a in catalog.acronyms if a.long and re.search(rf"\b{re.escape(a.short)}\b", shown_text))
        if "glossary" in profile.appendices
        else ()
    )
    refs = {ref.id: ref for ref in items.sources}
    return Brief(
        audience=profile.name,
        title=profile.title,
        subtitle=settings.subject,
        description=profile.description,
        reader=profile.reader,
        marking=profile.marking,
        organisation=settings.organisation,
        language=settings.language,
        date=date,
        page_budget=profile.pages,
        lead=profile.lead,
        sources=items.sources,
        key_points=tuple(points),
        key_figures=tuple(figures),
        key_dates=tuple(timeline),
        sections=tuple(sections),
        disagreements=tuple(disagreements),
        people=people if "whos_who" in profile.appendices else (),
        glossary=glossary,
        notes=tuple(refs[source] for source in notes.order),
        appendices=profile.appendices,
        focus=focus.names,
        focus_derived=focus.derived,
        author=settings.author,
        contact=settings.contact,
        disclaimer=settings.disclaimer,
        cutoff=max((d.date for d in catalog.documents if d.date is not None), default=None),
        metrics=tuple(table),
        charts=profile.charts,
        series=tuple(series),
        blocks=profile.blocks,
        quotable_lines=tuple(quotable_lines),
        coming=tuple(coming),
    )


def short_first(items: list[BriefItem], words: int) -> list[BriefItem]:
    """The items of at most `words` words first, each group in rank order: a key point is
    one line where the sources allow, a longer one only when too few short ones remain."""
    if not words:
        return items
    # One pass deciding each item's group: testing membership in the list of short items
    # compared every item with all of them (quadratic in a large corpus's items).
    is_short = [len(item.shown_text.split()) <= words for item in items]
    return [
        *(item for item, short in zip(items, is_short, strict=True) if short),
        *(item for item, short in zip(items, is_short, strict=True) if not short),
    ]


def pack_focus(analysis: Analysis, settings: Settings | None = None) -> Focus:
    """The focus a pack of these sources and settings has (for the command line to say)."""
    return focus_of(analysis.catalog, (settings or load_settings()).focus)


def focus_message(names: Sequence[str]) -> str:
    return (
        f"focus derived from the sources: {', '.join(names) or 'nothing they share'} "
        "(set `focus` in briefgen.toml to choose)"
    )


TRIM_LEVELS = 4


def compose_candidates(
    analysis: Analysis,
    theme: Theme,
    audiences: Sequence[str] = (),
    *,
    settings: Settings | None = None,
    source_date_epoch: str | None = None,
    trim: bool = True,
) -> list[tuple[Brief, ...]]:
    """For each audience, its verified Brief and, when its profile sets a page budget,
    leaner versions to fall back on if the laid-out pack overruns it (fullest first)."""
    settings = settings or load_settings()
    date = pack_date(analysis.catalog.documents, source_date_epoch)
    candidates = []
    focus = focus_of(analysis.catalog, settings.focus)
    profiles = load_profiles(theme, analysis.taxonomy, audiences)
    series = charted_series(analysis, profiles)
    for profile, items in zip(profiles, rank_profiles(analysis, profiles, focus, series), strict=True):
        levels = range(TRIM_LEVELS) if trim and profile.pages[1] else range(1)
        versions = []
        for level in levels:
            brief = compose(analysis, trimmed(profile, level), settings, date, items)
            verify(brief, analysis.catalog.documents)
            if brief not in versions:
                versions.append(brief)
        candidates.append(tuple(versions))
    return candidates


def compose_briefs(
    analysis: Analysis,
    theme: Theme,
    audiences: Sequence[str] = (),
    *,
    settings: Settings | None = None,
    source_date_epoch: str | None = None,
) -> list[Brief]:
    """A verified Brief per audience (default: every profile in the theme), before any
    trimming to a page budget."""
    return [
        versions[0]
        for versions in compose_candidates(
            analysis, theme, audiences, settings=settings, source_date_epoch=source_date_epoch, trim=False
        )
    ]
