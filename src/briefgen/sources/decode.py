"""Bytes to text: the file decoded as it is, a leading BOM dropped, newlines untouched."""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import InputError

# git's rule of thumb: a NUL byte among the first 8000 bytes means binary.
BINARY_SNIFF_BYTES = 8000


def decode(data: bytes, path: Path, encoding: str, sidecar: Path) -> str:
    """The file's text: bytes decoded, a leading BOM dropped, newlines left as they are."""
    # NUL bytes are looked for in the text, not the bytes: UTF-16 is full of them.
    binary = f"{path}: looks like a binary file (NUL {{}} at {{}}), not a text source"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        nul = data.find(b"\0", 0, BINARY_SNIFF_BYTES)
        if nul >= 0:
            raise InputError(binary.format("byte", nul)) from error
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"{path}:{line}: not valid {encoding} at byte {error.start}; "
            f'pass --encoding (for example --encoding latin-1) or set encoding = "..." in {sidecar.name}'
        ) from error
    # Anywhere in the text, not only where the sniff looked: a NUL must never reach a pack.
    nul_char = text.find("\0")
    if nul_char >= 0:
        raise InputError(binary.format("character", nul_char))
    return text.removeprefix("\ufeff")
