"""What every reader returns, whatever the kind of file: the text that offsets index, the
metadata read off the file, and the spans of that text to skip or to show differently."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefgen.errors import InputError
from briefgen.model import Span
from briefgen.sources.metadata import Metadata


@dataclass(frozen=True)
class Reading:
    text: str
    reader: str  # "text", "markdown", "html", "pdf", "word": recorded in every source record
    metadata: Metadata = field(default_factory=Metadata)
    boilerplate: tuple[Span, ...] = ()
    markup: tuple[Span, ...] = ()
    notes: tuple[str, ...] = ()  # what the user should know, shown as warnings
    empty_reason: str | None = None  # why a file with no text was skipped, when it is not just empty


def missing_extra(path: Path, extra: str) -> InputError:
    """The error for a reader whose library is an optional extra that is not installed."""
    return InputError(
        f"{path}: reading {path.suffix.lower()} files needs the [{extra}] extra: "
        f"pip install 'briefgen[{extra}]'"
    )
