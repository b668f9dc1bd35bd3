"""The Word file's font table: the theme's own fonts described from their files, so that
Word, on a machine without them, substitutes a font of the same kind (serif for serif).

A face is read from two tables of the font file, OS/2 (PANOSE digits, weight, italic) and
name (the family), with `struct`: fontTools, which would read them as well, costs a DOCX
build a twentieth of a second to import.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import lxml.etree  # type: ignore[import-untyped]
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from briefgen.config import Theme
from briefgen.errors import ConfigError

FONT_SUFFIXES = (".ttf", ".otf")


@dataclass(frozen=True)
class Face:
    """What Word's font table says of a family: its PANOSE digits and its kind."""

    family: str
    panose: str  # ten bytes as hex
    kind: str  # w:family: roman (serif), swiss (sans serif), modern (monospace) or auto


def kind_of(panose: bytes) -> str:
    """PANOSE's serif-style digit says serif or sans; its proportion digit, monospace."""
    family_type, serif_style, proportion = panose[0], panose[1], panose[3]
    if family_type != 2:
        return "auto"
    if proportion == 9:
        return "modern"
    return "swiss" if 11 <= serif_style <= 13 else "roman"


def font_tables(path: Path, data: bytes, wanted: tuple[bytes, ...]) -> dict[bytes, bytes]:
    """The wanted tables of a TrueType or OpenType file, from its table directory."""
    try:
        (count,) = struct.unpack_from(">H", data, 4)
        records = (struct.unpack_from(">4s4xLL", data, 12 + 16 * n) for n in range(count))
        tables = {tag: data[offset : offset + length] for tag, offset, length in records if tag in wanted}
    except struct.error:
        tables = {}
    if data[:4] not in (b"\x00\x01\x00\x00", b"OTTO", b"true") or tables.keys() != set(wanted):
        raise ConfigError([f"{path}: not a font file with OS/2 and name tables"])
    return tables


# A name record's encoding by platform and platform encoding (the OpenType name table's;
# fontTools' map, less the Mac CJK encodings Python has no codec for); Mac Roman by language.
NAME_ENCODINGS = {(0, n): "utf_16_be" for n in range(7)} | {
    (1, 6): "mac_greek",
    (1, 7): "mac_cyrillic",
    (1, 29): "mac_latin2",
    (1, 35): "mac_turkish",
    (1, 37): "mac_iceland",
    (2, 0): "ascii",
    (2, 1): "utf_16_be",
    (2, 2): "latin1",
    (3, 0): "utf_16_be",
    (3, 1): "utf_16_be",
    (3, 2): "shift_jis",
    (3, 3): "gb2312",
    (3, 4): "big5",
    (3, 5): "euc_kr",
    (3, 6): "johab",
    (3, 10): "utf_16_be",
}
MAC_ROMAN_BY_LANGUAGE = {15: "mac_iceland", 17: "mac_turkish", 18: "mac_croatian", 37: "mac_romanian"} | {
    language: "mac_latin2" for language in (24, 25, 26, 27, 28, 36, 38, 39, 40)
}


def record_codec(platform: int, encoding: int, language: int) -> str | None:
    if (platform, encoding) == (1, 0):
        return MAC_ROMAN_BY_LANGUAGE.get(language, "mac_roman")
    return NAME_ENCODINGS.get((platform, encoding))


WINDOWS_ENGLISH = (3, 0x409)
MAC_ENGLISH = (1, 0)


def family_name(table: bytes) -> str | None:
    """Name 1, the family: the Windows English record, else the Mac English one, else the
    last that can be read (fontTools' `getDebugName`, for names in these encodings)."""
    english = mac_english = some = None
    try:
        count, strings = struct.unpack_from(">2xHH", table)
        records = [struct.unpack_from(">6H", table, 6 + 12 * n) for n in range(count)]
    except struct.error:
        return None
    for platform, encoding, language, name_id, length, offset in records:
        if name_id != 1 or offset + length > len(table) - strings:
            continue
        codec = record_codec(platform, encoding, language)
        if codec is None:
            continue
        try:
            text = table[strings + offset : strings + offset + length].decode(codec)
        except UnicodeDecodeError:
            continue
        some = text
        if (platform, language) == WINDOWS_ENGLISH:
            english = text
            break
        if (platform, language) == MAC_ENGLISH and mac_english is None:
            mac_english = text
    return english or mac_english or some


OS2_WEIGHT, OS2_PANOSE, OS2_SELECTION = 4, 32, 62  # byte offsets in the OS/2 table


def read_face(path: Path) -> tuple[Face, int]:
    """The face and how far it is from an upright regular one (which describes a family)."""
    tables = font_tables(path, path.read_bytes(), (b"OS/2", b"name"))
    os2 = tables[b"OS/2"]
    if len(os2) < OS2_SELECTION + 2:
        raise ConfigError([f"{path}: its OS/2 table is too short"])
    panose = os2[OS2_PANOSE : OS2_PANOSE + 10]
    (weight,) = struct.unpack_from(">H", os2, OS2_WEIGHT)
    (selection,) = struct.unpack_from(">H", os2, OS2_SELECTION)
    distance = abs(weight - 400) + (1000 if selection & 1 else 0)
    face = Face(family_name(tables[b"name"]) or path.stem, panose.hex().upper(), kind_of(panose))
    return face, distance


def shipped_faces(theme: Theme) -> dict[str, Face]:
    """The theme's fonts/ folders, a family each: the user's folder first, as for templates."""
    found: dict[str, tuple[Face, int, int]] = {}
    for rank, folder in enumerate(theme.folders):
        for path in sorted((folder / "fonts").glob("*")):
            if path.suffix.lower() not in FONT_SUFFIXES:
                continue
            face, distance = read_face(path)
            best = found.get(face.family)
            if best is None or (rank, distance) < (best[1], best[2]):
                found[face.family] = (face, rank, distance)
    return {family: face for family, (face, _, _) in found.items()}


def used_fonts(document: DocxDocument) -> set[str]:
    styles = document.part.styles.element
    return {value for fonts in styles.iter(qn("w:rFonts")) if (value := fonts.get(qn("w:ascii")))}


def describe_fonts(document: DocxDocument, theme: Theme) -> None:
    """Give each shipped font the styles use an entry in the font table (replacing any
    entry of that name), so Word's substitution has its PANOSE digits and kind."""
    faces = shipped_faces(theme)
    wanted = sorted(used_fonts(document) & faces.keys())
    if not wanted:
        return
    part = document.part.part_related_by(RT.FONT_TABLE)
    table = lxml.etree.fromstring(part.blob)
    for entry in table.findall(qn("w:font")):
        if entry.get(qn("w:name")) in wanted:
            table.remove(entry)
    for family in wanted:
        face = faces[family]
        entry = lxml.etree.SubElement(table, qn("w:font"), {qn("w:name"): face.family})
        lxml.etree.SubElement(entry, qn("w:panose1"), {qn("w:val"): face.panose})
        lxml.etree.SubElement(entry, qn("w:family"), {qn("w:val"): face.kind})
        lxml.etree.SubElement(entry, qn("w:pitch"), {qn("w:val"): "variable"})
    part._blob = lxml.etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
