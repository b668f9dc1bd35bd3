"""The theme: template folders, a user's overlay first, file by file (MkDocs's custom_dir)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import ConfigError


def _shipped_templates() -> Path:
    """The default theme: inside the package in a wheel (hatch force-include), at the top of
    the repository in a checkout, so both use the same files."""
    installed = Path(__file__).parents[1] / "templates"
    return installed if installed.is_dir() else Path(__file__).resolve().parents[3] / "templates"


SHIPPED_TEMPLATES = _shipped_templates()


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
