"""Build packs into reports/: digests, skip what is current, atomic writes, one build at a time.

This is the writing end of the pipeline. A pack is a pure function of its inputs, so each
output records the digest of everything it depends on in reports/manifest.json; an output
whose digest has not changed is skipped without importing the renderers. `build` reads
top-down: lock, plan, stale outputs, produce, write each, manifest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

from briefgen import __version__
from briefgen.build.files import atomic_write, remove_leftovers
from briefgen.build.plan import MANIFEST, is_current, plan, read_manifest, source_files, theme_files
from briefgen.build.request import DEFAULT_FORMATS, FORMATS, BuildReport, BuildRequest, Outcome, Planned
from briefgen.errors import CheckFailed, InputError, LockHeld

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "BuildReport",
    "BuildRequest",
    "Outcome",
    "Planned",
    "build",
    "check",
    "require_current",
    "source_files",
    "theme_files",
]

LOCK = ".briefgen.lock"


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
    for folder in (request.out, request.out / ".cache"):
        remove_leftovers(folder)
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
        from briefgen.build.produce import render_outputs

        produced = render_outputs(request, theme, settings, stale, manifest, progress)
        warnings.extend(produced.notes)
        for output in stale:
            if output.path in produced.written:
                data = produced.written[output.path]
                write_output(output.path, data)
                sha, status = hashlib.sha256(data).hexdigest(), "written"
            else:
                sha, status = manifest[output.path.name]["sha256"], "unchanged"
            output_warnings = produced.warnings.get(output.path, ())
            warnings.extend(w for w in output_warnings if w not in warnings)
            manifest[output.path.name] = {
                "audience": output.audience,
                "format": output.format,
                "inputs": output.digest,
                "pack": produced.packs[output.path],
                "sha256": sha,
                **({"warnings": list(output_warnings)} if output_warnings else {}),
            }
            outcomes[output.path] = Outcome(output.audience, output.format, output.path, status, sha)
    record = {"briefgen": __version__, "outputs": dict(sorted(manifest.items()))}
    write_output(request.out / MANIFEST, (json.dumps(record, indent=2, sort_keys=True) + "\n").encode())
    return BuildReport(tuple(outcomes[o.path] for o in outputs), tuple(warnings))


def require_current(report: BuildReport) -> None:
    problems = report.with_status("stale", "missing")
    if problems:
        raise CheckFailed(*(f"{o.path}: {o.status}" for o in problems))
