"""The Word pack: written from the same HTML as the PDF, named styles, linked citation marks,
fields for contents and page numbers, reproducible bytes, and refusal of unknown markup."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import re
import shutil
import signal
import subprocess
import zipfile
from pathlib import Path

import docx
import lxml.etree
import lxml.html
import pytest
from docx.shared import Pt

from briefgen.analysis import analyse
from briefgen.compose import compose_briefs
from briefgen.config import Settings, Theme
from briefgen.errors import CheckFailed
from briefgen.render.docx import render_docx
from briefgen.render.html import render_html

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EPOCH = 1740096000  # 2025-02-21
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SETTINGS = Settings(subject="SCO chairmanship", organisation="Test desk", language="en-GB")


@pytest.fixture(scope="module")
def briefs():
    analysis = analyse([SEEDS])
    found = compose_briefs(analysis, Theme(), settings=SETTINGS, source_date_epoch=str(EPOCH))
    return {brief.audience: brief for brief in found}


@pytest.fixture(scope="module")
def diplomatic(briefs):
    """(brief, html, docx bytes, warnings) for the fullest pack."""
    brief = briefs["diplomatic"]
    html = render_html(brief, Theme())
    data, warnings = render_docx(html, brief, Theme(), reference=None, epoch=EPOCH)
    return brief, html, data, warnings


def part(data: bytes, name: str) -> lxml.etree._Element:
    return lxml.etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def paragraph_texts(root: lxml.etree._Element) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def all_quotes(brief):
    return [
        item
        for item in (*brief.key_points, *(q for s in brief.sections for q in s.quotes))
        if item.kind == "quote"
    ]


def test_every_quote_appears_verbatim(diplomatic):
    brief, _, data, warnings = diplomatic
    assert warnings == []
    texts = paragraph_texts(part(data, "word/document.xml"))
    quotes = all_quotes(brief)
    assert quotes, "the seeds should give the diplomatic pack some quotes"
    for quote in quotes:
        wanted = " ".join(quote.shown_text.split())  # HTML collapses whitespace, as the PDF does
        assert any(wanted in text for text in texts), quote.text


def test_body_uses_named_styles_and_no_direct_run_formatting(diplomatic):
    _, _, data, _ = diplomatic
    document = docx.Document(io.BytesIO(data))

    def paragraphs(container):
        yield from container.paragraphs
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from paragraphs(cell)

    seen = set()
    for paragraph in paragraphs(document):
        if not paragraph.text.strip():
            continue
        assert paragraph._p.pPr is not None and paragraph._p.pPr.pStyle is not None, paragraph.text
        seen.add(paragraph.style.name)
        for run in paragraph.runs:
            assert run.bold is None and run.italic is None and run.font.size is None, run.text
            props = run._r.rPr
            assert props is None or [child.tag for child in props] == [f"{W}rStyle"], run.text
    assert {"Title", "Subtitle", "Marking", "Heading 1", "Body Text", "Key Figure"} <= seen
    assert {"Block Text", "Quote Attribution", "List Bullet", "List Number"} <= seen
    run_styles = {r.get(f"{W}val") for r in part(data, "word/document.xml").iter(f"{W}rStyle")}
    assert {"Speaker", "FootnoteReference", "Hyperlink"} <= run_styles


def test_citation_marks_link_to_their_entry_in_the_one_reference_list(diplomatic):
    _, html, data, _ = diplomatic
    root = lxml.html.document_fromstring(html)
    marks = [a.get("href")[1:] for a in root.xpath('//sup[@class="cite"]/a')]
    body = part(data, "word/document.xml")
    links = [link for link in body.iter(f"{W}hyperlink") if (link.get(f"{W}anchor") or "").startswith("note_")]
    assert [link.get(f"{W}anchor") for link in links] == [m.replace("-", "_") for m in marks]
    for link in links:
        (run,) = link.iter(f"{W}r")
        assert run.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference"
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    assert {link.get(f"{W}anchor") for link in links} <= bookmarks
    assert "footnotes" not in zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels").decode()


def style_chain(styles: lxml.etree._Element, style_id: str) -> list[lxml.etree._Element]:
    """A style and those it is based on, nearest first."""
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    chain = []
    while style_id in by_id:
        chain.append(by_id[style_id])
        based = by_id[style_id].find(f"{W}basedOn")
        style_id = based.get(f"{W}val") if based is not None else None
    return chain


def inherited(styles, style_id: str, tag: str):
    """The nearest w:pPr/<tag> of a style's chain, or None."""
    for style in style_chain(styles, style_id):
        found = style.find(f"{W}pPr/{W}{tag}")
        if found is not None:
            return found
    return None


def test_headings_keep_with_the_next_paragraph(diplomatic):
    _, _, data, _ = diplomatic
    styles = part(data, "word/styles.xml")
    body = part(data, "word/document.xml")
    used = {s.get(f"{W}val") for s in body.iter(f"{W}pStyle")}
    headings = {s for s in used if s.startswith("Heading") or s == "Title"}
    assert {"Title", "Heading1"} <= headings
    for style_id in headings | {"Heading2", "Heading3"}:
        keep = inherited(styles, style_id, "keepNext")
        assert keep is not None and keep.get(f"{W}val") in (None, "1", "true"), style_id


def test_table_rows_do_not_split_and_boxes_are_one_level_tables(diplomatic):
    _, html, data, _ = diplomatic
    body = part(data, "word/document.xml")
    rows = list(body.iter(f"{W}tr"))
    assert rows
    assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
    assert not body.xpath("//w:tc//w:tbl", namespaces={"w": W[1:-1]})
    boxes = [t for t in body.iter(f"{W}tbl") if t.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "KeyFiguresBox"]
    (box,) = boxes
    first, *figures = box.iter(f"{W}tr")
    assert paragraph_texts(first) == ["Key figures"]
    assert first.find(f"{W}tc/{W}tcPr/{W}gridSpan").get(f"{W}val") == "2"
    root = lxml.html.document_fromstring(html)
    assert len(figures) == len(root.xpath('//aside[@class="key-figures"]//tr'))


def test_body_text_is_ragged_as_in_the_pdf(diplomatic):
    _, _, data, _ = diplomatic
    styles = part(data, "word/styles.xml")
    body = part(data, "word/document.xml")
    used = {s.get(f"{W}val") for s in body.iter(f"{W}pStyle")}
    assert inherited(styles, "BodyText", "jc").get(f"{W}val") == "left"
    justified = {s for s in used if (jc := inherited(styles, s, "jc")) is not None and jc.get(f"{W}val") == "both"}
    assert justified == set()
    assert not body.xpath('//w:p/w:pPr/w:jc[@w:val="both"]', namespaces={"w": W[1:-1]})


def test_contents_and_page_fields(diplomatic):
    _, _, data, _ = diplomatic
    package = zipfile.ZipFile(io.BytesIO(data))
    body = package.read("word/document.xml").decode()
    assert 'TOC \\o "1-3" \\h \\z \\u' in body
    assert "Update this field" not in body
    footers = [package.read(n).decode() for n in package.namelist() if n.startswith("word/footer")]
    assert any(" PAGE " in f and " NUMPAGES " in f for f in footers)
    headers = [package.read(n).decode() for n in package.namelist() if n.startswith("word/header")]
    assert any("Diplomatic brief" in h for h in headers)
    assert '<w:updateFields w:val="true"/>' in package.read("word/settings.xml").decode()
    names = [b.get(f"{W}name") for b in part(data, "word/document.xml").iter(f"{W}bookmarkStart")]
    assert "section_economy" in names and "key_points" in names
    assert len(names) == len(set(names))


def test_the_styles_name_the_shipped_fonts_and_the_font_table_describes_them(diplomatic):
    """Word substitutes a missing font by the font table's PANOSE digits and kind: the
    shipped DejaVu Serif falls back to a serif, DejaVu Sans to a sans serif."""
    _, _, data, _ = diplomatic
    styles = part(data, "word/styles.xml")
    named = {f.get(f"{W}ascii") for f in styles.iter(f"{W}rFonts")}
    assert {"DejaVu Serif", "DejaVu Sans"} <= named
    table = part(data, "word/fontTable.xml")
    entries = {f.get(f"{W}name"): f for f in table.iter(f"{W}font")}
    families = ("DejaVu Serif", "DejaVu Sans")
    kinds = {name: entries[name].find(f"{W}family").get(f"{W}val") for name in families}
    assert kinds == {"DejaVu Serif": "roman", "DejaVu Sans": "swiss"}
    assert entries["DejaVu Sans"].find(f"{W}panose1").get(f"{W}val") == "020B0603030804020204"
    assert [f.get(f"{W}name") for f in table.iter(f"{W}font")].count("DejaVu Serif") == 1


def test_core_properties(diplomatic):
    brief, _, data, _ = diplomatic
    core = docx.Document(io.BytesIO(data)).core_properties
    assert core.title == f"{brief.title}: {brief.subtitle}"
    assert core.subject == "diplomatic"
    assert core.author == core.last_modified_by == "Test desk"
    assert core.keywords == ", ".join(s.name for s in brief.sections)
    assert core.created.replace(tzinfo=None) == core.modified.replace(tzinfo=None) == dt.datetime(2025, 2, 21)
    assert core.revision == 1
    assert core.language == "en-GB"


def test_same_inputs_same_bytes(diplomatic, briefs):
    brief, html, data, _ = diplomatic
    again, _ = render_docx(html, brief, Theme(), reference=None, epoch=EPOCH)
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(data).hexdigest()
    entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert entries[0].filename == "[Content_Types].xml"
    assert {entry.date_time for entry in entries} == {(2025, 2, 21, 0, 0, 0)}
    early, _ = render_docx(html, brief, Theme(), reference=None, epoch=0)
    assert {e.date_time for e in zipfile.ZipFile(io.BytesIO(early)).infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_compact_pack_has_no_cover_page_or_contents(briefs):
    brief = briefs["executive"]
    data, _ = render_docx(render_html(brief, Theme()), brief, Theme(), reference=None, epoch=EPOCH)
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "TOC \\o" not in body
    assert "w:pageBreakBefore" not in body


def test_reference_document_styles_win(diplomatic, tmp_path):
    brief, html, _, _ = diplomatic
    reference = docx.Document()
    reference.styles["Body Text"].font.name = "Courier New"
    reference.styles["Body Text"].font.size = Pt(13)
    reference.add_paragraph("left over from the reference")
    path = tmp_path / "reference.docx"
    reference.save(path)
    data, _ = render_docx(html, brief, Theme(), reference=path, epoch=EPOCH)
    document = docx.Document(io.BytesIO(data))
    assert document.styles["Body Text"].font.name == "Courier New"
    assert document.styles["Body Text"].font.size == Pt(13)
    assert "left over from the reference" not in [p.text for p in document.paragraphs]
    assert "Marking" in [s.name for s in document.styles]  # missing styles are still added


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (('<p class="section-description">', '<div class="section-description">'), "<div"),
        (('<p class="fact">', '<p class="fact" style="color: red">'), "style="),
    ],
)
def test_markup_outside_the_vocabulary_fails(diplomatic, change, named):
    brief, html, _, _ = diplomatic
    broken = html.replace(*change, 1)
    assert broken != html
    with pytest.raises(CheckFailed) as caught:
        render_docx(broken, brief, Theme(), reference=None, epoch=EPOCH)
    message = str(caught.value)
    assert named in message
    assert "section#section-" in message and "sections/" in message


def test_a_class_outside_the_class_map_keeps_the_ordinary_style_with_a_warning(diplomatic):
    brief, html, _, _ = diplomatic
    changed = html.replace('<p class="fact">', '<p class="factoid">', 1)
    assert changed != html
    data, warnings = render_docx(changed, brief, Theme(), reference=None, epoch=EPOCH)
    assert len(warnings) == 1
    assert "section#section-" in warnings[0] and "sections/" in warnings[0]
    assert 'class “factoid” on <p class="factoid">' in warnings[0]
    assert "written as Body Text" in warnings[0] and "docx/classes.toml" in warnings[0]
    assert docx.Document(io.BytesIO(data)).paragraphs


def test_control_characters_are_dropped_with_a_warning(diplomatic):
    brief, html, _, _ = diplomatic
    dirty = html.replace('<p class="fact">', '<p class="fact">bell\x07 and\x0b tab ', 1)
    data, warnings = render_docx(dirty, brief, Theme(), reference=None, epoch=EPOCH)
    assert len(warnings) == 1
    assert "U+0007" in warnings[0] and "U+000B" in warnings[0] and "bell and tab" in warnings[0]
    texts = paragraph_texts(part(data, "word/document.xml"))  # parses: the XML is well formed
    assert any(text.startswith("bell and tab ") for text in texts)


LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")

# LibreOffice does not rebuild a table of contents when it opens a file (Word does, as asked
# by settings.xml), so the contents' page numbers are checked after updating the indexes
# through UNO, the way a LibreOffice user would with Tools > Update > Update All.
UNO_UPDATE = """
import subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue
source, target, profile = sys.argv[1:4]
def prop(name, value):
    p = PropertyValue(); p.Name, p.Value = name, value; return p
office = subprocess.Popen([sys.argv[4], "--headless", "--norestore", "-env:UserInstallation=" + profile,
                           "--accept=pipe,name=briefgen_test;urp;"])
try:
    context = uno.getComponentContext()
    resolver = context.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", context)
    for _ in range(150):
        try:
            remote = resolver.resolve("uno:pipe,name=briefgen_test;urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.2)
    desktop = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
    indexes = doc.getDocumentIndexes()
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()
    doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "writer_pdf_Export"),))
    doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass
finally:
    office.wait(timeout=60)
"""


def run_office(command: list[str], timeout: float) -> None:
    """Run a LibreOffice command in a session of its own, so that a time-out ends every
    process it started (soffice forks oosplash and soffice.bin), not just the first."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, stderr.decode(errors="replace")


def _system_python_has_uno() -> bool:
    python = shutil.which("python3", path="/usr/bin")
    return bool(python) and subprocess.run([python, "-c", "import uno"], capture_output=True).returncode == 0


@pytest.mark.skipif(not LIBREOFFICE, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_pack(diplomatic, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    brief, _, data, _ = diplomatic
    source = tmp_path / "pack.docx"
    source.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    run_office(
        [LIBREOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        timeout=180,
    )  # fmt: skip
    pages = [page.extract_text() for page in pypdf.PdfReader(tmp_path / "pack.pdf").pages]
    assert len(pages) > 3
    assert f"Page 2 of {len(pages)}" in pages[1]
    assert brief.marking.upper() in pages[1]
    assert "Contents" in pages[1] and "At a glance" in pages[1] and "Sources" in pages[1]
    if not _system_python_has_uno():
        pytest.skip("python3-uno is not installed: contents page numbers not checked")
    updated = tmp_path / "updated.pdf"
    run_office(
        ["/usr/bin/python3", "-c", UNO_UPDATE, str(source), str(updated), (tmp_path / "p2").as_uri(),
         LIBREOFFICE],
        timeout=240,
    )  # fmt: skip
    contents = pypdf.PdfReader(updated).pages[1].extract_text()
    economy = next(s.title for s in brief.sections if s.name == "economy")
    assert re.search(rf"{economy}\W*\.*\s*\d+", contents), contents
    assert re.search(r"At a glance\W*\.*\s*1\b", contents), contents


def test_unwritable_reference_is_an_input_error(diplomatic, tmp_path):
    from briefgen.errors import InputError

    brief, html, _, _ = diplomatic
    bad = tmp_path / "not.docx"
    bad.write_text("plain text")
    with pytest.raises(InputError, match=r"not\.docx"):
        render_docx(html, brief, Theme(), reference=Path(bad), epoch=EPOCH)
