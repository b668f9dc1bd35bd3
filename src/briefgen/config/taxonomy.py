"""The sections and their weighted terms (templates/sections.toml).

A `sections.toml` in the user's templates folder is merged over the shipped one, not put in
its place: a table `[sections.NAME]` it adds is a new section, one it shares extends or
changes that section key by key (its terms added to the shipped terms), and a top-level key
(`threshold`, `mixed_ratio`, `overview`) replaces the shipped value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    added: tuple[str, ...] = ()  # sections a user's sections.toml adds to the shipped ones

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


def merged(base: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """overlay over base: sections by name, each section's keys and terms one by one."""
    result = {**base, **{key: value for key, value in overlay.items() if key != "sections"}}
    sections = {name: dict(table) for name, table in base.get("sections", {}).items()}
    for name, table in overlay.get("sections", {}).items():
        if isinstance(table, dict) and isinstance(sections.get(name), dict):
            terms = {**sections[name].get("terms", {}), **table.get("terms", {})}
            sections[name] = {**sections[name], **table, "terms": terms}
        else:
            sections[name] = table
    if sections:
        result["sections"] = sections
    return result


def load_taxonomy(theme: Theme) -> Taxonomy:
    """The sections and their weighted terms from every `sections.toml` of the theme, the
    user's merged over the shipped one."""
    paths = [
        folder / "sections.toml" for folder in reversed(theme.folders) if (folder / "sections.toml").is_file()
    ]
    if not paths:
        theme.find("sections.toml")  # raises, naming the folders searched
    data: dict[str, Any] = {}
    shipped: set[str] = set()
    for index, path in enumerate(paths):
        layer, problems = read_toml(path)
        problems.raise_if_any()
        if index == 0:
            shipped = set(layer.get("sections", {}))
        data = merged(data, layer)
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
    added = tuple(section.name for section in sections if section.name not in shipped)
    return Taxonomy(sections, overview, values["threshold"], values["mixed_ratio"], added)
