"""The reader of Word files (python-docx): the body's paragraphs and tables in order, one
paragraph per block; page headers and footers are not part of the body and are left out."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree  # type: ignore[import-untyped]

from briefgen.errors import InputError
from briefgen.sources.boilerplate import find_boilerplate
from briefgen.sources.metadata import derive_metadata
from briefgen.sources.reading import Reading

SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)
EXTENDED_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def read(data: bytes, path: Path) -> Reading:
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise InputError(f"{path}: not a readable Word (.docx) file ({type(error).__name__})") from error
    blocks = [block for block in body_blocks(document.iter_inner_content()) if block.strip()]
    text = "\n\n".join(blocks) + "\n" if blocks else ""
    boilerplate = find_boilerplate(text)
    derived = derive_metadata(text, boilerplate)
    title = (document.core_properties.title or "").strip()
    metadata = replace(
        derived, title=title or derived.title, publisher=company(document) or derived.publisher
    )
    return Reading(text, "word", metadata, boilerplate)


def company(document: DocxDocument) -> str | None:
    """The organisation Word records in the file's extended properties (docProps/app.xml)."""
    for part in document.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            try:
                root = etree.fromstring(part.blob, SAFE_XML)
            except etree.XMLSyntaxError:
                return None
            name = root.findtext(f"{{{EXTENDED_PROPERTIES}}}Company")
            return name.strip() if name and name.strip() else None
    return None


def body_blocks(content: Iterator[Paragraph | Table]) -> Iterator[str]:
    """Each paragraph's text; each table row as its cells separated by tabs."""
    for block in content:
        if isinstance(block, Paragraph):
            yield block.text.strip()
        else:
            for row in block.rows:
                yield "\t".join(cell.text.strip() for cell in row.cells)
