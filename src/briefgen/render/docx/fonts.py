"""The Word file's font table: the theme's own fonts described from their files, so that
Word, on a machine without them, substitutes a font of the same kind (serif for serif)."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import lxml.etree  # type: ignore[import-untyped]
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont, TTLibError  # type: ignore[import-untyped]

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


def read_face(path: Path) -> tuple[Face, int]:
    """The face and how far it is from an upright regular one (which describes a family)."""
    try:
        font = TTFont(path, lazy=True)
        table = font["OS/2"]
        panose = bytes(getattr(table.panose, name) for name in PANOSE_FIELDS)
        italic = bool(table.fsSelection & 1)
        distance = abs(table.usWeightClass - 400) + (1000 if italic else 0)
        family = font["name"].getDebugName(1)
    except (TTLibError, KeyError, AttributeError, struct.error) as error:
        raise ConfigError([f"{path}: not a font file with OS/2 and name tables ({error})"]) from None
    return Face(family or path.stem, panose.hex().upper(), kind_of(panose)), distance


# The OS/2 table's PANOSE digits, in their order.
PANOSE_FIELDS = (
    "bFamilyType",
    "bSerifStyle",
    "bWeight",
    "bProportion",
    "bContrast",
    "bStrokeVariation",
    "bArmStyle",
    "bLetterForm",
    "bMidline",
    "bXHeight",
)


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
