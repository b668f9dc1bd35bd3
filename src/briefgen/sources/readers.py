"""The readers, by kind of file (Pelican's readers.py): each turns a file's bytes into the
same Reading, and the registry picks one from the file's suffix.

Each reader imports its library (and its own module) when first called, so listing or
digesting sources never loads trafilatura, pdfminer or python-docx, nor the text and date
finders every reader uses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefgen.sources.reading import Reading

Reader = Callable[[bytes, Path, str, bool], "Reading"]  # (data, path, encoding, detect encoding)


def read_text(data: bytes, path: Path, encoding: str, detect: bool) -> Reading:
    from briefgen.sources.plain import read

    return read(data, path, encoding, detect=detect)


def read_markdown(data: bytes, path: Path, encoding: str, detect: bool) -> Reading:
    from briefgen.sources.markdown import read

    return read(data, path, encoding, detect=detect)


def read_html(data: bytes, path: Path, encoding: str, detect: bool) -> Reading:
    from briefgen.sources.html import read

    return read(data, path)


def read_pdf(data: bytes, path: Path, encoding: str, detect: bool) -> Reading:
    from briefgen.sources.pdf import read

    return read(data, path)


def read_word(data: bytes, path: Path, encoding: str, detect: bool) -> Reading:
    from briefgen.sources.word import read

    return read(data, path)


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".pdf": read_pdf,
    ".docx": read_word,
}


def reader_for(path: Path) -> Reader:
    """The reader for path's kind; a file of another kind named on purpose is read as text."""
    return READERS.get(path.suffix.lower(), read_text)
