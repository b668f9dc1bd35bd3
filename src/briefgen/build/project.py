"""A project: where its sources, settings, templates and build state are, and which settings
file applies to the sources a command was given.

A settings file belongs to the sources folder its `sources` key names (to its own folder
when it names none). One found implicitly (./briefgen.toml, or beside the sources) applies
only to sources inside that folder, so a corpus built from inside another project never
takes that project's subject; `--settings FILE` applies a file to any sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefgen.build.state import STATE_FOLDER, default_state
from briefgen.config import SETTINGS_FILE, SHIPPED_TEMPLATES, Settings, load_settings
from briefgen.errors import InputError

DEFAULT_SOURCES = Path("seeds")
PROJECT_SOURCES = "sources"
PROJECT_TEMPLATES = "templates"


@dataclass(frozen=True)
class Project:
    sources: tuple[Path, ...]
    settings_path: Path | None  # the settings file that applies; None: the defaults
    settings: Settings
    templates: Path | None
    state: Path  # the extraction cache and the locks
    notes: tuple[str, ...] = ()  # settings files found and not applied, and why


def belongs(settings_path: Path, settings: Settings, sources: Sequence[Path]) -> bool:
    folder = settings_path.resolve().parent / settings.sources
    return all(path.resolve().is_relative_to(folder.resolve()) for path in sources)


def sources_of(settings_path: Path, settings: Settings) -> Path:
    return settings_path.parent / settings.sources


def candidates(paths: Sequence[Path]) -> list[Path]:
    """Settings files that may belong to paths: ./briefgen.toml, then the one beside them."""
    found = [SETTINGS_FILE] if SETTINGS_FILE.is_file() else []
    if paths:
        first = paths[0] if paths[0].is_dir() else paths[0].parent
        for folder in (first, first.parent):
            beside = folder / SETTINGS_FILE.name
            if beside.is_file() and all(beside.resolve() != other.resolve() for other in found):
                found.append(beside)
    return found


def open_project(
    paths: Sequence[Path],
    settings_path: Path | None = None,
    templates: Path | None = None,
    state: Path | None = None,
) -> Project:
    """The sources, settings, templates and state folder for a command given these options."""
    notes: list[str] = []
    settings = Settings()
    chosen: Path | None = None
    if settings_path is not None:
        if not settings_path.exists():
            raise InputError(f"{settings_path}: settings file not found")
        chosen, settings = settings_path, load_settings(settings_path)
    else:
        for candidate in candidates(paths):
            found = load_settings(candidate)
            if not paths or belongs(candidate, found, paths):
                chosen, settings = candidate, found
                break
            notes.append(
                f"{candidate}: not applied, its settings are for {sources_of(candidate, found)}/, "
                f"not {', '.join(map(str, paths))} (pass --settings {candidate} to apply them)"
            )
    sources = tuple(paths) or (default_sources(chosen, settings),)
    if templates is None and chosen is not None and settings.templates:
        templates = chosen.parent / settings.templates
    if state is None:
        state = chosen.parent.resolve() / STATE_FOLDER if chosen is not None else default_state(sources)
    return Project(sources, chosen, settings, templates, state, tuple(notes))


def project_templates(templates: Path | None) -> Path | None:
    """The templates folder: the one given, else the one ./briefgen.toml names, else none."""
    if templates is not None or not SETTINGS_FILE.is_file():
        return templates
    settings = load_settings(SETTINGS_FILE)
    return SETTINGS_FILE.parent / settings.templates if settings.templates else None


def add_folder() -> Path:
    """Where `briefgen add` saves pages when told no folder: the project's sources, else ./seeds."""
    if SETTINGS_FILE.is_file():
        settings = load_settings(SETTINGS_FILE)
        if settings.sources:
            return sources_of(SETTINGS_FILE, settings)
    return DEFAULT_SOURCES


def default_sources(settings_path: Path | None, settings: Settings) -> Path:
    """The sources a command reads when given none: the settings' folder, else ./seeds."""
    if settings_path is not None and settings.sources:
        folder = sources_of(settings_path, settings)
        if not folder.is_dir():
            raise InputError(f"{settings_path}: its sources folder {folder}/ does not exist")
        return folder
    if DEFAULT_SOURCES.exists():
        return DEFAULT_SOURCES
    raise InputError(
        "no sources here (no ./seeds, no briefgen.toml naming a sources folder): "
        "run `briefgen build PATH` on a folder of sources, or `briefgen init` to start a project here"
    )


SETTINGS_TEMPLATE = """\
# briefgen project settings. `briefgen build` reads the sources in `sources`, lays them out
# with the shipped theme overlaid by the files in `templates`, and writes the packs to reports/.
subject = {subject}          # the packs' subtitle: cover, running head, PDF and DOCX title
organisation = "briefgen"    # the author in the PDF's and DOCX's properties
language = "en"
sources = "{sources}"
templates = "{templates}"
"""

TEMPLATES_README = """\
Files here override the shipped theme's file of the same name, one by one (an empty folder
changes nothing). The shipped theme is in {shipped}:

{listing}

Copy one of those files here, at the same place, and edit it: `audiences/board.toml` adds an
audience, `print.css` restyles the PDF, `sections.toml` changes the themes and their terms.
"""


@dataclass(frozen=True)
class Started:
    folder: Path
    created: tuple[Path, ...]


def init_project(folder: Path, subject: str) -> Started:
    """A new project in folder: briefgen.toml, an empty sources/ and a templates/ overlay."""
    settings = folder / SETTINGS_FILE.name
    if settings.exists():
        raise InputError(f"{settings}: already exists; this folder is a briefgen project")
    created = []
    for name in (PROJECT_SOURCES, PROJECT_TEMPLATES):
        path = folder / name
        if path.exists() and not path.is_dir():
            raise InputError(f"{path}: exists and is not a folder")
        path.mkdir(parents=True, exist_ok=True)
        created.append(path)
    readme = folder / PROJECT_TEMPLATES / "README.txt"
    if not readme.exists():
        listing = "\n".join(
            f"    {path.relative_to(SHIPPED_TEMPLATES).as_posix()}"
            for path in sorted(SHIPPED_TEMPLATES.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts
        )
        text = TEMPLATES_README.format(shipped=SHIPPED_TEMPLATES, listing=listing)
        readme.write_text(text, encoding="utf-8")
        created.append(readme)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(f"# briefgen's cache and locks\n{STATE_FOLDER}/\n", encoding="utf-8")
        created.append(ignore)
    settings.write_text(
        SETTINGS_TEMPLATE.format(
            subject=toml_string(subject), sources=PROJECT_SOURCES, templates=PROJECT_TEMPLATES
        ),
        encoding="utf-8",
    )
    return Started(folder, (settings, *created))


def toml_string(text: str) -> str:
    """text as a TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in escaped) + '"'
