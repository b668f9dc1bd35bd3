"""Configuration that users change: the theme folders, the section taxonomy, audience profiles.

Everything is validated up front and every problem is reported at once, each naming the
file, the line and the key (MkDocs and Pelican do the same for their settings).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.errors import ConfigError
from briefgen.sources import parse_toml

SHIPPED_TEMPLATES = Path(__file__).parent / "templates"
SECTION_NAMES = ("security", "economy", "ecology", "culture", "expansion")
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
        key = re.compile(rf"(?:^|[\s{{,])(?P<key>\"?{last}\"?)\s*=|^\s*(?P<key2>\[[^\]]*\b{last})\]", re.MULTILINE)
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
