"""Build packs into reports/: digests, skip what is current, atomic writes, one build at a time.

This is the writing end of the pipeline. A pack is a pure function of its inputs, so each
output records the digest of everything it depends on in reports/manifest.json; an output
whose digest has not changed is skipped without importing the renderers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from briefgen import __version__
from briefgen.cache import code_fingerprint
from briefgen.config import Settings, Theme, audience_names, load_profiles, load_settings, load_taxonomy
from briefgen.errors import CheckFailed, InputError, LockHeld
from briefgen.files import atomic_write, sha256_file
from briefgen.sources import SOURCE_SUFFIXES, expand_paths

FORMATS = ("pdf", "docx", "html")
DEFAULT_FORMATS = ("pdf", "docx")
MANIFEST = "manifest.json"
PACKAGE = Path(__file__).parent
RENDERERS = ("weasyprint", "pydyf", "fonttools", "python-docx", "jinja2", "lxml")
LOCK = ".briefgen.lock"


@dataclass(frozen=True)
class BuildRequest:
    sources: tuple[Path, ...]
    out: Path = Path("reports")
    audiences: tuple[str, ...] = ()
    formats: tuple[str, ...] = DEFAULT_FORMATS
    templates: Path | None = None
    settings_path: Path | None = None
    reference_docx: Path | None = None
    encoding: str = "utf-8"
    max_bytes: int = 10 * 1024 * 1024
    source_date_epoch: str | None = None
    wait: float = 0.0
    jobs: int = 1


@dataclass(frozen=True)
class Planned:
    """One output a build may write, with the digest of everything it depends on."""

    audience: str
    format: str
    path: Path
    digest: str


@dataclass(frozen=True)
class Outcome:
    audience: str
    format: str
    path: Path
    status: str  # written, unchanged, stale, missing
    sha256: str = ""


@dataclass(frozen=True)
class BuildReport:
    outcomes: tuple[Outcome, ...]
    warnings: tuple[str, ...] = field(default=())

    def with_status(self, *statuses: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in statuses]


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


def shared_inputs(request: BuildRequest, theme: Theme, settings: Settings) -> list[tuple[str, str]]:
    """What every output depends on: version, settings, sources and theme files, by digest."""
    inputs = [
        ("code", code_fingerprint(PACKAGE)),
        # The renderers' own releases change the bytes of a pack as much as briefgen's code.
        *((f"package {name}", installed_version(name)) for name in RENDERERS),
        ("settings", repr(settings)),
        ("epoch", request.source_date_epoch or ""),
        ("encoding", request.encoding),
    ]
    inputs += [(f"source {path.name}", readable_digest(path)) for path in source_files(request.sources)]
    inputs += [(f"theme {name}", sha256_file(path)) for name, path in theme_files(theme)]
    if request.reference_docx is not None:
        inputs.append(("reference", sha256_file(request.reference_docx)))
    return inputs


def installed_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def readable_digest(path: Path) -> str:
    try:
        return sha256_file(path)
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from error


def input_digest(shared: list[tuple[str, str]], audience: str, fmt: str) -> str:
    """The digest of everything one output depends on: another audience's profile, or the
    reference .docx for a PDF, is not among them."""
    digest = hashlib.sha256()
    for label, value in [*shared, ("audience", audience), ("format", fmt)]:
        if label == "reference" and fmt != "docx":
            continue
        if label.startswith("theme ") and "/audiences/" in label and not label.endswith(f"/{audience}.toml"):
            continue
        digest.update(f"{label}\0{value}\n".encode())
    return digest.hexdigest()


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


def is_current(entry: dict[str, Any] | None, digest: str, path: Path) -> bool:
    return (
        entry is not None
        and entry.get("inputs") == digest
        and path.is_file()
        and sha256_file(path) == entry.get("sha256")
    )


def epoch_of(date: dt.date, source_date_epoch: str | None) -> int:
    if source_date_epoch:
        return int(source_date_epoch)
    return int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp())


def plan(request: BuildRequest) -> tuple[Theme, Settings, list[Planned]]:
    """Every output the request asks for."""
    theme = Theme.with_overlay(request.templates)
    settings = load_settings(request.settings_path)
    known = audience_names(theme)
    # Every profile asked for is validated before any work starts.
    load_profiles(theme, load_taxonomy(theme), request.audiences)
    bad_formats = [fmt for fmt in request.formats if fmt not in FORMATS]
    if bad_formats:
        raise InputError(f"unknown format {', '.join(bad_formats)} (known: {', '.join(FORMATS)})")
    if request.reference_docx is not None and not request.reference_docx.is_file():
        raise InputError(f"{request.reference_docx}: reference .docx not found")
    shared = shared_inputs(request, theme, settings)
    outputs = [
        Planned(audience, fmt, request.out / f"{audience}.{fmt}", input_digest(shared, audience, fmt))
        for audience in (request.audiences or tuple(known))
        for fmt in request.formats
    ]
    return theme, settings, outputs


def check(request: BuildRequest) -> BuildReport:
    """Build nothing; say which outputs are stale or missing."""
    _, _, outputs = plan(request)
    manifest = read_manifest(request.out)
    outcomes = []
    for output in outputs:
        if not output.path.is_file():
            status = "missing"
        elif is_current(manifest.get(output.path.name), output.digest, output.path):
            status = "unchanged"
        else:
            status = "stale"
        outcomes.append(Outcome(output.audience, output.format, output.path, status))
    return BuildReport(tuple(outcomes))


def build(request: BuildRequest, progress: Callable[[str, int, int], None] = lambda *_: None) -> BuildReport:
    """Render what is stale, write it atomically, record it in the manifest."""
    try:
        request.out.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(request.out / LOCK))
        lock.acquire(timeout=request.wait)
    except Timeout as error:
        raise LockHeld(
            f"{request.out / LOCK}: another briefgen build is writing to {request.out}; "
            f"waited {request.wait:g} s (use --wait SECONDS to wait longer)"
        ) from error
    except OSError as error:
        raise InputError(
            f"{request.out}: cannot write to the output folder: {error.strerror or error}"
        ) from error
    try:
        return _build_locked(request, progress)
    finally:
        lock.release()


def write_output(path: Path, data: bytes) -> None:
    try:
        atomic_write(path, data)
    except OSError as error:
        raise InputError(
            f"{path}: cannot write: {error.strerror or error}; the previous file, if any, is untouched"
        ) from error


def _build_locked(request: BuildRequest, progress: Callable[[str, int, int], None]) -> BuildReport:
    theme, settings, outputs = plan(request)
    manifest = read_manifest(request.out)
    stale = [o for o in outputs if not is_current(manifest.get(o.path.name), o.digest, o.path)]
    outcomes = {
        o.path: Outcome(o.audience, o.format, o.path, "unchanged", manifest[o.path.name]["sha256"])
        for o in outputs
        if o not in stale
    }
    warnings: list[str] = []
    if stale:
        from briefgen.render.writers import render_outputs

        rendered, warnings = render_outputs(request, theme, settings, stale, progress)
        for output in stale:
            data = rendered[output.path]
            write_output(output.path, data)
            sha = hashlib.sha256(data).hexdigest()
            manifest[output.path.name] = {
                "audience": output.audience,
                "format": output.format,
                "inputs": output.digest,
                "sha256": sha,
            }
            outcomes[output.path] = Outcome(output.audience, output.format, output.path, "written", sha)
    record = {"briefgen": __version__, "outputs": dict(sorted(manifest.items()))}
    write_output(request.out / MANIFEST, (json.dumps(record, indent=2, sort_keys=True) + "\n").encode())
    return BuildReport(tuple(outcomes[o.path] for o in outputs), tuple(warnings))


def require_current(report: BuildReport) -> None:
    problems = report.with_status("stale", "missing")
    if problems:
        raise CheckFailed("\n".join(f"{o.path}: {o.status}" for o in problems))
