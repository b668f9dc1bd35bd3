"""The DOCX writer's fast paths give the bytes of the simple versions they replace.

The simple versions are written out here as the reference: the zip as `zipfile` writes it
(each entry deflated anew for every pack).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping

from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.render.docx.ooxml import FIRST_ENTRIES, ZIP_EPOCH, ZIP_LAST, rezip


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
