"""Plan a build: every output asked for, with the digest of everything it depends on, and
the manifest that says which outputs are current."""

from __future__ import annotations

import ctypes
import functools
import hashlib
import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from briefgen.build.files import code_fingerprint, sha256_file
from briefgen.build.request import FORMATS, BuildRequest, Planned
from briefgen.config import Settings, Theme, audience_names, load_profiles, load_settings, load_taxonomy
from briefgen.errors import InputError
from briefgen.sources import SOURCE_SUFFIXES, expand_paths

MANIFEST = "manifest.json"
PACKAGE = Path(__file__).parents[1]
RENDERERS = ("weasyprint", "pydyf", "fonttools", "python-docx", "jinja2", "lxml", "matplotlib")
# The names WeasyPrint tries for HarfBuzz's subsetter; without it, fontTools subsets the fonts.
HARFBUZZ_SUBSET = ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll")
HARFBUZZ = ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll")
PANGO = ("libpango-1.0.so.0", "libpango-1.0.0.dylib", "libpango-1.0-0.dll")
# The system libraries that shape and lay out a PDF's text: another release can break lines
# elsewhere or shape glyphs otherwise, so it is an input of every PDF.
TYPESETTERS = ("pango", "harfbuzz")


@functools.cache
def font_subsetter() -> str:
    """Which library subsets the PDF's fonts: the bytes differ between the two (fontTools
    stamps a subset's head.modified, HarfBuzz keeps the font's), so a machine gaining or
    losing libharfbuzz-subset must rebuild its PDFs. Found as WeasyPrint finds it, by
    loading the library, without importing WeasyPrint."""
    for name in HARFBUZZ_SUBSET:
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return f"harfbuzz {harfbuzz_version()}"
    return "fonttools"


def library_version(names: Sequence[str], function: str) -> str:
    """A C library's version string, asked of the library as WeasyPrint loads it (by name,
    through ctypes: milliseconds, and WeasyPrint is not imported)."""
    for name in names:
        try:
            version = getattr(ctypes.CDLL(name), function)
        except (OSError, AttributeError):
            continue
        version.restype = ctypes.c_char_p
        return str(version().decode("ascii"))
    return "unknown"


def harfbuzz_version() -> str:
    return library_version(HARFBUZZ, "hb_version_string")


def pango_version() -> str:
    return library_version(PANGO, "pango_version_string")


@functools.cache
def typesetter_versions() -> tuple[tuple[str, str], ...]:
    return (("pango", pango_version()), ("harfbuzz", harfbuzz_version()))


def theme_files(theme: Theme) -> list[tuple[str, Path]]:
    """Every file of every theme folder, named relative to its folder."""
    files = []
    for index, folder in enumerate(theme.folders):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files.append((f"{index}/{path.relative_to(folder).as_posix()}", path))
    return files


def source_files(sources: Sequence[Path]) -> list[Path]:
    files = []
    for path in expand_paths(sources):
        files.append(path)
        sidecar = path.with_suffix(".toml")
        if sidecar.is_file() and path.suffix.lower() in SOURCE_SUFFIXES:
            files.append(sidecar)
    return files


def shared_inputs(
    request: BuildRequest, settings: Settings, sources: list[Path], themes: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """What every output depends on: version, settings, sources and theme files, by digest."""
    inputs = [
        ("code", code_fingerprint(PACKAGE)),
        # The renderers' own releases change the bytes of a pack as much as briefgen's code.
        *((f"package {name}", installed_version(name)) for name in RENDERERS),
        ("font subsetter", font_subsetter()),
        *typesetter_versions(),
        ("settings", repr(settings)),
        ("epoch", request.source_date_epoch or ""),
        ("encoding", request.encoding),
    ]
    inputs += [(f"source {path.name}", readable_digest(path)) for path in sources]
    inputs += themes
    if request.reference_docx is not None:
        inputs.append(("reference", sha256_file(request.reference_docx)))
    inputs.append(contents_pages(request))
    return inputs


def contents_pages(request: BuildRequest) -> tuple[str, str]:
    """Where a DOCX's contents take their saved page numbers from: the PDF's layout when the
    build lays the PDFs out, else an estimate (render/docx/contents.py), so a DOCX written
    beside its PDF is not taken for the one a DOCX-only build writes."""
    return ("contents pages", "the PDF's layout" if "pdf" in request.formats else "estimated")


def theme_digests(theme_paths: list[tuple[str, Path]]) -> list[tuple[str, str]]:
    return [(f"theme {name}", sha256_file(path)) for name, path in theme_paths]


def writer_inputs(request: BuildRequest, themes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """What a writer's bytes depend on besides the Brief and its HTML."""
    inputs = [
        ("render code", code_fingerprint(PACKAGE / "render")),
        *((f"package {name}", installed_version(name)) for name in RENDERERS),
        ("font subsetter", font_subsetter()),
        *typesetter_versions(),
        *themes,
    ]
    if request.reference_docx is not None:
        inputs.append(("reference", sha256_file(request.reference_docx)))
    inputs.append(contents_pages(request))
    return inputs


def installed_version(name: str) -> str:
    """A distribution's version from its `<name>-<version>.dist-info` folder, the first on
    sys.path, as importlib.metadata finds it, without importing the e-mail parser it reads
    METADATA files with: a no-op build must start fast."""
    return installed_versions().get(normalised(name), "absent")


@functools.cache
def installed_versions() -> dict[str, str]:
    """Every distribution's version by its normalised name, from one listing of each sys.path
    folder (not one for each of the renderers asked about)."""
    versions: dict[str, str] = {}
    for entry in sys.path:
        try:
            folders = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for folder in folders:
            stem, _, suffix = folder.rpartition(".")
            distribution, _, version = stem.partition("-")
            if suffix == "dist-info":
                versions.setdefault(normalised(distribution), version)
    return versions


def normalised(name: str) -> str:
    """A distribution name as wheel file and folder names spell it (PEP 503, with _)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def readable_digest(path: Path) -> str:
    try:
        return sha256_file(path)
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from error


def inputs_of(shared: list[tuple[str, str]], audience: str, fmt: str) -> list[tuple[str, str]]:
    """Everything one output depends on: another audience's profile, the reference .docx for
    a PDF, or the font subsetter, Pango and HarfBuzz for a DOCX, is not among them."""
    inputs = []
    for label, value in [*shared, ("audience", audience), ("format", fmt)]:
        pdf_only = label == "font subsetter" or label in TYPESETTERS
        docx_only = label in {"reference", "contents pages"}
        if (docx_only and fmt != "docx") or (pdf_only and fmt != "pdf"):
            continue
        if label.startswith("theme ") and "/audiences/" in label and not label.endswith(f"/{audience}.toml"):
            continue
        inputs.append((label, value))
    return inputs


def input_digest(shared: list[tuple[str, str]], audience: str, fmt: str) -> str:
    digest = hashlib.sha256()
    for label, value in inputs_of(shared, audience, fmt):
        digest.update(f"{label}\0{value}\n".encode())
    return digest.hexdigest()


def recorded(inputs: list[tuple[str, str]]) -> dict[str, str]:
    """The inputs as the manifest records them, so that `--check` can say which one changed:
    a long value (a file's sha256, the settings) by the start of its digest."""
    return {
        label: value if len(value) <= 40 else hashlib.sha256(value.encode()).hexdigest()[:16]
        for label, value in inputs
    }


def changed_inputs(entry: dict[str, Any] | None, output: Planned, path: Path) -> str:
    """Why an output is not current, in a reader's words (empty when it is)."""
    if not path.is_file():
        return "missing"
    if entry is None:
        return "not in the manifest"
    if sha256_file(path) != entry.get("sha256"):
        return "the file differs from the one briefgen wrote"
    if entry.get("inputs") == output.digest:
        return ""
    before = entry.get("recorded")
    if not isinstance(before, dict):
        return "its inputs changed (recorded by an older briefgen, which does not say which)"
    now = dict(output.inputs)
    changes = [
        f"{output.names.get(label, label)} {what}"
        for label, what in [
            *((label, "changed") for label in now if label in before and before[label] != now[label]),
            *((label, "added") for label in now if label not in before),
            *((label, "removed") for label in before if label not in now),
        ]
    ]
    shown = ", ".join(changes[:3]) + (f" and {len(changes) - 3} more" if len(changes) > 3 else "")
    return shown or "its inputs changed"


def input_names(sources: list[Path], theme_paths: list[tuple[str, Path]]) -> dict[str, str]:
    """What each input label stands for, as a person names it: a file by its path."""
    names = {
        "code": "briefgen's code",
        "settings": "the settings",
        "epoch": "SOURCE_DATE_EPOCH",
        "encoding": "--encoding",
        "reference": "the reference .docx",
        "font subsetter": "the font subsetter",
        "contents pages": "where the DOCX contents' page numbers come from (--format pdf or not)",
        "pango": "the installed Pango",
        "harfbuzz": "the installed HarfBuzz",
    }
    names |= {f"package {name}": f"the installed {name}" for name in RENDERERS}
    names |= {f"source {path.name}": str(path) for path in sources}
    names |= {f"theme {name}": str(path) for name, path in theme_paths}
    return names


def read_manifest(out: Path) -> dict[str, Any]:
    path = out / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    outputs = data.get("outputs", {}) if isinstance(data, dict) else {}
    return outputs if isinstance(outputs, dict) else {}


def is_current(entry: dict[str, Any] | None, digest: str, path: Path, recorded: str = "inputs") -> bool:
    """The manifest entry records this digest (of the output's inputs, or of the pack it was
    made from), and the file on disk is still the one it records."""
    return (
        entry is not None
        and entry.get(recorded) == digest
        and path.is_file()
        and sha256_file(path) == entry.get("sha256")
    )


def settings_for(path: Path | None, subject: str | None = None) -> Settings:
    """The settings of a file (the defaults without one), with the subject given on the command line."""
    settings = load_settings(path) if path is not None else Settings()
    return settings if subject is None else replace(settings, subject=subject)


def plan(request: BuildRequest) -> tuple[Theme, Settings, list[Planned]]:
    """Every output the request asks for."""
    theme = Theme.with_overlay(request.templates)
    settings = settings_for(request.settings_path, request.subject)
    known = audience_names(theme)
    # Every profile asked for is validated before any work starts.
    load_profiles(theme, load_taxonomy(theme), request.audiences)
    bad_formats = [fmt for fmt in request.formats if fmt not in FORMATS]
    if bad_formats:
        raise InputError(f"unknown format {', '.join(bad_formats)} (known: {', '.join(FORMATS)})")
    if request.reference_docx is not None and not request.reference_docx.is_file():
        raise InputError(f"{request.reference_docx}: reference .docx not found")
    # Each folder is walked and each file digested once, for all three.
    sources, theme_paths = source_files(request.sources), theme_files(theme)
    themes = theme_digests(theme_paths)
    shared = shared_inputs(request, settings, sources, themes)
    writer = writer_inputs(request, themes)
    names = input_names(sources, theme_paths)
    outputs = [
        Planned(
            audience,
            fmt,
            request.out / f"{audience}.{fmt}",
            input_digest(shared, audience, fmt),
            input_digest(writer, audience, fmt),
            tuple(recorded(inputs_of(shared, audience, fmt)).items()),
            names,
        )
        for audience in (request.audiences or tuple(known))
        for fmt in request.formats
    ]
    return theme, settings, outputs
