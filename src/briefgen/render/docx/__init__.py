"""HTML -> DOCX: the editable pack, written by walking the same HTML the PDF is made from.

Every element of the semantic vocabulary (DESIGN.md) maps to a *named* Word style, using
pandoc's reference-docx names, so a user's pandoc `reference.docx` restyles the pack and an
edit in Word stays consistent. Which class turns into which style is theme data
(docx/classes.toml); a class the theme does not map keeps the element's ordinary style, with
a warning. An element or attribute outside the vocabulary fails the build: a template change
that the DOCX cannot follow must not ship a PDF and a DOCX that disagree.

Citation marks stay the numbers of the one reference list, superscript and linked to their
entry (bookmarked), so a mark means the same source in the DOCX as in the PDF. The HTML
contents list becomes linked entries with PAGEREF page numbers (docx/contents.py). The bytes
are reproducible: fixed zip timestamps and order, no random ids, dates from `epoch`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from briefgen.clock import UNDATED
from briefgen.config import Theme
from briefgen.errors import InputError
from briefgen.model import Brief
from briefgen.render.charts import pack_images
from briefgen.render.docx.fonts import describe_fonts
from briefgen.render.docx.markup import collect_notes, unstyled_class_warnings
from briefgen.render.docx.ooxml import (
    field_runs,
    package_entries,
    rezip,
    run_element,
    set_paragraph_style,
    stored_zip,
    strip_forbidden,
    tab_run,
)
from briefgen.render.docx.styles import (
    ListStyles,
    StyleBook,
    install_lists,
    install_styles,
    set_document_defaults,
)
from briefgen.render.docx.theme import DocxTheme, check_mapped_styles, load_docx_theme
from briefgen.render.docx.walk import Writer
from briefgen.render.vocabulary import check_vocabulary, classes, parse_html


def open_base(reference: Path | None) -> DocxDocument:
    """The reference document emptied of its body, or python-docx's default on A4."""
    if reference is None:
        document = docx.Document()
        section = document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(24), Mm(22)
        section.left_margin = section.right_margin = Mm(22)
        section.header_distance = section.footer_distance = Mm(10)
        drop_thumbnail(document)
        return document
    try:
        document = docx.Document(str(reference))
    except Exception as error:  # python-docx raises many kinds on a file that is not a docx
        raise InputError(f"{reference}: cannot use as reference document: {error}") from error
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def drop_thumbnail(document: DocxDocument) -> None:
    """The default template carries a preview image of some other document."""
    rels = document.part.package.rels
    for rel_id, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[rel_id]


def text_width(document: DocxDocument) -> int:
    """The width between the margins, in twips."""
    section = document.sections[0]
    width = (section.page_width or Mm(210)) - (section.left_margin or 0) - (section.right_margin or 0)
    return int(width) // 635


def has_text(paragraphs: Sequence[Paragraph]) -> bool:
    return any(paragraph.text.strip() for paragraph in paragraphs)


def write_running_heads(document: DocxDocument, book: StyleBook, brief: Brief) -> None:
    """Title and audience at the top; marking and "Page X of Y" at the foot. The first page,
    where the pack's title stands, has no running head (print.css's `@page :first`).

    A reference document's own header and footer, when they have text, are kept.
    """
    section = document.sections[0]
    if has_text(section.header.paragraphs) or has_text(section.footer.paragraphs):
        return
    section.different_first_page_header_footer = True
    header = first_paragraph(section.header.paragraphs, book.id("Header"))
    header._p.append(run_element(strip_forbidden(brief.title)))
    header._p.append(tab_run())
    header._p.append(run_element(strip_forbidden(brief.subtitle)))
    for footer in (section.footer, section.first_page_footer):
        write_footer(first_paragraph(footer.paragraphs, book.id("Footer")), book, brief.marking)
    first_paragraph(section.first_page_header.paragraphs, book.id("Header"))


def first_paragraph(paragraphs: Sequence[Paragraph], style_id: str) -> Paragraph:
    paragraph = paragraphs[0]
    for child in list(paragraph._p):
        paragraph._p.remove(child)
    set_paragraph_style(paragraph, style_id)
    return paragraph


def write_footer(paragraph: Paragraph, book: StyleBook, marking: str) -> None:
    paragraph._p.append(run_element(strip_forbidden(marking), book.id("Marking Char")))
    paragraph._p.append(tab_run())
    paragraph._p.append(run_element("Page "))
    for run in field_runs("PAGE", "1"):
        paragraph._p.append(run)
    paragraph._p.append(run_element(" of "))
    for run in field_runs("NUMPAGES", "1"):
        paragraph._p.append(run)


def set_settings(document: DocxDocument) -> None:
    """No request to update fields on opening (a reference document's own included): Word
    would first ask whether to update fields that "may refer to other files"."""
    settings = document.settings.element
    for update in settings.findall(qn("w:updateFields")):
        settings.remove(update)


def set_core_properties(document: DocxDocument, brief: Brief, epoch: int) -> None:
    """Title, audience, author and dates; an undated pack has no created or modified date
    (never 1970) and says "Undated" in its subject, as the PDF does."""
    when = dt.datetime.fromtimestamp(max(epoch, 0), tz=dt.UTC).replace(tzinfo=None)
    core = document.core_properties
    core.title = strip_forbidden(f"{brief.title}: {brief.subtitle}")
    core.subject = strip_forbidden(brief.audience + ("" if brief.date else f" · {UNDATED}"))
    core.author = core.last_modified_by = strip_forbidden(brief.organisation)
    core.keywords = ", ".join(section.name for section in brief.sections)
    core.comments = strip_forbidden(brief.description)
    core.category = "briefing pack"
    core.language = brief.language
    if brief.date is None:
        for name in ("dcterms:created", "dcterms:modified"):
            for stamp in core._element.findall(qn(name)):
                core._element.remove(stamp)
    else:
        core.created = core.modified = when
    core.revision = 1


@dataclass(frozen=True)
class Base:
    """An empty document with the theme's styles, lists and font table: the same for every
    pack of a theme, so it is made once per process and each pack starts from a copy."""

    data: bytes
    num_ids: dict[str, int]


BASES: dict[tuple[Theme, bytes | None, str], Base] = {}


def prepared_base(theme: Theme, word: DocxTheme, reference: Path | None) -> Base:
    # Keyed by what the base is made from, so an edited style or reference document (as
    # `serve` sees them) makes a new one.
    key = (theme, reference.read_bytes() if reference is not None else None, repr(word))
    if key not in BASES:
        document = open_base(reference)
        width = text_width(document)
        book = install_styles(document, word.styles, width, redefine=reference is None)
        lists = install_lists(document, book, word.styles, width, redefine=reference is None)
        check_mapped_styles(word.style_map, book)
        set_document_defaults(document, word.styles, "", fonts=reference is None)
        describe_fonts(document, theme)
        BASES[key] = Base(stored_zip(package_entries(document)), lists.num_ids)
    return BASES[key]


def open_prepared(base: Base) -> tuple[DocxDocument, StyleBook, ListStyles]:
    document = docx.Document(io.BytesIO(base.data))
    try:
        numbering = document.part.numbering_part.element
    except NotImplementedError:
        numbering = None
    return document, StyleBook(document), ListStyles(numbering, dict(base.num_ids))


def render_docx(
    html: str,
    brief: Brief,
    theme: Theme,
    *,
    reference: Path | None,
    epoch: int,
    pages: Mapping[str, int] | None = None,
) -> tuple[bytes, list[str]]:
    """DOCX bytes and warnings. `pages`: the page of each HTML id in the laid-out PDF, for
    the contents' page numbers (estimated without it).
    The pack's charts go in as PNG pictures."""
    word = load_docx_theme(theme)
    root = parse_html(html)
    check_vocabulary(root)
    body = root.body
    compact = "compact" in classes(body)
    document, book, lists = open_prepared(prepared_base(theme, word, reference))
    width = text_width(document)
    set_document_defaults(document, word.styles, brief.language, fonts=False)
    writer = Writer(
        document,
        book,
        lists,
        brief,
        theme,
        word.style_map,
        collect_notes(root),
        compact=compact,
        images=pack_images(brief, theme, "png"),
    )
    writer.warnings.extend(unstyled_class_warnings(root, word.style_map))
    writer.flow(document, body, "Body Text", width)
    writer.finish_contents(pages)
    write_running_heads(document, book, brief)
    set_settings(document)
    set_core_properties(document, brief, epoch)
    return rezip(package_entries(document), epoch), writer.warnings
