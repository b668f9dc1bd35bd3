"""Read source files into immutable Documents: the text exactly as on disk, plus metadata.

This is one of the two places that touch the file system. Everything that decides
something (dates, boilerplate, metadata) is a pure function of the text, in the modules
beside this one, so it is tested without files.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from briefgen.config.schema import encoding_problem
from briefgen.errors import InputError
from briefgen.model import Corpus, Document
from briefgen.sources.boilerplate import find_boilerplate
from briefgen.sources.decode import decode
from briefgen.sources.metadata import Metadata, derive_metadata
from briefgen.sources.sidecar import read_sidecar

SOURCE_SUFFIXES = (".txt", ".md")
SIDECAR_SUFFIX = ".toml"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Source files named directly or found (not recursively) in named folders."""
    return source_listing(paths)[0]


def source_listing(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The source files, and a warning for each link in a folder that leads out of it: such a
    link (passwd.txt -> /etc/passwd) is skipped, so a folder never quotes what lies outside it."""
    files: list[Path] = []
    warnings: list[str] = []
    for path in paths:
        if path.is_dir():
            try:
                entries = sorted(path.iterdir())
            except OSError as error:
                raise InputError(f"{path}: cannot list folder: {error.strerror}") from error
            if not entries:
                raise InputError(f"{path}: folder is empty; put .txt or .md sources in it")
            found = [entry for entry in entries if entry.suffix.lower() in SOURCE_SUFFIXES]
            if not found:
                raise InputError(f"{path}: no .txt or .md sources in this folder")
            for entry in found:
                if entry.is_symlink() and not leads_inside(entry, path):
                    warnings.append(f"{entry}: skipped, a link to {os.readlink(entry)} outside {path}")
                else:
                    files.append(regular_file(entry))
        elif path.suffix.lower() == SIDECAR_SUFFIX and path.is_file():
            continue  # a sidecar named by a shell glob (seeds/*) is read with its source, not as one
        elif path.exists() or path.is_symlink():
            files.append(regular_file(path))
        else:
            raise InputError(f"{path}: no such file or folder")
    if not files:
        skipped = f" ({len(warnings)} linking outside their folder skipped)" if warnings else ""
        raise InputError(f"{', '.join(str(p) for p in paths)}: no .txt or .md sources named{skipped}")
    return files, warnings


def leads_inside(link: Path, folder: Path) -> bool:
    try:
        return link.resolve(strict=True).is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return True  # a broken link or a loop: reading it reports why


SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def regular_file(path: Path) -> Path:
    """path, unless it is a pipe, socket or device, which reading would wait on forever."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return path  # reading it reports why
    for is_kind, kind in SPECIAL_FILES:
        if is_kind(mode):
            raise InputError(f"{path}: cannot read: {kind}, not a regular file")
    return path


def read_document(path: Path, *, encoding: str, max_bytes: int) -> Document | None:
    """One source file as a Document, or None when it has no text to brief from."""
    sidecar_path = path.with_suffix(SIDECAR_SUFFIX)
    sidecar = read_sidecar(sidecar_path) if sidecar_path.is_file() else Metadata()
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit; raise it with --max-size"
            )
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from error
    text = decode(data, path, sidecar.encoding or encoding, sidecar_path)
    if not text.strip():
        return None
    boilerplate = find_boilerplate(text)
    derived = derive_metadata(text, boilerplate)
    return Document(
        id=path.stem,
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        title=sidecar.title or derived.title,
        date=sidecar.date or derived.date,
        publisher=sidecar.publisher or derived.publisher,
        url=sidecar.url or derived.url,
        boilerplate=boilerplate,
    )


def load_corpus(
    paths: Sequence[Path], *, encoding: str = "utf-8", max_bytes: int = DEFAULT_MAX_BYTES
) -> Corpus:
    """Read every source under paths. Empty files are skipped with a warning."""
    problem = encoding_problem(encoding)
    if problem:
        raise InputError(f"--encoding: {problem}")
    documents: list[Document] = []
    empty: list[Path] = []
    seen: dict[str, Path] = {}
    files, warnings = source_listing(paths)
    for path in files:
        if path.stem in seen:
            raise InputError(f"{path}: source id '{path.stem}' is already used by {seen[path.stem]}")
        document = read_document(path, encoding=encoding, max_bytes=max_bytes)
        if document is None:
            empty.append(path)
            warnings.append(f"{path}: skipped, the file is empty or only white space")
            continue
        seen[path.stem] = path
        documents.append(document)
    if not documents:
        skipped = [str(path) for path in empty]
        named = ", ".join(skipped[:5]) + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")
        raise InputError(f"{named}: no source has any text (empty or only white space)")
    return Corpus(documents=tuple(documents), warnings=tuple(warnings))
