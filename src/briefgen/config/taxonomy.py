"""The sections and their weighted terms (templates/sections.toml)."""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.config.schema import Number, Schema, Table, Tables, Text, Weights, read_toml, validate
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


SECTION: Schema = {"title": Text(), "description": Text(), "terms": Weights(default={})}
OVERVIEW_TABLE: Schema = {"title": Text(default="Overview"), "description": Text(default="", empty=True)}
TAXONOMY: Schema = {
    "threshold": Number(default=1.0),
    "mixed_ratio": Number(default=1.0, maximum=1),
    "overview": Table(default={"title": "Overview", "description": ""}, schema=OVERVIEW_TABLE),
    "sections": Tables(schema=SECTION, example="[sections.NAME]"),
}


def load_taxonomy(theme: Theme) -> Taxonomy:
    """The sections and their weighted terms from `sections.toml`."""
    data, problems = read_toml(theme.find("sections.toml"))
    values = validate(problems, data, TAXONOMY)
    problems.raise_if_any()
    sections = tuple(
        SectionSpec(
            name=name,
            title=table["title"],
            description=table["description"],
            terms=tuple(Term(term, weight) for term, weight in table["terms"].items()),
        )
        for name, table in values["sections"].items()
    )
    overview = SectionSpec(OVERVIEW, values["overview"]["title"], values["overview"]["description"])
    return Taxonomy(sections, overview, values["threshold"], values["mixed_ratio"])
