"""The sections and their weighted terms (templates/sections.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefgen.config.schema import Problems, check_keys, number, read_toml, string
from briefgen.config.theme import Theme

OVERVIEW = "overview"


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
