"""Word lists as data: `en/<name>.txt`, one word or phrase a line, `#` starting a comment.

Read once per process (cached) and handed out immutable, so the stages that match against
them can build their patterns at import time. A list is in file order; a table line is
`key = value`, the value left as text for its user to read as a number or a code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FOLDER = Path(__file__).parent / "en"


@cache
def words(name: str) -> tuple[str, ...]:
    """The entries of a list, in file order; runs of white space inside a phrase read as one space."""
    text = (FOLDER / f"{name}.txt").read_text(encoding="utf-8")
    entries = (" ".join(line.split("#", 1)[0].split()) for line in text.splitlines())
    return tuple(entry for entry in entries if entry)


@cache
def wordset(name: str) -> frozenset[str]:
    return frozenset(words(name))


@cache
def table(name: str) -> tuple[tuple[str, str], ...]:
    """The `key = value` lines of a table, in file order."""
    pairs = (entry.rsplit(" = ", 1) for entry in words(name))
    return tuple((key, value) for key, value in pairs)
