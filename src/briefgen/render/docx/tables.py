"""Tables: the rows and cells of an HTML table, the column widths Word and LibreOffice keep,
boxes as one-level tables, and rows that do not split."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Emu
from docx.table import Table
from docx.text.paragraph import Paragraph

from briefgen.errors import CheckFailed
from briefgen.render.docx.ooxml import ensure_paragraph_property, twips_to_emu
from briefgen.render.docx.theme import StyleMap
from briefgen.render.vocabulary import HtmlElement, classes, describe, where


def table_rows(element: HtmlElement) -> list[tuple[bool, list[HtmlElement]]]:
    """Each row with whether it is a header row, and its cells."""
    rows: list[tuple[bool, list[HtmlElement]]] = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        group = [child] if child.tag == "tr" else list(child) if child.tag in {"thead", "tbody"} else None
        if group is None:
            raise CheckFailed(f"{where(child)}: {describe(child)} inside <table> (only thead, tbody, tr)")
        for row in group:
            if not isinstance(row.tag, str):
                continue
            if row.tag != "tr":
                raise CheckFailed(f"{where(row)}: {describe(row)} inside {describe(child)} (only <tr>)")
            cells = [cell for cell in row if isinstance(cell.tag, str)]
            for cell in cells:
                if cell.tag not in {"td", "th"}:
                    raise CheckFailed(f"{where(cell)}: {describe(cell)} inside <tr> (only td, th)")
            rows.append((child.tag == "thead" or all(c.tag == "th" for c in cells), cells))
    return rows


def column_widths(
    element: HtmlElement,
    rows: Sequence[tuple[bool, list[HtmlElement]]],
    columns: int,
    width: int,
    style_map: StyleMap,
) -> list[int]:
    """Column widths in twips: by the table's class, else by the classes of its first body row."""
    shares: list[float | None] = [None] * columns
    preset = next(
        (style_map.table_widths[name] for name in classes(element) if name in style_map.table_widths), None
    )
    if preset and len(preset) == columns:
        shares = list(preset)
    else:
        body = next((cells for head, cells in rows if not head), [])
        for index, cell in enumerate(body[:columns]):
            shares[index] = next(
                (style_map.column_widths[n] for n in classes(cell) if n in style_map.column_widths), None
            )
    fixed = sum(share for share in shares if share is not None)
    free = [index for index, share in enumerate(shares) if share is None]
    wants = {index: content_width(rows, index) for index in free}
    rest = max(0.0, 1.0 - fixed) / (sum(wants.values()) or 1)
    return [
        round(width * (share if share is not None else rest * wants[index]))
        for index, share in enumerate(shares)
    ]


# A column's longest line of text, in characters, as far as it sways the column widths: as a
# browser's automatic table layout does, a column of long text gets more room than one of
# short values, and no column gets less than a short word's room or more than a long line's.
NARROWEST, WIDEST = 12, 60


def content_width(rows: Sequence[tuple[bool, list[HtmlElement]]], column: int) -> int:
    lengths = [
        len(" ".join(cells[column].text_content().split())) for _, cells in rows if column < len(cells)
    ]
    return min(WIDEST, max(NARROWEST, *lengths, 0))


def set_column_widths(table: Table, widths: Sequence[int]) -> None:
    """Fixed widths on the grid and every cell: LibreOffice reads the cells, Word the grid."""
    table.autofit = False
    props = table._tbl.tblPr
    table_width = props.find(qn("w:tblW"))
    if table_width is not None:
        table_width.set(qn("w:type"), "dxa")
        table_width.set(qn("w:w"), str(sum(widths)))
    for column, grid in zip(widths, table._tbl.tblGrid.iterchildren(qn("w:gridCol")), strict=False):
        grid.set(qn("w:w"), str(column))
    for row in table.rows:
        for column, cell in zip(widths, row.cells, strict=False):
            cell.width = Emu(twips_to_emu(column))


def box_segments(element: HtmlElement) -> list[tuple[str, Any]]:
    """A box's children as ("text", [blocks]) runs between its ("table", <table>)s."""
    segments: list[tuple[str, Any]] = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "table":
            segments.append(("table", child))
        elif segments and segments[-1][0] == "text":
            segments[-1][1].append(child)
        else:
            segments.append(("text", [child]))
    return segments


def keep_rows_whole(table: Table) -> None:
    """No row splits across a page (w:cantSplit), as the PDF keeps a row together."""
    for row in table.rows:
        properties = row._tr.get_or_add_trPr()
        if properties.find(qn("w:cantSplit")) is None:
            properties.insert(0, OxmlElement("w:cantSplit"))


def keep_box_together(table: Table) -> None:
    """A box stays on one page, as print.css's `aside { break-inside: avoid }`: Word's way is
    "keep with next" on every paragraph of every row but the last."""
    for row in table.rows[:-1]:
        for paragraph in row._tr.iter(qn("w:p")):
            ensure_paragraph_property(Paragraph(paragraph, table), "w:keepNext")
