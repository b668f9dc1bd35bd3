"""The DOCX writer's fast paths give the bytes of the simple versions they replace.

The simple versions are written out here as the reference: the zip as `zipfile` writes it
(each entry deflated anew for every pack), a font's face as fontTools reads it, and an
attribute value as xml.sax escapes it.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from fontTools.fontBuilder import FontBuilder  # type: ignore[import-untyped]
from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from briefgen.errors import ConfigError
from briefgen.render.docx.fonts import Face, kind_of, read_face
from briefgen.render.docx.ooxml import FIRST_ENTRIES, ZIP_EPOCH, ZIP_LAST, rezip
from briefgen.render.docx.styles import attr


def rezip_reference(entries: Mapping[str, bytes], epoch: int) -> bytes:
    """The rezip as first written, with zipfile."""
    stamp = min(ZIP_LAST, max(ZIP_EPOCH, dt.datetime.fromtimestamp(max(epoch, 0), tz=dt.UTC).timetuple()[:6]))
    names = list(entries)
    ordered = [n for n in FIRST_ENTRIES if n in names] + sorted(n for n in names if n not in FIRST_ENTRIES)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name], compresslevel=9)
    return out.getvalue()


NAMES = st.one_of(
    st.sampled_from([*FIRST_ENTRIES, "word/document.xml", "word/styles.xml", "word/media/image1.png"]),
    st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/\\"), min_size=1, max_size=20
    ),
)
BLOBS = st.one_of(
    st.binary(max_size=3000),
    st.builds(lambda text, times: (text * times).encode("utf-8"), st.text(max_size=40), st.integers(0, 400)),
)
# Before 1980, inside the zip's range, and past 2107 (both ends are clamped).
EPOCHS = st.integers(-(10**9), 5 * 10**9)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(NAMES, BLOBS, max_size=8), EPOCHS)
def test_rezip_writes_the_bytes_zipfile_writes(entries: dict[str, bytes], epoch: int) -> None:
    assert rezip(entries, epoch) == rezip_reference(entries, epoch)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.dictionaries(NAMES, BLOBS, min_size=1, max_size=5), min_size=2, max_size=4), EPOCHS)
def test_entries_deflated_for_one_pack_serve_the_next(packs: list[dict[str, bytes]], epoch: int) -> None:
    """Packs share entries (the same styles in each): the second is as zipfile writes it."""
    shared = packs[0]
    for pack in packs[1:]:
        entries = {**shared, **pack}
        data = rezip(entries, epoch)
        assert data == rezip_reference(entries, epoch)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None
            assert {name: archive.read(name) for name in archive.namelist()} == entries


def read_face_reference(path: Path) -> tuple[Face, int]:
    """The face as first read, with fontTools."""
    font = TTFont(path, lazy=True)
    table = font["OS/2"]
    panose = bytes(
        getattr(table.panose, name)
        for name in (
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
    )
    italic = bool(table.fsSelection & 1)
    distance = abs(table.usWeightClass - 400) + (1000 if italic else 0)
    face = Face(font["name"].getDebugName(1) or path.stem, panose.hex().upper(), kind_of(panose))
    return face, distance


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
# (platform, encoding, language) of name records, in the encodings the reader decodes.
RECORDS = st.sampled_from(
    [
        (3, 1, 0x409),
        (3, 1, 0x40C),
        (3, 10, 0x409),
        (3, 0, 0x409),
        (3, 2, 0x411),
        (1, 0, 0),
        (1, 0, 3),
        (1, 0, 18),
        (1, 7, 0),
        (0, 3, 0),
        (0, 4, 0),
        (2, 1, 0),
        (2, 2, 0),
    ]
)
NAME_TEXT = st.text(st.sampled_from("DejaVu Sans Serif Mono éüøЖ日本"), min_size=1, max_size=16)


def build_font(path: Path, panose: list[int], weight: int, selection: int, names: list[tuple]) -> bool:
    """A one-glyph TrueType font with these OS/2 values and name records; False when a
    name cannot be written in its record's encoding."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef"])
    builder.setupCharacterMap({})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"styleName": "Regular"})
    table = builder.font["name"]
    table.removeNames(nameID=1)
    for text, name_id, (platform, encoding, language) in names:
        table.setName(text, name_id, platform, encoding, language)
    builder.setupOS2(usWeightClass=weight, fsSelection=selection)
    for field, value in zip(PANOSE_FIELDS, panose, strict=True):
        setattr(builder.font["OS/2"].panose, field, value)
    builder.setupPost()
    try:
        builder.save(str(path))
    except UnicodeEncodeError:
        return False
    return True


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.integers(0, 255), min_size=10, max_size=10),
    st.integers(1, 1000),
    st.integers(0, 0xFFFF),
    st.lists(st.tuples(NAME_TEXT, st.sampled_from([1, 1, 2, 4]), RECORDS), max_size=6),
)
def test_a_face_is_read_as_fonttools_reads_it(
    tmp_path_factory: pytest.TempPathFactory,
    panose: list[int],
    weight: int,
    selection: int,
    names: list[tuple],
) -> None:
    path = tmp_path_factory.mktemp("font") / "Face-Regular.ttf"
    assume(build_font(path, panose, weight, selection, names))
    assert read_face(path) == read_face_reference(path)


def test_the_shipped_faces_are_read_as_fonttools_reads_them() -> None:
    paths = sorted((Path(__file__).resolve().parent.parent / "templates" / "fonts").glob("*.ttf"))
    assert paths
    for path in paths:
        assert read_face(path) == read_face_reference(path)


def test_a_file_that_is_no_font_is_a_theme_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttf"
    path.write_bytes(b"\x00\x01\x00\x00\x00\x01" + b"\x00" * 10)
    with pytest.raises(ConfigError, match="not a font file"):
        read_face(path)


@given(st.text(st.sampled_from("&<>\"'; abc&amp;é")))
def test_an_attribute_is_escaped_as_xml_sax_escapes_it(value: str) -> None:
    assert attr(value) == escape(value, {'"': "&quot;"})
