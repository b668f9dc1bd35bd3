"""Audience profiles (templates/audiences/<name>.toml): who a pack is for and what it shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefgen.config.schema import Problems, check_keys, choices, count, read_toml, string
from briefgen.config.taxonomy import Taxonomy
from briefgen.config.theme import Theme
from briefgen.errors import ConfigError

ITEM_KINDS = ("quotes", "facts", "key_figures", "dates")
APPENDICES = ("disagreements", "whos_who", "glossary", "sources", "notes")
PROFILE_KEYS = (
    "title",
    "description",
    "reader",
    "marking",
    "sections",
    "lead",
    "kinds",
    "key_points",
    "key_figures",
    "key_dates",
    "facts_per_section",
    "quotes_per_section",
    "citations_per_item",
    "max_disagreements",
    "units_required",
    "appendices",
    "pages",
)


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
    appendices: tuple[str, ...]
    pages: tuple[int, int]
    path: Path


def _pages(problems: Problems, value: Any) -> tuple[int, int]:
    if value is None:
        return (0, 0)
    if not isinstance(value, dict):
        problems.add("pages", "must be a table such as { min = 4, max = 8 }")
        return (0, 0)
    check_keys(problems, "pages.", value, ("min", "max"))
    low = count(problems, "pages.min", value.get("min"), 0)
    high = count(problems, "pages.max", value.get("max"), 0)
    if high and low > high:
        problems.add("pages", f"min ({low}) is more than max ({high})")
    return (low, high)


def load_profile(theme: Theme, name: str, taxonomy: Taxonomy) -> AudienceProfile:
    path = theme.find(f"audiences/{name}.toml")
    data, problems = read_toml(path)
    check_keys(problems, "", data, PROFILE_KEYS)
    profile = AudienceProfile(
        name=name,
        title=string(problems, "title", data.get("title")),
        description=string(problems, "description", data.get("description")),
        reader=str(data.get("reader", "")),
        marking=string(problems, "marking", data.get("marking", "For official use")),
        sections=choices(problems, "sections", data.get("sections", list(taxonomy.names)), taxonomy.names),
        lead=data.get("lead", "facts") if data.get("lead", "facts") in ("facts", "quotes") else "",
        kinds=choices(problems, "kinds", data.get("kinds", list(ITEM_KINDS)), ITEM_KINDS),
        key_points=count(problems, "key_points", data.get("key_points"), 4),
        key_figures=count(problems, "key_figures", data.get("key_figures"), 6),
        key_dates=count(problems, "key_dates", data.get("key_dates"), 8),
        facts_per_section=count(problems, "facts_per_section", data.get("facts_per_section"), 4),
        quotes_per_section=count(problems, "quotes_per_section", data.get("quotes_per_section"), 2),
        citations_per_item=count(problems, "citations_per_item", data.get("citations_per_item"), 3),
        max_disagreements=count(problems, "max_disagreements", data.get("max_disagreements"), 0),
        units_required=bool(data.get("units_required", False)),
        appendices=choices(problems, "appendices", data.get("appendices", list(APPENDICES)), APPENDICES),
        pages=_pages(problems, data.get("pages")),
        path=path,
    )
    if not profile.lead:
        problems.add("lead", f"must be 'facts' or 'quotes', not {data.get('lead')!r}")
    if not isinstance(data.get("units_required", False), bool):
        problems.add("units_required", "must be true or false")
    if profile.citations_per_item < 1:
        problems.add("citations_per_item", "must be at least 1: every item cites its source")
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
