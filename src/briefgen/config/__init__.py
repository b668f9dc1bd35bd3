"""Configuration that users change: the theme folders, the section taxonomy, audience profiles,
project settings.

Everything is validated up front and every problem is reported at once, each naming the
file, the line and the key (MkDocs and Pelican do the same for their settings).
"""

from briefgen.config.profiles import (
    APPENDICES,
    CHARTS,
    ITEM_KINDS,
    AudienceProfile,
    audience_names,
    load_profile,
    load_profiles,
    trimmed,
)
from briefgen.config.schema import Problems, parse_toml, read_toml
from briefgen.config.settings import SETTINGS_FILE, Settings, load_settings
from briefgen.config.taxonomy import OVERVIEW, SectionSpec, Taxonomy, Term, load_taxonomy
from briefgen.config.theme import SHIPPED_TEMPLATES, Theme

__all__ = [
    "APPENDICES",
    "CHARTS",
    "ITEM_KINDS",
    "OVERVIEW",
    "SETTINGS_FILE",
    "SHIPPED_TEMPLATES",
    "AudienceProfile",
    "Problems",
    "SectionSpec",
    "Settings",
    "Taxonomy",
    "Term",
    "Theme",
    "audience_names",
    "load_profile",
    "load_profiles",
    "load_settings",
    "load_taxonomy",
    "parse_toml",
    "read_toml",
    "trimmed",
]
