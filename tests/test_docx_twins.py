"""The DOCX writer's fast paths give the bytes of the simple versions they replace.

The simple versions are written out here as the reference: the zip as `zipfile` writes it
(each entry deflated anew for every pack) and an attribute value as xml.sax escapes it.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.errors import ConfigError
from briefgen.render.docx.fonts import read_face
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


def test_a_file_that_is_no_font_is_a_theme_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttf"
    path.write_bytes(b"\x00\x01\x00\x00\x00\x01" + b"\x00" * 10)
    with pytest.raises(ConfigError, match="not a font file"):
        read_face(path)


@given(st.text(st.sampled_from("&<>\"'; abc&amp;é")))
def test_an_attribute_is_escaped_as_xml_sax_escapes_it(value: str) -> None:
    assert attr(value) == escape(value, {'"': "&quot;"})
