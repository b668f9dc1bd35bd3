"""The build's files: their digests, and writing them so that a reader never sees half of one."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from briefgen import __version__

# atomic_write's temporary files: .<name>.<eight random characters from mkstemp>.tmp
TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_fingerprint(folder: Path) -> str:
    """The version, code and word lists of a package folder (or module): a local edit counts as a change."""
    digest = hashlib.sha256(__version__.encode())
    files = [folder] if folder.is_file() else folder.rglob("*")
    for path in sorted(path for path in files if path.suffix in {".py", ".txt"}):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write to a temporary file beside path, flush it to disk, then rename it over path:
    a build killed at any moment leaves either the old file or the new one, whole.

    `durable=False` skips the two fsyncs, for files that can be made again (the extraction
    cache): the rename still means a reader sees a whole file or none; only a power cut can
    lose one, and a lost cache entry is a cache miss."""
    import tempfile  # with the random and shutil modules it loads: a no-op build writes nothing

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            # mkstemp creates 0600; a report is as readable as any file the user writes.
            os.fchmod(stream.fileno(), 0o666 & ~UMASK)
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if not durable:
        return
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def remove_leftovers(folder: Path) -> None:
    """Remove the temporary files that builds killed mid-write left in folder. Call it while
    holding the build lock, when no other build can be writing one."""
    for path in folder.glob(".*.tmp"):
        if TEMPORARY.fullmatch(path.name):
            path.unlink(missing_ok=True)


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once: setting the umask to read it is not thread-safe, and `serve` builds in a thread.
UMASK = _read_umask()
