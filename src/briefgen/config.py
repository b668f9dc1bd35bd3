"""Configuration that users change: the theme folders, the section taxonomy, audience profiles.

Everything is validated up front and every problem is reported at once, each naming the
file, the line and the key (MkDocs and Pelican do the same for their settings).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefgen.errors import ConfigError
from briefgen.sources import parse_toml

def _shipped_templates() -> Path:
    """The default theme: inside the package in a wheel (hatch force-include), at the top of
    the repository in a checkout, so both use the same files."""
    installed = Path(__file__).parent / "templates"
    return installed if installed.is_dir() else Path(__file__).resolve().parents[2] / "templates"


SHIPPED_TEMPLATES = _shipped_templates()
OVERVIEW = "overview"


@dataclass(frozen=True)
class Theme:
    """Template folders, the user's first: a user file overrides the shipped one of that name."""

    folders: tuple[Path, ...] = (SHIPPED_TEMPLATES,)

    @classmethod
    def with_overlay(cls, user_folder: Path | None) -> Theme:
        if user_folder is None:
            return cls()
        if not user_folder.is_dir():
            raise ConfigError([f"{user_folder}: templates folder not found"])
        return cls((user_folder, SHIPPED_TEMPLATES))

    def find(self, name: str) -> Path:
        for folder in self.folders:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        raise ConfigError([f"{name}: not found in {', '.join(str(f) for f in self.folders)}"])

    def names(self, subfolder: str, suffix: str) -> list[str]:
        """File names in a subfolder across the overlay, each listed once."""
        found: set[str] = set()
        for folder in self.folders:
            if (folder / subfolder).is_dir():
                found.update(p.name for p in (folder / subfolder).iterdir() if p.suffix == suffix)
        return sorted(found)


@dataclass(frozen=True)
class Term:
    text: str  # lower case; a trailing * matches any ending
    weight: float

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.text.split())


@dataclass(frozen=True)
class SectionSpec:
    name: str
    title: str
    description: str
    terms: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    sections: tuple[SectionSpec, ...]
    overview: SectionSpec
    threshold: float
    mixed_ratio: float = 1.0

    def spec(self, name: str) -> SectionSpec:
        if name == self.overview.name:
            return self.overview
        return next(section for section in self.sections if section.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        return (*(section.name for section in self.sections), self.overview.name)


class Problems:
    """Collects configuration problems so that all of them are reported together."""

    def __init__(self, path: Path, raw: str) -> None:
        self.path = path
        self.raw = raw
        self.items: list[str] = []

    def add(self, key: str, message: str) -> None:
        self.items.append(f"{self.path}:{self.line(key)}: {key}: {message}")

    def line(self, dotted_key: str) -> int:
        """The line that sets a dotted key: searched from its table's header, if it has one."""
        parts = dotted_key.split(".")
        offset = 0
        for depth in range(len(parts) - 1, 0, -1):
            header = re.search(rf"^\s*\[\s*{re.escape('.'.join(parts[:depth]))}\s*\]", self.raw, re.MULTILINE)
            if header:
                offset = header.start()
                break
        last = re.escape(parts[-1])
        key = re.compile(
            rf"(?:^|[\s{{,])(?P<key>\"?{last}\"?)\s*=|^\s*(?P<key2>\[[^\]]*\b{last})\]", re.MULTILINE
        )
        match = key.search(self.raw, offset)
        if not match:
            return self.raw.count("\n", 0, offset) + 1
        return self.raw.count("\n", 0, match.start(match.lastgroup or 0)) + 1

    def raise_if_any(self) -> None:
        if self.items:
            raise ConfigError(self.items)


def read_toml(path: Path) -> tuple[dict[str, Any], Problems]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError([f"{path}: cannot read: {error}"]) from error
    return parse_toml(raw, path), Problems(path, raw)


def check_keys(problems: Problems, prefix: str, table: Mapping[str, Any], allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    for key in table:
        if key not in allowed:
            problems.add(f"{prefix}{key}", f"unknown key (expected one of: {', '.join(allowed)})")


def string(problems: Problems, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.add(key, f"must be a non-empty string, not {value!r}")
        return ""
    return value


def number(problems: Problems, key: str, value: Any, *, minimum: float = 0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.add(key, f"must be a number, not {type(value).__name__}")
        return 0.0
    if value < minimum:
        problems.add(key, f"must be at least {minimum}, not {value}")
    return float(value)


def _section(problems: Problems, name: str, table: Any) -> SectionSpec:
    key = f"sections.{name}"
    if not isinstance(table, dict):
        problems.add(key, "must be a table with title, description and terms")
        return SectionSpec(name, name, "")
    check_keys(problems, f"{key}.", table, ("title", "description", "terms"))
    terms_table = table.get("terms", {})
    terms: list[Term] = []
    if not isinstance(terms_table, dict):
        problems.add(f"{key}.terms", "must be a table of term = weight")
    else:
        for term, weight in terms_table.items():
            terms.append(Term(term.lower(), number(problems, f"{key}.terms.{term}", weight)))
    return SectionSpec(
        name=name,
        title=string(problems, f"{key}.title", table.get("title")),
        description=string(problems, f"{key}.description", table.get("description")),
        terms=tuple(terms),
    )


def load_taxonomy(theme: Theme) -> Taxonomy:
    """The sections and their weighted terms from `sections.toml`."""
    data, problems = read_toml(theme.find("sections.toml"))
    check_keys(problems, "", data, ("threshold", "mixed_ratio", "overview", "sections"))
    sections_table = data.get("sections")
    sections: list[SectionSpec] = []
    if not isinstance(sections_table, dict) or not sections_table:
        problems.add("sections", "must define at least one [sections.NAME] table")
    else:
        sections = [_section(problems, name, table) for name, table in sections_table.items()]
    overview_table = data.get("overview", {})
    overview = SectionSpec(OVERVIEW, "Overview", "")
    if isinstance(overview_table, dict):
        check_keys(problems, "overview.", overview_table, ("title", "description"))
        overview = SectionSpec(
            OVERVIEW,
            string(problems, "overview.title", overview_table.get("title", "Overview")),
            str(overview_table.get("description", "")),
        )
    else:
        problems.add("overview", "must be a table with title and description")
    threshold = number(problems, "threshold", data.get("threshold", 1.0))
    mixed_ratio = number(problems, "mixed_ratio", data.get("mixed_ratio", 1.0))
    if mixed_ratio > 1:
        problems.add("mixed_ratio", f"must be between 0 and 1, not {mixed_ratio}")
    problems.raise_if_any()
    return Taxonomy(tuple(sections), overview, threshold, mixed_ratio)


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


def _count(problems: Problems, key: str, value: Any, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(key, f"must be a whole number, not {value!r}")
        return default
    if value < 0:
        problems.add(key, f"must not be negative, not {value}")
        return default
    return value


def _choices(problems: Problems, key: str, value: Any, allowed: Sequence[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.add(key, f"must be a list of names from: {', '.join(allowed)}")
        return ()
    for item in value:
        if item not in allowed:
            problems.add(key, f"unknown name '{item}' (expected one of: {', '.join(allowed)})")
    return tuple(item for item in value if item in allowed)


def _pages(problems: Problems, value: Any) -> tuple[int, int]:
    if value is None:
        return (0, 0)
    if not isinstance(value, dict):
        problems.add("pages", "must be a table such as { min = 4, max = 8 }")
        return (0, 0)
    check_keys(problems, "pages.", value, ("min", "max"))
    low = _count(problems, "pages.min", value.get("min"), 0)
    high = _count(problems, "pages.max", value.get("max"), 0)
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
        sections=_choices(problems, "sections", data.get("sections", list(taxonomy.names)), taxonomy.names),
        lead=data.get("lead", "facts") if data.get("lead", "facts") in ("facts", "quotes") else "",
        kinds=_choices(problems, "kinds", data.get("kinds", list(ITEM_KINDS)), ITEM_KINDS),
        key_points=_count(problems, "key_points", data.get("key_points"), 4),
        key_figures=_count(problems, "key_figures", data.get("key_figures"), 6),
        key_dates=_count(problems, "key_dates", data.get("key_dates"), 8),
        facts_per_section=_count(problems, "facts_per_section", data.get("facts_per_section"), 4),
        quotes_per_section=_count(problems, "quotes_per_section", data.get("quotes_per_section"), 2),
        citations_per_item=_count(problems, "citations_per_item", data.get("citations_per_item"), 3),
        max_disagreements=_count(problems, "max_disagreements", data.get("max_disagreements"), 0),
        units_required=bool(data.get("units_required", False)),
        appendices=_choices(problems, "appendices", data.get("appendices", list(APPENDICES)), APPENDICES),
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


SETTINGS_FILE = Path("briefgen.toml")
SETTINGS_KEYS = ("subject", "organisation", "language")


@dataclass(frozen=True)
class Settings:
    """Project settings (./briefgen.toml): what the packs are about and who issues them."""

    subject: str = "Briefing pack"
    organisation: str = "briefgen"
    language: str = "en"


def load_settings(path: Path | None = None) -> Settings:
    """Settings from path, or from ./briefgen.toml when it exists, else the defaults."""
    if path is None:
        if not SETTINGS_FILE.is_file():
            return Settings()
        path = SETTINGS_FILE
    data, problems = read_toml(path)
    check_keys(problems, "", data, SETTINGS_KEYS)
    defaults = Settings()
    settings = Settings(
        subject=string(problems, "subject", data.get("subject", defaults.subject)),
        organisation=string(problems, "organisation", data.get("organisation", defaults.organisation)),
        language=string(problems, "language", data.get("language", defaults.language)),
    )
    problems.raise_if_any()
    return settings
