"""Bytes to text: the file decoded as it is, a leading BOM dropped, newlines untouched."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from briefgen.errors import InputError

# git's rule of thumb: a NUL byte among the first 8000 bytes means binary.
BINARY_SNIFF_BYTES = 8000
# C1 control characters: what latin-1 (ISO 8859) makes of Windows-1252's curly quotes and dashes.
C1_CONTROLS = re.compile("[\x80-\x9f]")
# The code page most Western text that is not UTF-8 was saved in, preferred among equal guesses.
WINDOWS_WESTERN = "cp1252"
WESTERN_MARKS = frozenset("“”‘’‚„–—…•€£¥§°±«»·×÷©®™¢¡¿ \u00a0")


class NotInEncoding(InputError):
    """The bytes are not valid text in the encoding asked for."""


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
        raise NotInEncoding(
            f"{path}:{line}: not valid {encoding} at byte {error.start}; "
            f'pass --encoding (for example --encoding cp1252) or set encoding = "..." in {sidecar.name}'
        ) from error
    # Anywhere in the text, not only where the sniff looked: a NUL must never reach a pack.
    nul_char = text.find("\0")
    if nul_char >= 0:
        raise InputError(binary.format("character", nul_char))
    control = C1_CONTROLS.search(text)
    latin = codecs.lookup(encoding).name.startswith("iso8859")
    if control is not None and latin and is_windows_western(data):
        line = text.count("\n", 0, control.start()) + 1
        raise InputError(
            f"{path}:{line}: read as {encoding}, the file has control character U+{ord(control.group()):04X} "
            f"where Windows-1252 has a quote mark or dash; pass --encoding cp1252"
        )
    return text.removeprefix("\ufeff")


def is_windows_western(data: bytes) -> bool:
    try:
        data.decode(WINDOWS_WESTERN)
    except UnicodeDecodeError:
        return False
    return True


def reads_as_western(text: str) -> bool:
    """Every character beyond ASCII a letter or a mark of Western typography (“ ” ’ – … €):
    what Windows-1252 text looks like, and what text of another code page read as
    Windows-1252 does not ("³" and "¹" inside Polish words)."""
    return all(char.isascii() or char.isalpha() or char in WESTERN_MARKS for char in text)


def detect_encoding(data: bytes) -> str | None:
    """The file's encoding as charset-normalizer guesses it, Windows-1252 when that reads as
    well: on short texts the detector often picks a code page that differs from it only
    in where it puts the curly quotes (cp775, cp1250), and Windows-1252 is what such
    files were saved in."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    western = from_bytes(data, cp_isolation=[WINDOWS_WESTERN]).best()
    if western is not None and western.chaos <= best.chaos and reads_as_western(str(western)):
        return WINDOWS_WESTERN
    return best.encoding
