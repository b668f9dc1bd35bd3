"""The HTML -> DOCX walk: one pass over the body, each element to a named Word style."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Emu
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from briefgen.config import Theme
from briefgen.errors import CheckFailed
from briefgen.model import Brief
from briefgen.render.docx.contents import Entry, contents_entries, write_contents
from briefgen.render.docx.markup import (
    HTML_SPACE,
    Piece,
    class_style,
    image_bytes,
    normalise,
    plain_text,
    unmapped,
    unmapped_warning,
)
from briefgen.render.docx.ooxml import (
    FORBIDDEN,
    bookmark_name,
    ensure_paragraph_property,
    page_break_run,
    run_element,
    set_paragraph_style,
    twips_to_emu,
)
from briefgen.render.docx.styles import ListStyles, StyleBook
from briefgen.render.docx.tables import (
    box_segments,
    column_widths,
    keep_box_together,
    keep_rows_whole,
    set_column_widths,
    table_rows,
)
from briefgen.render.docx.theme import StyleMap
from briefgen.render.vocabulary import INLINE_TAGS, HtmlElement, classes, describe, where

HEADING_TAGS = frozenset({"h1", "h2", "h3"})
NOTE_HREF = re.compile(r"#note-(\d+)\Z")


class Container(Protocol):
    def add_paragraph(self, text: str = "", style: Any = None) -> Paragraph: ...

    def add_table(self, rows: int, cols: int) -> Table: ...


@dataclass
class Writer:
    """Walks the HTML body once, appending Word blocks; collects warnings."""

    document: DocxDocument
    book: StyleBook
    lists: ListStyles
    brief: Brief
    theme: Theme
    style_map: StyleMap
    notes: dict[int, HtmlElement]
    warnings: list[str] = field(default_factory=list)
    compact: bool = False
    next_bookmark: int = 0
    bookmarked: set[str] = field(default_factory=set)
    after_heading: bool = False
    page_break_pending: bool = False
    contents_at: Paragraph | None = None
    contents_list: list[Entry] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)  # the pack's charts as PNG, by src

    def class_style(self, element: HtmlElement, default: str) -> str:
        """The style of the element's first mapped class, else `default`, the element's
        ordinary style, with a warning for each class the theme does not map."""
        style = class_style(element, default, self.style_map.classes)
        for name in unmapped(element, self.style_map.classes):
            self.warn(unmapped_warning(element, name, f"it is written as {style}"))
        return style

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    # text ------------------------------------------------------------------------------

    def clean(self, text: str, element: HtmlElement) -> str:
        """`text` without the characters XML forbids; each removal is reported, never fatal."""
        if not FORBIDDEN.search(text):
            return text
        found = sorted({f"U+{ord(char):04X}" for char in FORBIDDEN.findall(text)})
        cleaned = FORBIDDEN.sub("", text)
        snippet = HTML_SPACE.sub(" ", cleaned).strip()
        snippet = snippet if len(snippet) <= 60 else snippet[:57] + "…"
        self.warn(f"{where(element)}: removed {', '.join(found)} (not allowed in XML) from “{snippet}”")
        return cleaned

    def inline(self, element: HtmlElement, style: str | None = None, href: str | None = None) -> list[Piece]:
        """The pieces of an element's content; every child must be inline."""
        pieces = [Piece(self.clean(element.text or "", element), style, href)]
        for child in element:
            if isinstance(child.tag, str):
                if child.tag not in INLINE_TAGS:
                    raise CheckFailed(
                        f"{where(child)}: {describe(child)} cannot stand inside {describe(element)}"
                    )
                pieces.extend(self.inline_element(child, style, href))
            pieces.append(Piece(self.clean(child.tail or "", element), style, href))
        return pieces

    def inline_element(self, element: HtmlElement, style: str | None, href: str | None) -> list[Piece]:
        if element.tag == "sup" and "cite" in classes(element):
            note = self.note_number(element)
            if note is not None:
                return [Piece(note=note)]
        if element.tag == "a":
            target = self.clean(str(element.get("href") or ""), element)
            external = urlsplit(target).scheme in {"http", "https", "mailto"}
            return self.inline(element, style, target if external else href)
        return self.inline(element, self.style_map.inline.get(element.tag, style), href)

    def note_number(self, sup: HtmlElement) -> int | None:
        links = [child for child in sup if child.tag == "a"]
        match = NOTE_HREF.search(str(links[0].get("href") or "")) if len(links) == 1 else None
        if match is None:
            return None
        number = int(match.group(1))
        if number in self.notes or 0 < number <= len(self.brief.notes):
            return number
        self.warnings.append(f"{where(sup)}: citation mark {number} has no note; written as plain text")
        return None

    # paragraphs ---------------------------------------------------------------------------

    def paragraph(self, container: Container, pieces: Sequence[Piece], style: str) -> Paragraph | None:
        pieces = normalise(pieces)
        if not pieces:
            return None
        paragraph = container.add_paragraph()
        set_paragraph_style(
            paragraph, self.book.id(self.style_map.compact.get(style, style) if self.compact else style)
        )
        self.take_page_break(paragraph)
        self.append_pieces(paragraph._p, pieces, self.document.part)
        self.after_heading = False
        return paragraph

    def take_page_break(self, paragraph: Paragraph) -> None:
        """A pending break becomes "page break before" on the next paragraph, so no empty
        paragraph is left at the top of the new page."""
        if self.page_break_pending:
            ensure_paragraph_property(paragraph, "w:pageBreakBefore")
            self.page_break_pending = False

    def append_pieces(self, parent: Any, pieces: Sequence[Piece], part: Part) -> None:
        for piece in pieces:
            if piece.note is not None:
                parent.append(self.citation_mark(piece.note))
            elif piece.href:
                link = OxmlElement("w:hyperlink")
                link.set(qn("r:id"), part.relate_to(piece.href, RT.HYPERLINK, is_external=True))
                link.set(qn("w:history"), "1")
                link.append(run_element(piece.text, self.book.id("Hyperlink")))
                parent.append(link)
            else:
                parent.append(run_element(piece.text, self.book.id(piece.style) if piece.style else None))

    def citation_mark(self, note: int) -> Any:
        """The note's number, superscript, linked to its entry in the one reference list: the
        same number as the PDF's mark. (Word footnotes would number each mark anew, so a
        source cited twice would get two numbers, each repeating the full citation.)"""
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), bookmark_name(f"note-{note}"))
        link.set(qn("w:history"), "1")
        link.append(run_element(str(note), self.book.id("Footnote Reference")))
        return link

    # blocks -------------------------------------------------------------------------------

    def flow(
        self, container: Container, element: HtmlElement, style: str, width: int, prefix: str = ""
    ) -> list[Paragraph]:
        """Mixed content: inline runs gather into paragraphs of `style`; blocks interrupt them.

        Returns the paragraphs of `style` it wrote (not those of nested blocks).
        """
        written: list[Paragraph] = []
        pieces = [Piece(prefix), Piece(self.clean(element.text or "", element))]
        for child in element:
            if not isinstance(child.tag, str) or child.tag in INLINE_TAGS:
                if isinstance(child.tag, str):
                    pieces.extend(self.inline_element(child, None, None))
                pieces.append(Piece(self.clean(child.tail or "", element)))
                continue
            written.extend(filter(None, [self.paragraph(container, pieces, style)]))
            self.block(container, child, width)
            pieces = [Piece(self.clean(child.tail or "", element))]
        written.extend(filter(None, [self.paragraph(container, pieces, style)]))
        return written

    def block(self, container: Container, element: HtmlElement, width: int) -> None:
        tag = element.tag
        if tag in HEADING_TAGS:
            self.heading(container, element)
        elif tag == "p":
            style = self.class_style(element, "Body Text")
            if style == "Body Text" and self.after_heading:
                style = "First Paragraph"
            self.paragraph(container, self.inline(element), style)
        elif tag in {"ul", "ol"}:
            self.items(container, element, width)
        elif tag == "blockquote":
            self.blockquote(container, element, width)
        elif tag == "table":
            self.table(container, element, self.class_style(element, "Table"), width)
        elif tag == "aside":
            self.box(container, element, width)
        elif tag == "section":
            self.section(container, element, width)
        elif tag in {"figure", "img"}:
            self.figure(container, element, width)
        else:
            raise CheckFailed(
                f"{where(element)}: {describe(element)} cannot stand inside {describe(element.getparent())}"
            )

    def heading(self, container: Container, element: HtmlElement) -> None:
        style = self.style_map.headings[element.tag]
        pieces = self.inline(element)
        paragraph = self.paragraph(container, pieces, style)
        if paragraph is None:
            return
        owner = next(
            (a for a in element.iterancestors() if a.tag in {"section", "aside"} and a.get("id")), None
        )
        if owner is not None and owner.get("id") not in self.bookmarked:
            self.bookmark(paragraph, str(owner.get("id")))
        else:
            self.bookmark(paragraph, f"_Toc_{self.next_bookmark}")
        self.after_heading = True

    def bookmark(self, paragraph: Paragraph, ident: str) -> str:
        self.bookmarked.add(ident)
        name = ident if ident.startswith("_Toc_") else bookmark_name(ident)
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.next_bookmark))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.next_bookmark))
        self.next_bookmark += 1
        props = paragraph._p.pPr
        if props is not None:
            props.addnext(start)
        else:
            paragraph._p.insert(0, start)
        paragraph._p.append(end)
        return name

    def items(self, container: Container, element: HtmlElement, width: int) -> None:
        ordered = element.tag == "ol"
        style = "List Number" if ordered else "List Bullet"
        num_id = self.lists.restart(style) if ordered else self.lists.num_ids.get(style, 0)
        entries = [child for child in element if isinstance(child.tag, str)]
        for number, item in enumerate(entries, start=1):
            if item.tag != "li":
                raise CheckFailed(f"{where(item)}: {describe(item)} inside {describe(element)} (only <li>)")
            marker = "" if num_id else (f"{number}. " if ordered else "• ")
            paragraphs = self.flow(container, item, style, width, prefix=marker)
            if item.get("id") and paragraphs:
                self.bookmark(paragraphs[0], str(item.get("id")))
            for paragraph in paragraphs:
                if ordered and num_id:
                    numbered = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                    numbered.get_or_add_ilvl().val = 0
                    numbered.get_or_add_numId().val = num_id

    def blockquote(self, container: Container, element: HtmlElement, width: int) -> None:
        style = self.class_style(element, "Block Text")
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "footer":
                self.flow(container, child, "Quote Attribution", width)
            elif child.tag == "p":
                self.paragraph(container, self.inline(child), self.class_style(child, style))
            else:
                self.block(container, child, width)

    def section(self, container: Container, element: HtmlElement, width: int) -> None:
        names = classes(element)
        if "toc" in names:
            self.contents(container, element)
            return
        for child in element:
            if isinstance(child.tag, str):
                self.block(container, child, width)
        if "cover" in names and "cover-compact" not in names and not self.compact:
            self.page_break_pending = True

    def contents(self, container: Container, element: HtmlElement) -> None:
        """The contents list's entries, written by `finish_contents` once every heading has
        its bookmark; the PDF's contents and the pack's own stay on one page as in the PDF."""
        heading = next((child for child in element if child.tag in HEADING_TAGS), None)
        title = plain_text(normalise(self.inline(heading))) if heading is not None else "Contents"
        self.contents_list = contents_entries(element)
        if not self.contents_list:
            return
        self.paragraph(container, [Piece(title)], "TOC Heading")
        self.contents_at = container.add_paragraph()

    def finish_contents(self, pages: Mapping[str, int] | None) -> None:
        """The contents' entries with the page of each heading: `pages` (the laid-out PDF's,
        by HTML id) when given, else an estimate."""
        if self.contents_at is None:
            return
        styles = {level: self.book.id(f"toc {level + 1}") for level in range(3)}
        write_contents(self.contents_at._p, self.contents_list, styles, pages)

    def separate_tables(self, container: Container) -> None:
        """Word and LibreOffice merge two tables that touch; a paragraph keeps them apart."""
        blocks = [c for c in container_element(container) if c.tag in {qn("w:p"), qn("w:tbl")}]
        if blocks and blocks[-1].tag == qn("w:tbl"):
            set_paragraph_style(container.add_paragraph(), self.book.id("Compact"))

    def box(self, container: Container, element: HtmlElement, width: int) -> None:
        """A box is one table, never a table in a table (Word and LibreOffice split, shade and
        paginate nested tables badly): its text runs in rows spanning the box, and the rows of
        each table it holds are rows of the box."""
        self.separate_tables(container)
        segments = box_segments(element)
        tables = [table_rows(part) for kind, part in segments if kind == "table"]
        columns = max((len(cells) for rows in tables for _, cells in rows), default=1)
        count = sum(1 if kind == "text" else len(table_rows(part)) for kind, part in segments)
        table = container.add_table(count, columns)
        table._tbl.tblPr.style = self.book.id(self.class_style(element, "Key Figures Box"))
        first_table = next((part for kind, part in segments if kind == "table"), None)
        widths = (
            column_widths(first_table, table_rows(first_table), columns, width, self.style_map)
            if first_table is not None
            else [width]
        )
        set_column_widths(table, widths)
        index = 0
        for kind, part in segments:
            if kind == "text":
                self.text_row(table, index, part, width)
                index += 1
                continue
            rows = table_rows(part)
            self.fill_rows(table, index, rows, widths)
            index += len(rows)
        keep_rows_whole(table)
        keep_box_together(table)
        self.break_before_table(table)

    def text_row(self, table: Table, index: int, blocks: list[HtmlElement], width: int) -> None:
        """A row spanning the box, holding its heading and paragraphs."""
        row = table.rows[index]
        cell = row.cells[0].merge(row.cells[-1]) if len(row.cells) > 1 else row.cells[0]
        placeholder = cell.paragraphs[0]
        for block in blocks:
            self.block(cell, block, width)
        if len([c for c in cell._tc if c.tag in {qn("w:p"), qn("w:tbl")}]) > 1:
            cell._tc.remove(placeholder._p)
        self.after_heading = False

    def table(self, container: Container, element: HtmlElement, style: str, width: int) -> None:
        rows = table_rows(element)
        if not rows:
            return
        columns = max(len(cells) for _, cells in rows)
        self.separate_tables(container)
        table = container.add_table(len(rows), columns)
        table._tbl.tblPr.style = self.book.id(style)
        widths = column_widths(element, rows, columns, width, self.style_map)
        set_column_widths(table, widths)
        has_head = any(head for head, _ in rows)
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        if look is not None:
            look.set(qn("w:firstRow"), "1" if has_head else "0")
            look.set(qn("w:firstColumn"), "0")
            look.set(qn("w:val"), "0420" if has_head else "0400")
        for row, (head, _) in zip(table.rows, rows, strict=True):
            if head:
                row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        self.fill_rows(table, 0, rows, widths)
        keep_rows_whole(table)
        self.break_before_table(table)

    def fill_rows(
        self, table: Table, start: int, rows: list[tuple[bool, list[HtmlElement]]], widths: list[int]
    ) -> None:
        # python-docx makes `table.rows` and a row's `cells` anew on each access, walking the
        # table's grid: read once here, not once per cell.
        grid_rows = table.rows
        for offset, (_, cells) in enumerate(rows):
            row_cells = grid_rows[start + offset].cells
            for column, cell_element in enumerate(cells):
                style_name = "Table Heading" if cell_element.tag == "th" else "Compact"
                self.fill_cell(
                    row_cells[column],
                    cell_element,
                    self.class_style(cell_element, style_name),
                    widths[column],
                )

    def break_before_table(self, table: Table) -> None:
        """A pending page break before a table needs a paragraph of its own to sit on."""
        if self.page_break_pending:
            paragraph = Paragraph(OxmlElement("w:p"), table._parent)
            table._tbl.addprevious(paragraph._p)
            set_paragraph_style(paragraph, self.book.id("Compact"))
            paragraph._p.append(page_break_run())
            self.page_break_pending = False

    def fill_cell(self, cell: _Cell, element: HtmlElement, style: str, width: int) -> None:
        placeholder = cell.paragraphs[0]
        self.flow(cell, element, style, width)
        blocks = [c for c in cell._tc if c.tag in {qn("w:p"), qn("w:tbl")}]
        if len(blocks) > 1:
            cell._tc.remove(placeholder._p)
        else:
            set_paragraph_style(placeholder, self.book.id(style))
        self.after_heading = False

    def figure(self, container: Container, element: HtmlElement, width: int) -> None:
        images = [element] if element.tag == "img" else [c for c in element if c.tag == "img"]
        has_caption = any(c.tag == "figcaption" for c in element)
        for image in images:
            self.picture(container, image, "Captioned Figure" if has_caption else "Figure", width)
        for child in element:
            if child.tag == "figcaption":
                self.flow(container, child, "Image Caption", width)
            elif isinstance(child.tag, str) and child.tag != "img":
                self.block(container, child, width)

    def picture(self, container: Container, image: HtmlElement, style: str, width: int) -> None:
        src = self.clean(str(image.get("src") or ""), image)
        data = self.images.get(src) or image_bytes(src, self.theme)
        alt = self.clean(str(image.get("alt") or ""), image)
        if data is None or data.lstrip()[:1] == b"<":
            self.warnings.append(
                f"{where(image)}: image {src[:60]!r} left out (the DOCX takes PNG or JPEG "
                "from the templates folder or a data: URL)"
            )
            if alt:
                self.paragraph(container, [Piece(f"[{alt}]")], style)
            return
        paragraph = container.add_paragraph()
        set_paragraph_style(paragraph, self.book.id(style))
        self.take_page_break(paragraph)
        shape = paragraph.add_run().add_picture(io.BytesIO(data))
        if shape.width > twips_to_emu(width):
            ratio = twips_to_emu(width) / shape.width
            shape.width, shape.height = Emu(twips_to_emu(width)), Emu(int(shape.height * ratio))
        shape._inline.docPr.set("descr", alt)


def container_element(container: Container) -> Any:
    if isinstance(container, DocxDocument):
        return container.element.body
    if isinstance(container, _Cell):
        return container._tc
    raise TypeError(f"not a block container: {container!r}")
