"""One reference list: a citation mark is the source's number in the PDF and in the DOCX
alike, and the full citation is printed once, in the list. Read back with pypdf and
python-docx from one build of the packs."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from briefgen.build import BuildRequest, build
from tests.conftest import SEEDS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EPOCH = "1735689600"
TITLE = re.compile(r"“([^”]+)”")


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    request = BuildRequest(
        sources=(SEEDS,),
        out=out,
        formats=("pdf", "docx"),
        audiences=("diplomatic", "executive"),
        source_date_epoch=EPOCH,
    )
    build(request)
    return out


def pdf_lines(reader: PdfReader, page_number: int) -> list[tuple[float, str]]:
    """(height on the page in points, text) of every piece of text on one page."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((tm[5] * cm[3] + cm[5], text))

    reader.pages[page_number].extract_text(visitor_text=visit)
    return found


def pdf_marks(reader: PdfReader) -> list[int]:
    """The note each citation mark links to, in reading order (page by page)."""
    marks = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            destination = str(link.get("/Dest", ""))
            if destination.startswith("note-"):
                marks.append(int(destination.removeprefix("note-")))
    return marks


def pdf_list(reader: PdfReader) -> dict[int, tuple[int, str]]:
    """Where each mark's destination lands: (the number printed there, the source's title as
    far as the entry's first line shows it)."""
    entries = {}
    for name, destination in reader.named_destinations.items():
        if not name.startswith("note-"):
            continue
        lines = pdf_lines(reader, reader.get_destination_page_number(destination))
        first_line = max(y for y, _ in lines if y < destination.top)
        texts = [text for y, text in lines if abs(y - first_line) < 0.5]
        number = next(int(t.strip().rstrip(".")) for t in texts if re.fullmatch(r"\s*\d+\.\s*", t))
        title = next(t.strip().removeprefix("“").split("”")[0] for t in texts if t.startswith("“"))
        entries[int(name.removeprefix("note-"))] = (number, title)
    return entries


def docx_marks(document) -> list[int]:
    marks = []
    for link in document.element.body.iter(f"{W}hyperlink"):
        anchor = link.get(f"{W}anchor") or ""
        if anchor.startswith("note_"):
            text = "".join(t.text for t in link.iter(f"{W}t"))
            assert text == anchor.removeprefix("note_"), "a mark shows the number it links to"
            marks.append(int(text))
    return marks


def docx_list(document) -> dict[int, str]:
    """The source title of each bookmarked list entry, by its number."""
    entries = {}
    for paragraph in document.paragraphs:
        for start in paragraph._p.iter(f"{W}bookmarkStart"):
            name = start.get(f"{W}name")
            if name.startswith("note_"):
                entries[int(name.removeprefix("note_"))] = TITLE.search(paragraph.text).group(1)
    return entries


@pytest.mark.parametrize("audience", ["diplomatic", "executive"])
def test_pdf_and_docx_marks_refer_to_the_same_sources(packs, audience):
    reader = PdfReader(packs / f"{audience}.pdf")
    document = docx.Document(str(packs / f"{audience}.docx"))
    in_pdf, in_docx = pdf_list(reader), docx_list(document)
    assert in_pdf and sorted(in_pdf) == list(range(1, len(in_pdf) + 1))
    assert all(number == printed for number, (printed, _) in in_pdf.items())
    assert sorted(in_pdf) == sorted(in_docx)
    for number, (_, title) in in_pdf.items():
        assert in_docx[number].startswith(title.strip()), number
    marks = pdf_marks(reader)
    assert marks and marks == docx_marks(document)
    assert set(marks) == set(in_docx)


def test_notes_are_numbered_in_reading_order(packs):
    marks = pdf_marks(PdfReader(packs / "diplomatic.pdf"))
    firsts = list(dict.fromkeys(marks))
    assert firsts == sorted(firsts)


def test_the_full_citation_is_printed_once_and_word_has_no_footnotes(packs):
    document = docx.Document(str(packs / "diplomatic.docx"))
    body = document.element.body
    assert not list(body.iter(f"{W}footnoteReference"))
    titles = docx_list(document).values()
    text = "\n".join(p.text for p in document.paragraphs)
    for title in titles:
        assert text.count(f"“{title}”") == 1, title
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Sources" in headings and "Notes" not in headings
    pages = PdfReader(packs / "diplomatic.pdf").pages
    pdf_text = re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))
    for title in titles:
        assert pdf_text.count(re.sub(r"\s+", "", f"“{title}”")) == 1, title
