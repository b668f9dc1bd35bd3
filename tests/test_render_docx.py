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
from briefgen.render.docx.ooxml import package_entries
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
    links = [
        link for link in body.iter(f"{W}hyperlink") if (link.get(f"{W}anchor") or "").startswith("note_")
    ]
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
    boxes = [
        t for t in body.iter(f"{W}tbl") if t.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "KeyFiguresBox"
    ]
    (box,) = boxes
    first, *figures = box.iter(f"{W}tr")
    assert paragraph_texts(first) == ["Key figures"]
    assert first.find(f"{W}tc/{W}tcPr/{W}gridSpan").get(f"{W}val") == "2"
    root = lxml.html.document_fromstring(html)
    assert len(figures) == len(root.xpath('//aside[@class="key-figures"]//tr'))
    kept = [p.find(f"{W}pPr/{W}keepNext") is not None for row in (first, *figures) for p in row.iter(f"{W}p")]
    last = len(list(figures[-1].iter(f"{W}p")))
    assert all(kept[:-last]) and not any(kept[-last:])  # the box stays on one page, as in the PDF


@pytest.mark.parametrize("audience", ["executive", "press", "diplomatic", "investor"])
def test_every_seed_pack_keeps_headings_and_rows_whole_with_no_nested_table(seed_packs, audience):
    data = (seed_packs / f"{audience}.docx").read_bytes()
    styles = part(data, "word/styles.xml")
    body = part(data, "word/document.xml")
    assert not body.xpath("//w:tc//w:tbl", namespaces={"w": W[1:-1]})
    rows = list(body.iter(f"{W}tr"))
    assert rows and all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
    used = {s.get(f"{W}val") for s in body.iter(f"{W}pStyle")}
    headings = {s for s in used if ("Heading" in s and s != "TOCHeading") or s.endswith("Title")}
    assert "Heading1" in headings or "CompactHeading1" in headings
    for style_id in headings:
        keep = inherited(styles, style_id, "keepNext")
        assert keep is not None and keep.get(f"{W}val") in (None, "1", "true"), style_id


def test_body_text_is_ragged_as_in_the_pdf(diplomatic):
    _, _, data, _ = diplomatic
    styles = part(data, "word/styles.xml")
    body = part(data, "word/document.xml")
    used = {s.get(f"{W}val") for s in body.iter(f"{W}pStyle")}
    assert inherited(styles, "BodyText", "jc").get(f"{W}val") == "left"
    justified = {
        s for s in used if (jc := inherited(styles, s, "jc")) is not None and jc.get(f"{W}val") == "both"
    }
    assert justified == set()
    assert not body.xpath('//w:p/w:pPr/w:jc[@w:val="both"]', namespaces={"w": W[1:-1]})


def contents_entries(data: bytes) -> list[tuple[str, str, str]]:
    """Each contents line's text, the bookmark it links to and the saved page number."""
    entries = []
    for paragraph in part(data, "word/document.xml").iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if (
            style is None
            or not style.get(f"{W}val").startswith("TOC")
            or style.get(f"{W}val") == "TOCHeading"
        ):
            continue
        (link,) = paragraph.findall(f"{W}hyperlink")
        instruction = "".join(t.text for t in link.iter(f"{W}instrText"))
        texts = [t.text for t in link.iter(f"{W}t")]
        assert instruction == f" PAGEREF {link.get(f'{W}anchor')} \\h ", instruction
        entries.append((texts[0], link.get(f"{W}anchor"), texts[-1]))
    return entries


def test_contents_entries_link_their_headings_with_page_numbers(diplomatic):
    _, html, data, _ = diplomatic
    package = zipfile.ZipFile(io.BytesIO(data))
    body = package.read("word/document.xml").decode()
    entries = contents_entries(data)
    listed = lxml.html.document_fromstring(html).xpath('//section[@class="toc"]//li/a')
    assert [text for text, _, _ in entries] == [a.text_content() for a in listed]
    names = {b.get(f"{W}name") for b in part(data, "word/document.xml").iter(f"{W}bookmarkStart")}
    assert {anchor for _, anchor, _ in entries} <= names
    assert "section_economy" in names and "key_points" in names
    numbers = [int(page) for _, _, page in entries]
    assert numbers == sorted(numbers) and numbers[0] == 1  # at a glance, on the first page
    assert " TOC " not in body and "w:dirty" not in body
    settings = package.read("word/settings.xml").decode()
    assert "updateFields" not in settings
    footers = [package.read(n).decode() for n in package.namelist() if n.startswith("word/footer")]
    assert any(" PAGE " in f and " NUMPAGES " in f for f in footers)
    headers = [package.read(n).decode() for n in package.namelist() if n.startswith("word/header")]
    assert any("Diplomatic brief" in h for h in headers)


def test_contents_page_numbers_come_from_the_laid_out_pdf(diplomatic):
    brief, html, _, _ = diplomatic
    pages = {"key-points": 7, "section-economy": 11}
    data, _ = render_docx(html, brief, Theme(), reference=None, epoch=EPOCH, pages=pages)
    saved = {anchor: page for _, anchor, page in contents_entries(data)}
    assert saved["key_points"] == "7" and saved["section_economy"] == "11"


def test_the_word_writer_takes_the_pages_of_the_pdf_it_laid_out(briefs):
    from briefgen.render import Pack, write_docx, write_pdf
    from briefgen.render.pdf import anchor_pages, lay_out

    brief = briefs["investor"]
    pack = Pack(brief, render_html(brief, Theme()), Theme(), EPOCH)
    write_pdf(pack)
    pdf_pages = anchor_pages(lay_out(pack.html, Theme()))
    saved = {anchor: int(page) for _, anchor, page in contents_entries(write_docx(pack).data)}
    assert saved == {
        anchor.replace("-", "_"): pdf_pages[anchor]
        for anchor in pdf_pages
        if anchor.replace("-", "_") in saved
    }
    assert len(saved) > 5


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


def test_the_first_page_has_no_running_head_in_a_compact_pack_too(briefs):
    brief = briefs["executive"]
    data, _ = render_docx(render_html(brief, Theme()), brief, Theme(), reference=None, epoch=EPOCH)
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert section.different_first_page_header_footer
    assert "".join(p.text for p in section.first_page_header.paragraphs) == ""
    assert brief.title in "".join(p.text for p in section.header.paragraphs)
    assert "Page" in "".join(p.text for p in section.first_page_footer.paragraphs)


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


def run_office(command: list[str], timeout: float) -> None:
    """Run a LibreOffice command in a session of its own, so that a time-out ends every
    process it started (soffice forks oosplash and soffice.bin), not just the first."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
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


AUDIENCES = ("executive", "press", "diplomatic", "investor")


@pytest.fixture(scope="module")
def office_pdfs(seed_packs, tmp_path_factory):
    """The seed packs' DOCX files as LibreOffice lays them out: one conversion per pack."""
    if not LIBREOFFICE:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path_factory.mktemp("office")
    profile = (out / "profile").as_uri()
    run_office(
        [LIBREOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), *(str(seed_packs / f"{a}.docx") for a in AUDIENCES)],
        timeout=300,
    )  # fmt: skip
    return out


def pages_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_libreoffice_paginates_the_word_pack_as_the_pdf(seed_packs, office_pdfs, audience):
    from pypdf import PdfReader

    office = pages_text(office_pdfs / f"{audience}.pdf")
    pdf_pages = len(PdfReader(seed_packs / f"{audience}.pdf").pages)
    assert abs(len(office) - pdf_pages) <= 1, (len(office), pdf_pages)
    if audience == "executive":
        assert len(office) <= 2
    assert all(f"Page {n} of {len(office)}" in page for n, page in enumerate(office, start=1))
    body = part((seed_packs / f"{audience}.docx").read_bytes(), "word/document.xml")
    headings = {
        "".join(t.text for t in p.iter(f"{W}t"))
        for p in body.iter(f"{W}p")
        if (s := p.find(f"{W}pPr/{W}pStyle")) is not None and "Heading" in s.get(f"{W}val")
    }
    page_ends = [page.splitlines()[-2].strip() for page in office[:-1]]  # the line above the footer
    assert not set(page_ends) & headings, page_ends


@pytest.mark.parametrize("audience", ["press", "diplomatic", "investor"])
def test_libreoffice_shows_each_headings_page_in_the_contents(seed_packs, office_pdfs, audience):
    office = pages_text(office_pdfs / f"{audience}.pdf")
    entries = contents_entries((seed_packs / f"{audience}.docx").read_bytes())
    (contents,) = [n for n, page in enumerate(office, start=1) if "Contents" in page.splitlines()]
    assert entries
    for text, _, _ in entries:
        shown = re.search(rf"^{re.escape(text)}\W*?(\d+)$", office[contents - 1], re.MULTILINE)
        assert shown, (text, office[contents - 1])
        headed = [
            n
            for n, page in enumerate(office, start=1)
            if text in map(str.strip, page.splitlines()[1:])  # a contents line ends in its number
        ]
        assert int(shown.group(1)) == min(headed), text


def test_unwritable_reference_is_an_input_error(diplomatic, tmp_path):
    from briefgen.errors import InputError

    brief, html, _, _ = diplomatic
    bad = tmp_path / "not.docx"
    bad.write_text("plain text")
    with pytest.raises(InputError, match=r"not\.docx"):
        render_docx(html, brief, Theme(), reference=Path(bad), epoch=EPOCH)


def test_key_figures_and_the_metrics_table_are_table_cells_with_their_measures(briefs):
    brief = briefs["investor"]
    data, _ = render_docx(render_html(brief, Theme()), brief, Theme(), reference=None, epoch=EPOCH)
    tables = docx.Document(io.BytesIO(data)).tables
    rows = [[cell.text for cell in row.cells] for table in tables for row in table.rows]
    assert ["$23 billion2", "foreign direct investment (2023)"] in rows
    assert ["60%2", "overall GDP of all Central Asian states (published 2 July 2024)"] in rows
    assert ["Measure", "Value", "Unit", "Period", "Change", "Source"] in rows
    cargo = next(row for row in rows if row[0].startswith("Cargo transportation along"))
    assert cargo[1:4] == ["exceeded 2.76 million", "tons", "2023"]
    assert cargo[4] == (
        "exceeded 2.76 million tons (2023) → 4.2 million tons (this year [2024]) → 10 million tons (by 2030)2"
    )


def test_package_entries_are_what_python_docx_saves():
    """The writer takes a document's entries from python-docx's own package writer, without
    the zip it would deflate them into: the same names and bytes as `save` writes."""
    document = docx.Document()
    document.add_paragraph("A line of our own.")
    buffer = io.BytesIO()
    document.save(buffer)
    saved = zipfile.ZipFile(buffer)
    entries = package_entries(document)
    assert list(entries) == saved.namelist()
    assert all(entries[name] == saved.read(name) for name in saved.namelist())
