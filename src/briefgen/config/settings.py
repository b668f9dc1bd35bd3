"""Project settings (./briefgen.toml): what the packs are about and who issues them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.config.schema import check_keys, read_toml, string

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
