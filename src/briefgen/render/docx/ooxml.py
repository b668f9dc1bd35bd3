"""OOXML element helpers: runs, text, fields, bookmarks, and the rezip.

python-docx covers paragraphs and tables; what it lacks (fields, bookmarks,
schema-ordered insertion, reproducible zips) is built here from raw elements.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from typing import Any

from docx.document import Document as DocxDocument
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.text.paragraph import Paragraph

# XML 1.0 forbids these even as character references; python-docx would raise on them.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# The last moment a zip entry can carry (its year is stored as 1980 + 7 bits, seconds halved):
# a pack dated later is stamped with it, as one dated before 1980 is with ZIP_EPOCH.
ZIP_LAST = (2107, 12, 31, 23, 59, 58)
FIRST_ENTRIES = ("[Content_Types].xml", "_rels/.rels")


def strip_forbidden(text: str) -> str:
    return FORBIDDEN.sub("", text)


def twips_to_emu(twips: int) -> int:
    return twips * 635


def insert_in_order(parent: Any, child: Any, successors: Sequence[str]) -> None:
    """Insert before the first existing successor: Word rejects children out of schema order."""
    for tag in successors:
        found = parent.find(qn(tag))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


def run_element(text: str = "", style_id: str | None = None) -> Any:
    run = OxmlElement("w:r")
    if style_id:
        props = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), style_id)
        props.append(style)
        run.append(props)
    if text:
        run.append(text_element("w:t", text))
    return run


def text_element(tag: str, text: str) -> Any:
    element = OxmlElement(tag)
    element.text = text
    element.set(qn("xml:space"), "preserve")
    return element


def field_runs(instruction: str, placeholder: str, *, dirty: bool = False) -> list[Any]:
    """A complex field (PAGE, NUMPAGES, TOC): Word and LibreOffice compute its result."""
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    runs = [run_element(), run_element(), run_element(), run_element(placeholder), run_element()]
    runs[0].append(begin)
    runs[1].append(text_element("w:instrText", f" {instruction} "))
    runs[2].append(separate)
    runs[4].append(end)
    return runs


def page_break_run() -> Any:
    run = run_element()
    brk = OxmlElement("w:br")
    brk.set(qn("w:type"), "page")
    run.append(brk)
    return run


def tab_run(style_id: str | None = None) -> Any:
    run = run_element(style_id=style_id)
    run.append(OxmlElement("w:tab"))
    return run


def bookmark_name(ident: str) -> str:
    """Word bookmark names: a letter first, then letters, digits and _, at most 40."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", ident)
    return (name if name[:1].isalpha() else f"b_{name}")[:40]


def set_paragraph_style(paragraph: Paragraph, style_id: str) -> None:
    # w:pStyle comes first in w:pPr, so it is put there directly: python-docx's setter looks
    # for each of the ~35 elements that may follow it, for every paragraph.
    props = paragraph._p.get_or_add_pPr()
    style = props.find(qn("w:pStyle"))
    if style is None:
        style = OxmlElement("w:pStyle")
        props.insert(0, style)
    style.set(qn("w:val"), style_id)


def ensure_paragraph_property(paragraph: Paragraph, tag: str) -> None:
    props = paragraph._p.get_or_add_pPr()
    if props.find(qn(tag)) is None:
        successors = (
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:spacing",
            "w:ind",
            "w:jc",
            "w:outlineLvl",
            "w:rPr",
        )
        later = successors[successors.index(tag) + 1 :] if tag in successors else successors
        insert_in_order(props, OxmlElement(tag), later)


class _Entries:
    """Stands in for python-docx's zip writer, keeping each entry's bytes as they are."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.blobs[pack_uri.membername] = blob


def package_entries(document: DocxDocument) -> dict[str, bytes]:
    """The entries python-docx's `save` writes, uncompressed: it would deflate each one only
    for `rezip` (or the next open) to inflate it again."""
    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    entries = _Entries()
    # `PackageWriter.write` less the zip it opens; its steps are typed for that zip writer.
    writer: Any = PackageWriter
    writer._write_content_types_stream(entries, parts)
    writer._write_pkg_rels(entries, package.rels)
    writer._write_parts(entries, parts)
    return entries.blobs


def stored_zip(entries: Mapping[str, bytes]) -> bytes:
    """The entries as a zip without compression: a document to open again in this process."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for name, blob in entries.items():
            target.writestr(name, blob)
    return out.getvalue()


def rezip(entries: Mapping[str, bytes], epoch: int) -> bytes:
    """The entries with fixed timestamps, order and attributes: equal input, equal bytes."""
    stamp = min(ZIP_LAST, max(ZIP_EPOCH, dt.datetime.fromtimestamp(max(epoch, 0), tz=dt.UTC).timetuple()[:6]))
    names = list(entries)
    ordered = [n for n in FIRST_ENTRIES if n in names] + sorted(n for n in names if n not in FIRST_ENTRIES)
    return deflated_zip([(name, entries[name]) for name in ordered], stamp)


# Deflated once per process for each distinct entry: a theme's styles (most of a pack's
# bytes: the default template's latent styles) are the same in every pack of a build.
@functools.lru_cache(maxsize=64)
def deflated(blob: bytes) -> tuple[int, bytes]:
    """The entry's CRC-32 and its raw deflate stream, as zipfile makes them at level 9."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return zlib.crc32(blob), compressor.compress(blob) + compressor.flush()


ZIP_LIMIT = (1 << 31) - 1  # past it zipfile switches to ZIP64 records, which no pack needs
LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
END_RECORD = struct.Struct("<4s4H2LH")
ZIP_VERSION = 20  # the version zipfile writes for a deflated entry
UNIX = 3
UTF8_NAME = 0x800


def deflated_zip(entries: Sequence[tuple[str, bytes]], stamp: tuple[int, ...]) -> bytes:
    """The bytes `zipfile.ZipFile` writes for these entries, each deflated at level 9 with
    the time `stamp`, made by Unix with mode 644: written here so that an entry deflated for
    one pack is reused by the next, which zipfile cannot be given."""
    date = (stamp[0] - 1980) << 9 | stamp[1] << 5 | stamp[2]
    time = stamp[3] << 11 | stamp[4] << 5 | stamp[5] // 2
    body, directory = bytearray(), bytearray()
    for name, blob in entries:
        crc, data = deflated(blob)
        if len(blob) * 1.05 > ZIP_LIMIT or len(data) > ZIP_LIMIT:
            raise ValueError(f"{name}: too large for a zip without ZIP64 records")
        encoded, flags = (name.encode("ascii"), 0) if name.isascii() else (name.encode("utf-8"), UTF8_NAME)
        sizes = (crc, len(data), len(blob), len(encoded))
        offset = len(body)
        body += LOCAL_HEADER.pack(
            b"PK\x03\x04", ZIP_VERSION, 0, flags, zipfile.ZIP_DEFLATED, time, date, *sizes, 0
        )
        body += encoded + data
        directory += CENTRAL_HEADER.pack(
            b"PK\x01\x02",
            ZIP_VERSION,
            UNIX,
            ZIP_VERSION,
            0,
            flags,
            zipfile.ZIP_DEFLATED,
            time,
            date,
            *sizes,
            0,
            0,
            0,
            0,
            0o644 << 16,
            offset,
        )
        directory += encoded
    if len(body) > ZIP_LIMIT:
        raise ValueError("too large for a zip without ZIP64 records")
    count = len(entries)
    end = END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), len(body), 0)
    return bytes(body + directory + end)
