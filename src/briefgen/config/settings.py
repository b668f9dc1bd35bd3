"""Project settings (./briefgen.toml): what the packs are about and who issues them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.config.schema import Schema, Text, Texts, read_toml, validate

SETTINGS_FILE = Path("briefgen.toml")


@dataclass(frozen=True)
class Settings:
    """Project settings (./briefgen.toml): what the packs are about and who issues them."""

    subject: str = "Briefing pack"
    organisation: str = "briefgen"
    # Who wrote the pack and whom to ask about it; the cover prints them when set.
    author: str = ""
    contact: str = ""
    # The cover's closing line: what the pack is and is not (e.g. "Not an official position").
    disclaimer: str = ""
    language: str = "en"
    # The names and acronyms the packs are about; empty: derived from the sources.
    focus: tuple[str, ...] = ()
    # The project's folders, relative to the settings file; "" when it names none.
    sources: str = ""
    templates: str = ""


SETTINGS: Schema = {
    "subject": Text(default=Settings.subject),
    "organisation": Text(default=Settings.organisation),
    "author": Text(default=Settings.author),
    "contact": Text(default=Settings.contact),
    "disclaimer": Text(default=Settings.disclaimer),
    "language": Text(default=Settings.language),
    "focus": Texts(default=()),
    "sources": Text(default=Settings.sources),
    "templates": Text(default=Settings.templates),
}


def load_settings(path: Path | None = None) -> Settings:
    """Settings from path, or from ./briefgen.toml when it exists, else the defaults."""
    if path is None:
        if not SETTINGS_FILE.is_file():
            return Settings()
        path = SETTINGS_FILE
    data, problems = read_toml(path)
    values = validate(problems, data, SETTINGS)
    problems.raise_if_any()
    return Settings(**values)
