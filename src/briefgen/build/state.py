"""A build's own state, the extraction cache, the drawn charts and the locks, kept in a folder
of its own (`.briefgen/` beside the sources) so that the folder of packs a user sends holds
packs only."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import LockHeld

STATE_FOLDER = ".briefgen"
# Where briefgen before 0.x kept its state, inside the output folder; `clean` removes them.
LEGACY_CACHE = ".cache"
LEGACY_LOCK = ".briefgen.lock"


def default_state(sources: Sequence[Path]) -> Path:
    """`.briefgen/` beside the first sources folder (beside the folder of a file named alone)."""
    first = sources[0] if sources else Path(".")
    folder = first if first.is_dir() else first.parent
    return folder.resolve().parent / STATE_FOLDER


def cache_folder(state: Path) -> Path:
    return state / "cache"


def lock_path(state: Path, out: Path) -> Path:
    """One lock per output folder: two builds writing the same packs wait for each other,
    builds into other folders do not."""
    resolved = out.resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:12]
    return state / "locks" / f"{resolved.name or 'root'}-{digest}.lock"


@dataclass(frozen=True)
class Cleaned:
    removed: tuple[Path, ...]  # the files and folders removed
    entries: int  # cache entries among them
    locks: int  # lock files among them


def clean(state: Path, out: Path) -> Cleaned:
    """Remove the build state: the state folder's cache and locks, and the cache and lock an
    older briefgen left in the output folder. Only the files briefgen writes are removed, so
    a state folder named by mistake (a home folder, say) loses nothing else; a lock that a
    running build holds stops it (exit 3) before anything is removed."""
    from filelock import FileLock, Timeout  # imported by the commands that lock, not by every start

    locks = [*sorted((state / "locks").glob("*.lock")), out / LEGACY_LOCK]
    held = []
    try:
        for lock in (FileLock(str(path)) for path in locks if path.is_file()):
            lock.acquire(timeout=0)
            held.append(lock)
    except Timeout as error:
        raise LockHeld(
            f"{error.lock_file}: a briefgen build is running; clean when it has finished"
        ) from error
    finally:
        for lock in held:
            lock.release()
    removed: list[Path] = []
    entries = 0
    for cache in (cache_folder(state), out / LEGACY_CACHE):
        kinds = ("*.json", "chart-*.svg", "chart-*.png", ".*.tmp")
        made = [path for kind in kinds for path in cache.glob(kind)] if cache.is_dir() else []
        entries += len(made)
        for path in made:
            path.unlink(missing_ok=True)
        removed.extend(made)
    unlocked = [path for path in locks if path.is_file()]
    for path in unlocked:
        path.unlink()
    removed.extend(unlocked)
    for folder in (cache_folder(state), out / LEGACY_CACHE, state / "locks", state):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            removed.append(folder)
    return Cleaned(tuple(removed), entries, len(unlocked))
