"""Audience profiles (templates/audiences/<name>.toml): who a pack is for and what it shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from briefgen.config.schema import Count, Flag, Names, OneOf, Schema, Table, Text, read_toml, validate
from briefgen.config.taxonomy import OVERVIEW, Taxonomy
from briefgen.config.theme import Theme
from briefgen.errors import ConfigError

ITEM_KINDS = ("quotes", "facts", "key_figures", "dates")
APPENDICES = ("disagreements", "whos_who", "glossary", "sources", "notes")
# The figures a pack may draw: its key dates on a time axis, a measure's dated values.
CHARTS = ("timeline", "series")
# The blocks an audience gets beside the sections: a press pack's quotable-lines table and
# notes to editors, an executive's what comes next, a desk's changes and disagreements up
# front and its note on the kinds of sources.
BLOCKS = ("quotable_lines", "notes_to_editors", "what_comes_next", "disagreements_first", "sources_note")


@dataclass(frozen=True)
class AudienceProfile:
    """Who a pack is for and what it shows them (templates/audiences/<name>.toml)."""

    name: str
    title: str
    description: str
    reader: str
    marking: str
    sections: tuple[str, ...]
    lead: str
    kinds: tuple[str, ...]
    key_points: int
    key_figures: int
    key_dates: int
    facts_per_section: int
    quotes_per_section: int
    citations_per_item: int
    max_disagreements: int  # 0: every disagreement the sources show
    units_required: bool
    metrics: int  # rows of the metrics table (measure, value, unit, period, change); 0: none
    appendices: tuple[str, ...]
    pages: tuple[int, int]
    path: Path
    charts: tuple[str, ...] = ()
    blocks: tuple[str, ...] = ()
    # A key point longer than this is passed over while shorter ones remain; 0: no bound.
    key_point_words: int = 0


def profile_schema(taxonomy: Taxonomy) -> Schema:
    """The keys of an audience file; the sections it may name come from the taxonomy."""
    return {
        "title": Text(),
        "description": Text(),
        "reader": Text(default="", empty=True),
        "marking": Text(default="For official use"),
        "sections": Names(default=taxonomy.names, choices=taxonomy.names),
        "lead": OneOf(default="facts", choices=("facts", "quotes")),
        "kinds": Names(default=ITEM_KINDS, choices=ITEM_KINDS),
        "key_points": Count(default=4),
        "key_figures": Count(default=6),
        "key_dates": Count(default=8),
        "facts_per_section": Count(default=4),
        "quotes_per_section": Count(default=2),
        "citations_per_item": Count(default=3),
        "max_disagreements": Count(default=0),
        "units_required": Flag(default=False),
        "metrics": Count(default=0),
        "appendices": Names(default=APPENDICES, choices=APPENDICES),
        "blocks": Names(default=(), choices=BLOCKS),
        "key_point_words": Count(default=0),
        "pages": Table(default={"min": 0, "max": 0}, schema=PAGES, example="{ min = 4, max = 8 }"),
        "charts": Names(default=(), choices=CHARTS),
    }


PAGES: Schema = {"min": Count(default=0), "max": Count(default=0)}


def with_added(sections: tuple[str, ...], added: tuple[str, ...]) -> tuple[str, ...]:
    """A profile's sections with those a user's sections.toml adds, after the themed ones
    (before an overview that closes the list): a new section shows in every pack without
    editing every profile."""
    new = tuple(name for name in added if name not in sections)
    if sections and sections[-1] == OVERVIEW:
        return (*sections[:-1], *new, OVERVIEW)
    return (*sections, *new)


def load_profile(theme: Theme, name: str, taxonomy: Taxonomy) -> AudienceProfile:
    path = theme.find(f"audiences/{name}.toml")
    data, problems = read_toml(path)
    values = validate(problems, data, profile_schema(taxonomy))
    pages = values.pop("pages")
    values["sections"] = with_added(values["sections"], taxonomy.added)
    profile = AudienceProfile(name=name, pages=(pages["min"], pages["max"]), path=path, **values)
    low, high = profile.pages
    if high and low > high:
        problems.add("pages", f"min ({low}) is more than max ({high})")
    if profile.citations_per_item < 1:
        problems.add("citations_per_item", "must be at least 1: every item cites its source")
    if "timeline" in profile.charts and "dates" not in profile.kinds:
        problems.add("charts", 'a timeline draws the key dates: add "dates" to kinds')
    if profile.key_points > 5:
        problems.add("key_points", f"must be at most 5 (bottom line up front), not {profile.key_points}")
    problems.raise_if_any()
    return profile


def trimmed(profile: AudienceProfile, level: int) -> AudienceProfile:
    """A leaner version of a profile, for a pack that overruns its page budget: each level
    shows one fact and one quote fewer per section, two dates and one key figure fewer."""
    if level == 0:
        return profile
    return replace(
        profile,
        facts_per_section=max(1, profile.facts_per_section - level),
        quotes_per_section=max(min(1, profile.quotes_per_section), profile.quotes_per_section - level),
        key_dates=max(0, profile.key_dates - 2 * level),
        key_figures=max(min(2, profile.key_figures), profile.key_figures - level),
        key_points=max(min(3, profile.key_points), profile.key_points - (level + 1) // 2),
        citations_per_item=max(1, profile.citations_per_item - level),
        max_disagreements=max(1, profile.max_disagreements - level) if profile.max_disagreements else 0,
    )


def audience_names(theme: Theme) -> list[str]:
    return [Path(name).stem for name in theme.names("audiences", ".toml")]


def load_profiles(theme: Theme, taxonomy: Taxonomy, names: Sequence[str] = ()) -> list[AudienceProfile]:
    """The named profiles (default: all), with every problem in every file reported at once."""
    known = audience_names(theme)
    wanted = list(names) or known
    problems: list[str] = [
        f"unknown audience '{name}' (known: {', '.join(known)})" for name in wanted if name not in known
    ]
    profiles = []
    for name in wanted:
        if name not in known:
            continue
        try:
            profiles.append(load_profile(theme, name, taxonomy))
        except ConfigError as error:
            problems.extend(error.problems)
    if problems:
        raise ConfigError(problems)
    return profiles
