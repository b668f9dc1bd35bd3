"""The Word pack's contents: the HTML's contents list, each entry linked to its heading, with
its page number in a PAGEREF field.

The entries are plain paragraphs, not a TOC field. LibreOffice computes a PAGEREF from its
own layout when it opens the file, but shows a TOC field's entries as they were saved; Word
shows a PAGEREF's saved result until the fields are updated (F9, or on printing). So the saved
result is the heading's page in the laid-out PDF when the build laid one out, else an
estimate from the text before it, and settings.xml does not ask Word to update fields on
opening, which would greet the reader with a "fields may refer to other files" prompt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from briefgen.render.docx.ooxml import bookmark_name, field_runs, run_element, tab_run
from briefgen.render.vocabulary import HtmlElement

# Characters of text per page, boxes, tables and spacing included, as the seed packs' PDFs
# average them: the estimate of a heading's page when no PDF was laid out (within a page of
# the PDF's for the seeds).
CHARACTERS_PER_PAGE = 2000


@dataclass(frozen=True)
class Entry:
    """One line of the contents: its level (0 for the top), its text and the HTML id it names."""

    level: int
    text: str
    target: str

    @property
    def bookmark(self) -> str:
        return bookmark_name(self.target)


def contents_entries(element: HtmlElement, level: int = 0) -> list[Entry]:
    """The links of a contents list, nested lists one level down."""
    entries: list[Entry] = []
    for child in element:
        if child.tag in {"ul", "ol"}:
            entries.extend(contents_entries(child, level + (element.tag == "li")))
        elif child.tag == "li":
            link = next((a for a in child if a.tag == "a"), None)
            href = str(link.get("href") or "") if link is not None else ""
            if link is not None and href.startswith("#"):
                entries.append(Entry(level, " ".join(link.text_content().split()), href[1:]))
            entries.extend(contents_entries(child, level))
    return entries


def entry_paragraph(entry: Entry, style_id: str, page: int | None) -> Any:
    """A contents line: the entry's text and a dotted tab to its page number, all one link."""
    paragraph = OxmlElement("w:p")
    props = OxmlElement("w:pPr")
    props.style = style_id
    paragraph.append(props)
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), entry.bookmark)
    link.set(qn("w:history"), "1")
    link.append(run_element(entry.text))
    if page is not None:
        link.append(tab_run())
        link.extend(field_runs(f"PAGEREF {entry.bookmark} \\h", str(page)))
    paragraph.append(link)
    return paragraph


def estimated_pages(body: Any, bookmarks: set[str]) -> dict[str, int]:
    """The page each bookmark starts on, counting page breaks and text as it runs: the best
    guess at the layout Word and LibreOffice will make."""
    pages: dict[str, int] = {}
    breaks, characters = 0, 0
    for element in body.iter(qn("w:p"), qn("w:br"), qn("w:t"), qn("w:bookmarkStart")):
        if starts_page(element):
            breaks, characters = breaks + 1, 0
        elif element.tag == qn("w:t"):
            characters += len(element.text or "")
        elif element.tag == qn("w:bookmarkStart") and element.get(qn("w:name")) in bookmarks:
            pages.setdefault(str(element.get(qn("w:name"))), 1 + breaks + characters // CHARACTERS_PER_PAGE)
    return pages


def starts_page(element: Any) -> bool:
    """A paragraph with "page break before", or a page break."""
    if element.tag == qn("w:p"):
        return element.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None
    return bool(element.tag == qn("w:br") and element.get(qn("w:type")) == "page")


def write_contents(
    anchor: Any, entries: list[Entry], style_ids: Mapping[int, str], pages: Mapping[str, int] | None
) -> None:
    """The entries in place of `anchor`, an empty paragraph; an entry whose target has no
    bookmark (no heading) is written without a page number."""
    body = anchor.getparent()
    while body.getparent() is not None:
        body = body.getparent()
    written = {str(mark.get(qn("w:name"))) for mark in body.iter(qn("w:bookmarkStart"))}
    wanted = {entry.bookmark for entry in entries} & written
    guessed = estimated_pages(body, wanted)
    for entry in entries:
        page = None
        if entry.bookmark in wanted:
            page = pages.get(entry.target) if pages is not None else None
            page = page if page is not None else guessed.get(entry.bookmark)
        anchor.addprevious(entry_paragraph(entry, style_ids[min(entry.level, 2)], page))
    anchor.getparent().remove(anchor)
