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
from typing import Any

from briefgen import __version__
from briefgen.build.files import atomic_write, remove_leftovers
from briefgen.build.plan import (
    MANIFEST,
    changed_inputs,
    is_current,
    plan,
    read_manifest,
    settings_for,
    source_files,
    theme_files,
)
from briefgen.build.request import (
    DEFAULT_FORMATS,
    FORMATS,
    BuildReport,
    BuildRequest,
    Outcome,
    Planned,
    Step,
)
from briefgen.build.state import cache_folder, default_state, lock_path
from briefgen.config import Settings, Theme
from briefgen.errors import CheckFailed, InputError, LockHeld

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "BuildReport",
    "BuildRequest",
    "Outcome",
    "Planned",
    "Step",
    "build",
    "check",
    "require_clean_layout",
    "require_current",
    "settings_for",
    "source_files",
    "state_of",
    "theme_files",
]


def state_of(request: BuildRequest) -> Path:
    return request.state if request.state is not None else default_state(request.sources)


def check(request: BuildRequest) -> BuildReport:
    """Build nothing; say which outputs are stale or missing."""
    _, _, outputs = plan(request)
    manifest = read_manifest(request.out)
    outcomes = []
    for output in outputs:
        entry = manifest.get(output.path.name)
        if not output.path.is_file():
            status = "missing"
        elif is_current(entry, output.digest, output.path):
            status = "unchanged"
        else:
            status = "stale"
        reason = changed_inputs(entry, output, output.path) if status != "unchanged" else ""
        outcomes.append(Outcome(output.audience, output.format, output.path, status, reason=reason))
    return BuildReport(tuple(outcomes))


def build(request: BuildRequest, progress: Callable[[Step], None] = lambda step: None) -> BuildReport:
    """Render what is stale, write it atomically, record it in the manifest. When every
    output is current there is nothing to write, so nothing is locked or written either: a
    build that finds the packs and their manifest as it left them only reads."""
    planned = plan(request)
    current = up_to_date(planned[2], read_manifest(request.out))
    if current is not None:
        return current
    from filelock import FileLock, Timeout  # only a build that writes takes the lock

    lock_file = lock_path(state_of(request), request.out)
    try:
        request.out.mkdir(parents=True, exist_ok=True)
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(lock_file))
        lock.acquire(timeout=request.wait)
    except Timeout as error:
        raise LockHeld(
            f"{lock_file}: another briefgen build is writing to {request.out}; "
            f"waited {request.wait:g} s (use --wait SECONDS to wait longer)"
        ) from error
    except OSError as error:
        folder = request.out if not request.out.is_dir() else lock_file.parent
        raise InputError(f"{folder}: cannot write: {error.strerror or error}") from error
    try:
        return _build_locked(request, progress, planned)
    finally:
        lock.release()


def up_to_date(outputs: list[Planned], manifest: dict[str, Any]) -> BuildReport | None:
    """The report of a build with nothing to do, or None when an output is stale or missing."""
    if not outputs or not all(is_current(manifest.get(o.path.name), o.digest, o.path) for o in outputs):
        return None
    sha = {o.path: manifest[o.path.name]["sha256"] for o in outputs}
    return BuildReport(
        tuple(Outcome(o.audience, o.format, o.path, "unchanged", sha[o.path]) for o in outputs)
    )


def write_output(path: Path, data: bytes) -> None:
    try:
        atomic_write(path, data)
    except OSError as error:
        raise InputError(
            f"{path}: cannot write: {error.strerror or error}; the previous file, if any, is untouched"
        ) from error


def _build_locked(
    request: BuildRequest, progress: Callable[[Step], None], planned: tuple[Theme, Settings, list[Planned]]
) -> BuildReport:
    for folder in (request.out, cache_folder(state_of(request))):
        remove_leftovers(folder)
    theme, settings, outputs = planned
    manifest = read_manifest(request.out)
    stale = [o for o in outputs if not is_current(manifest.get(o.path.name), o.digest, o.path)]
    reasons = {o.path: changed_inputs(manifest.get(o.path.name), o, o.path) for o in stale}
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
                "recorded": dict(output.inputs),
                "sha256": sha,
                **({"warnings": list(output_warnings)} if output_warnings else {}),
            }
            reason = reasons[output.path] if status == "written" else ""
            outcomes[output.path] = Outcome(output.audience, output.format, output.path, status, sha, reason)
    record = {"briefgen": __version__, "outputs": dict(sorted(manifest.items()))}
    write_output(request.out / MANIFEST, (json.dumps(record, indent=2, sort_keys=True) + "\n").encode())
    return BuildReport(tuple(outcomes[o.path] for o in outputs), tuple(warnings))


def require_current(report: BuildReport, out: Path) -> None:
    """Exit 1 when an output is stale or missing; the outputs themselves are listed by the caller."""
    problems = report.with_status("stale", "missing")
    if problems:
        raise CheckFailed(
            f"{len(problems)} of {len(report.outcomes)} packs in {out}/ are stale or missing: "
            "`briefgen build` rebuilds them"
        )


def require_clean_layout(request: BuildRequest) -> None:
    """`--strict`: exit 1 when a pack asked for has a layout warning (a page over the budget,
    a heading at a page foot, a split table row, a nearly empty last page), whether this
    build made it or found it current; the warnings are in its manifest entry."""
    from briefgen.render import is_layout_warning  # the writers' registry: not for a no-op build

    _, _, outputs = plan(request)
    manifest = read_manifest(request.out)
    found = [
        warning
        for output in outputs
        for warning in (manifest.get(output.path.name) or {}).get("warnings", ())
        if is_layout_warning(warning)
    ]
    if found:
        raise CheckFailed(f"{len(found)} layout warning{'s' if len(found) != 1 else ''} with --strict")
