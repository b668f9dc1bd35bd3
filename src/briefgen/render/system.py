"""What the writers need from the system (Pango, HarfBuzz, fontconfig, the theme's fonts,
LibreOffice), found as the loader finds them, with ctypes and shutil, without importing
WeasyPrint: `briefgen doctor` says what is missing and which package installs it."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from ctypes.util import find_library
from dataclasses import dataclass

# The fonts print.css names; without them a fallback font changes every pack's layout.
THEME_FONTS = ("DejaVu Serif", "DejaVu Sans")


@dataclass(frozen=True)
class Finding:
    name: str
    found: str  # what was found, "" when it is missing
    needed: bool  # a build cannot write PDF packs without it
    purpose: str
    install: str = ""  # the packages that provide it

    @property
    def ok(self) -> bool:
        return bool(self.found)


def install_hint(debian: str, homebrew: str) -> str:
    return f"apt-get install {debian} (Debian, Ubuntu) or brew install {homebrew} (macOS)"


def libraries(*names: str) -> str:
    """The files of the libraries, comma-separated, or "" when any of them is missing."""
    found = [find_library(name) for name in names]
    return ", ".join(path for path in found if path) if all(found) else ""


def font_families() -> tuple[str, ...] | None:
    """The font families fontconfig knows, None when fc-list is not there to ask."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run(
            [fc_list, ":", "family"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return tuple(sorted({family.strip() for line in listed.splitlines() for family in line.split(",")}))


def fonts() -> Finding:
    families = font_families()
    hint = install_hint("fonts-dejavu-core", "font-dejavu")
    if families is None:
        return Finding("fonts", "", False, "cannot list them: fc-list (fontconfig) is not installed", hint)
    missing = [font for font in THEME_FONTS if font not in families]
    if not families:
        return Finding("fonts", "", True, "PDF packs need at least one font", hint)
    if missing:
        purpose = f"{' and '.join(missing)} missing: PDF packs use a fallback font"
        return Finding("theme fonts", "", False, purpose, hint)
    return Finding("theme fonts", ", ".join(THEME_FONTS), True, f"{len(families)} families installed")


def libreoffice() -> str:
    return next((path for name in ("libreoffice", "soffice") if (path := shutil.which(name))), "")


def findings() -> list[Finding]:
    return [
        Finding(
            "Pango",
            libraries("pango-1.0", "pangoft2-1.0"),
            True,
            "WeasyPrint lays out the PDF packs with it",
            install_hint("libpango-1.0-0 libpangoft2-1.0-0", "pango"),
        ),
        Finding(
            "HarfBuzz",
            libraries("harfbuzz"),
            True,
            "shapes the text of the PDF packs",
            install_hint("libharfbuzz0b", "harfbuzz"),
        ),
        Finding(
            "fontconfig",
            libraries("fontconfig"),
            True,
            "finds the fonts for the PDF packs",
            install_hint("libfontconfig1", "fontconfig"),
        ),
        Finding(
            "HarfBuzz subsetter",
            libraries("harfbuzz-subset"),
            False,
            "optional: subsets fonts faster than fontTools (and the PDFs' bytes differ between the two)",
            install_hint("libharfbuzz-subset0", "harfbuzz"),
        ),
        fonts(),
        Finding(
            "LibreOffice",
            libreoffice(),
            False,
            "optional: the tests open the Word packs with it",
            install_hint("libreoffice-writer-nogui", "--cask libreoffice"),
        ),
    ]


def trial_render(render: Callable[[], bytes] | None = None) -> tuple[bool, str]:
    """Draw a one-page PDF with WeasyPrint: proof that the libraries found also load."""
    started = time.monotonic()
    try:
        data = (render or _weasyprint_page)()
    except Exception as error:  # any failure to load or draw is the finding
        return False, f"WeasyPrint could not draw a test page: {type(error).__name__}: {error}"
    if not data.startswith(b"%PDF"):
        return False, "WeasyPrint drew a test page that is not a PDF"
    return True, f"WeasyPrint drew a test page in {time.monotonic() - started:.1f} s"


def _weasyprint_page() -> bytes:
    from weasyprint import HTML

    data: bytes = HTML(string="<p>briefgen doctor: Қазақстан, Ελλάδα, “quotes”</p>").write_pdf()
    return data
