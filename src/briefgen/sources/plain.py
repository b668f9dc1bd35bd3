"""The reader of plain text: the file decoded as it is, its encoding detected when it is not UTF-8."""

from __future__ import annotations

import codecs
from pathlib import Path

from briefgen.sources.boilerplate import find_boilerplate
from briefgen.sources.decode import NotInEncoding, decode, detect_encoding
from briefgen.sources.metadata import derive_metadata
from briefgen.sources.reading import Reading

SIDECAR_SUFFIX = ".toml"


def decode_text(data: bytes, path: Path, encoding: str, *, detect: bool) -> tuple[str, tuple[str, ...]]:
    """The text, and a note saying which encoding was detected when UTF-8 did not fit.

    Detection is only tried when nobody named an encoding but the default UTF-8: an
    encoding a user names is the one used."""
    sidecar = path.with_suffix(SIDECAR_SUFFIX)
    try:
        return decode(data, path, encoding, sidecar), ()
    except NotInEncoding:
        detected = detect_encoding(data) if detect and codecs.lookup(encoding).name == "utf-8" else None
        if detected is None:
            raise
    note = (
        f"{path}: not UTF-8; read as {detected}, the encoding detected "
        f'(set encoding = "{detected}" in {sidecar.name} to make it explicit)'
    )
    return decode(data, path, detected, sidecar), (note,)


def read(data: bytes, path: Path, encoding: str, *, detect: bool) -> Reading:
    text, notes = decode_text(data, path, encoding, detect=detect)
    boilerplate = find_boilerplate(text)
    return Reading(text, "text", derive_metadata(text, boilerplate), boilerplate, notes=notes)
