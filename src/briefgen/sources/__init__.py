"""Read source files into immutable Documents: the text every offset indexes, plus metadata.

This is one of the two places that touch the file system. A reader per kind of file
(readers.py) turns bytes into text; everything that decides something (dates,
boilerplate, metadata) is a pure function of the text, in the modules beside this one,
so it is tested without files.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.config.schema import encoding_problem
from briefgen.errors import InputError
from briefgen.mapping import Mapper
from briefgen.sources.readers import READERS, reader_for

# Finding the source files is all a no-op build asks of this package (to digest them), so
# what reads them (the metadata, date and boilerplate finders, the model) is imported by
# read_document and load_corpus, when a file is first read.
if TYPE_CHECKING:
    from briefgen.model import Corpus, Document

SOURCE_SUFFIXES = tuple(READERS)
SIDECAR_SUFFIX = ".toml"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Found:
    """The source files under the paths named, and the files of kinds no reader handles."""

    files: tuple[Path, ...]
    folders: tuple[Path, ...]  # the folders named: what a path-qualified id is relative to
    skipped: tuple[Path, ...] = ()
    # A link in a folder that leads out of it (passwd.txt -> /etc/passwd) is skipped, so a
    # folder never quotes what lies outside it.
    warnings: tuple[str, ...] = ()


def is_hidden(path: Path, folder: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def find_sources(paths: Iterable[Path]) -> Found:
    """Source files named directly or found in named folders and their sub-folders."""
    paths = list(paths)
    files: list[Path] = []
    folders: list[Path] = []
    skipped: list[Path] = []
    warnings: list[str] = []
    for path in paths:
        if path.is_dir():
            try:
                entries = sorted(entry for entry in path.rglob("*") if not is_hidden(entry, path))
            except OSError as error:
                raise InputError(f"{path}: cannot list folder: {error.strerror}") from error
            if not entries:
                raise InputError(f"{path}: folder is empty; put sources in it ({kinds()})")
            # A broken link, a pipe or a device is kept, to be reported, not skipped unseen.
            readable = [entry for entry in entries if not entry.is_dir()]
            found = [entry for entry in readable if entry.suffix.lower() in SOURCE_SUFFIXES]
            others = [entry for entry in readable if entry.suffix.lower() not in SOURCE_SUFFIXES]
            if not found:
                raise InputError(f"{path}: no sources in this folder ({kinds()}){unread(others)}")
            folders.append(path)
            inside = resolved(path)  # once for the folder, not again for each of its files
            for entry in found:
                if leads_inside(entry, inside):
                    files.append(regular_file(entry))
                else:
                    warnings.append(outside_warning(entry, path))
            skipped.extend(other for other in others if other.suffix.lower() != SIDECAR_SUFFIX)
        elif path.suffix.lower() == SIDECAR_SUFFIX and path.is_file():
            continue  # a sidecar named by a shell glob (seeds/*) is read with its source, not as one
        elif path.exists() or path.is_symlink():
            files.append(regular_file(path))
        else:
            raise InputError(f"{path}: no such file or folder")
    if not files:
        outside = f"; {len(warnings)} leading outside their folder skipped" if warnings else ""
        raise InputError(f"{', '.join(str(p) for p in paths)}: no sources named ({kinds()}){outside}")
    return Found(tuple(dict.fromkeys(files)), tuple(folders), tuple(skipped), tuple(warnings))


def outside_warning(entry: Path, folder: Path) -> str:
    if entry.is_symlink():
        return f"{entry}: skipped, a link to {os.readlink(entry)} outside {folder}"
    return f"{entry}: skipped, it lies in a linked folder outside {folder} ({entry.resolve()})"


def resolved(folder: Path) -> Path | None:
    """The folder with its links followed; None when that fails (a loop)."""
    try:
        return folder.resolve()
    except (OSError, RuntimeError):
        return None


def leads_inside(entry: Path, folder: Path | None) -> bool:
    """Whether a file found in a folder (`folder` is its `resolved` path) is in it once links
    are followed (the file itself or a linked folder on its way)."""
    try:
        return folder is None or entry.resolve(strict=True).is_relative_to(folder)
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


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """The source files under paths (see find_sources)."""
    return list(find_sources(paths).files)


def kinds() -> str:
    """The kinds of file briefgen reads, one suffix for each reader: '.txt, .md, .html, ...'."""
    first = {reader: suffix for suffix, reader in reversed(READERS.items())}
    return ", ".join(reversed(first.values()))


def unread(others: Sequence[Path]) -> str:
    """'; found 3 files of other kinds: .xlsx, .png, .zip' or nothing."""
    suffixes = Counter(
        other.suffix.lower() or "no suffix" for other in others if other.suffix.lower() != SIDECAR_SUFFIX
    )
    if not suffixes:
        return ""
    count = sum(suffixes.values())
    return f"; found {count} file{'s' if count != 1 else ''} of other kinds: {', '.join(suffixes)}"


def skipped_warning(skipped: Sequence[Path]) -> str:
    """One line for every file no reader handles: 'skipped 3 files: .xlsx, .png, .zip (...)'."""
    suffixes = Counter(path.suffix.lower() or "no suffix" for path in skipped)
    count = len(skipped)
    return (
        f"skipped {count} file{'s' if count != 1 else ''}: {', '.join(suffixes)} "
        f"(no reader for these kinds; briefgen reads {kinds()}): {', '.join(str(p) for p in skipped[:5])}"
        + (f" and {count - 5} more" if count > 5 else "")
    )


def source_ids(files: Sequence[Path], folders: Sequence[Path]) -> list[str]:
    """Each file's id: its stem, or as much of its path under the folder it was found in as
    it takes to tell it from the others of the same stem ('2016/october/story')."""
    names = [id_parts(path, folders) for path in files]
    depth = [1] * len(files)
    while True:
        ids = ["/".join(parts[-depth[index] :]) for index, parts in enumerate(names)]
        counts = Counter(ids)
        clashing = [index for index, name in enumerate(ids) if counts[name] > 1]
        longer = [index for index in clashing if depth[index] < len(names[index])]
        if not longer:
            break
        for index in longer:
            depth[index] += 1
    # Files of one stem side by side (story.txt, story.html) are told apart by their suffix.
    return [f"{name}{files[index].suffix}" if counts[name] > 1 else name for index, name in enumerate(ids)]


def id_parts(path: Path, folders: Sequence[Path]) -> tuple[str, ...]:
    for folder in folders:
        if path.is_relative_to(folder):
            return (*path.relative_to(folder).parent.parts, path.stem)
    return (path.stem,)


def read_document(
    path: Path, *, encoding: str, max_bytes: int, source_id: str | None = None
) -> tuple[Document | None, tuple[str, ...]]:
    """One source file as a Document (None when it has no text to brief from), and what the
    user should be told about it."""
    from briefgen.model import Document
    from briefgen.sources.metadata import Metadata
    from briefgen.sources.sidecar import read_sidecar

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
    reading = reader_for(path)(data, path, sidecar.encoding or encoding, sidecar.encoding is None)
    if not reading.text.strip():
        reason = reading.empty_reason or "the file is empty or only white space"
        return None, (*reading.notes, f"{path}: skipped, {reason}")
    found = reading.metadata
    return Document(
        id=source_id or path.stem,
        path=path,
        text=reading.text,
        sha256=hashlib.sha256(data).hexdigest(),
        title=sidecar.title or found.title,
        date=sidecar.date or found.date,
        date_basis=("sidecar" if sidecar.date else found.date_basis) or "none",
        publisher=sidecar.publisher or found.publisher,
        url=sidecar.url or found.url,
        boilerplate=reading.boilerplate,
        reader=reading.reader,
        markup=reading.markup,
        kind=sidecar.kind,
    ), reading.notes


def read_named(
    named: tuple[Path, str], *, encoding: str, max_bytes: int
) -> tuple[Document | None, tuple[str, ...]]:
    """read_document of a (path, source id) pair, for a mapper."""
    path, source_id = named
    return read_document(path, encoding=encoding, max_bytes=max_bytes, source_id=source_id)


def find_document(corpus: Corpus, source_id: str) -> Document:
    for document in corpus.documents:
        if document.id == source_id:
            return document
    ids = ", ".join(document.id for document in corpus.documents)
    raise InputError(f"no source with id '{source_id}' (the ids are: {ids})")


def load_corpus(
    paths: Sequence[Path],
    *,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
    mapper: Mapper = map,
) -> Corpus:
    """Read every source under paths, each through `mapper` (a worker pool's map, for a
    large corpus). Empty files are skipped with a warning, and so, in one warning, are files
    of kinds no reader handles."""
    from briefgen.model import Corpus

    problem = encoding_problem(encoding)
    if problem:
        raise InputError(f"--encoding: {problem}")
    found = find_sources(paths)
    documents: list[Document] = []
    warnings: list[str] = [*found.warnings, *([skipped_warning(found.skipped)] if found.skipped else [])]
    empty: list[Path] = []
    files = list(zip(found.files, source_ids(found.files, found.folders), strict=True))
    read = functools.partial(read_named, encoding=encoding, max_bytes=max_bytes)
    for (path, _), (document, notes) in zip(files, mapper(read, files), strict=True):
        warnings.extend(notes)
        if document is None:
            empty.append(path)
            continue
        documents.append(document)
    if not documents:
        skipped = [str(path) for path in empty]
        named = ", ".join(skipped[:5]) + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")
        raise InputError(f"{named}: no source has any text (empty or only white space)")
    return Corpus(documents=tuple(documents), warnings=tuple(warnings))
