"""Word styles: the pack's style specs, the class and tag maps, the StyleBook that finds
styles by name, and installing styles, document defaults and list numbering."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement

from briefgen.render.docx.ooxml import insert_in_order

# What an element's class turns into. Paragraph and character classes name the Word style;
# box and table classes name a table style; "" marks a class that only steers the walker
# (the cover, the contents, the notes) or that the PDF alone uses for layout.
CLASS_STYLES: dict[str, str] = {
    "marking": "Marking",
    "title": "Title",
    "subtitle": "Subtitle",
    "cover-meta": "Cover Meta",
    "cover-note": "Cover Note",
    "section-description": "Section Description",
    "fact": "Body Text",
    "pull-quote": "Block Text",
    "key-figure": "Key Figure",
    "key-figure-context": "Compact",
    "term": "Definition Term",
    "date": "Compact",
    "cite": "Footnote Reference",
    "key-figures": "Key Figures Box",
    "disagreements": "Disagreements Box",
    "figures-table": "Table",
    "compact": "",
    "cover": "",
    "cover-compact": "",
    "toc": "",
    "toc-list": "",
    "key-points": "",
    "key-dates": "",
    "theme": "",
    "glossary": "",
    "whos-who": "",
    "sources": "",
    "notes": "",
}
# Classes that carry a name: body.audience-press, section.theme-economy.
CLASS_PREFIXES = ("audience-", "theme-")

HEADING_STYLES = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2"}
INLINE_STYLES = {"strong": "Strong", "em": "Emphasis", "cite": "Speaker", "sup": "Superscript"}
SERIF = "DejaVu Serif"
SANS = "DejaVu Sans"
INK = "16324F"
RED = "8A1C1C"


@dataclass(frozen=True)
class StyleSpec:
    """A Word style: created when the base document lacks it, redefined in the default base."""

    name: str
    kind: str  # paragraph, character, table
    based_on: str | None = None
    ppr: str = ""
    rpr: str = ""
    table: str = ""  # tblPr, tcPr and tblStylePr of a table style
    style_id: str | None = None


def rpr(
    *,
    font: str | None = None,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    caps: bool = False,
    color: str | None = None,
    underline: bool = False,
    superscript: bool = False,
) -> str:
    """A w:rPr body, children in schema order."""
    parts = []
    if font:
        parts.append(f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>')
    if bold is not None:
        parts.append("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    if italic is not None:
        parts.append("<w:i/><w:iCs/>" if italic else '<w:i w:val="0"/><w:iCs w:val="0"/>')
    if caps:
        parts.append("<w:caps/>")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if size:
        half_points = round(size * 2)
        parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    if superscript:
        parts.append('<w:vertAlign w:val="superscript"/>')
    return "".join(parts)


def ppr(
    *,
    keep_next: bool | None = None,
    keep_lines: bool = False,
    border_bottom: tuple[int, str] | None = None,
    border_left: tuple[int, str] | None = None,
    tabs: Sequence[tuple[str, int, str]] = (),
    before: int | None = None,
    after: int | None = None,
    line: int | None = None,
    left: int | None = None,
    hanging: int | None = None,
    jc: str | None = None,
    outline: int | None = None,
) -> str:
    """A w:pPr body, children in schema order; lengths in twentieths of a point."""
    parts = []
    if keep_next is not None:
        parts.append("<w:keepNext/>" if keep_next else '<w:keepNext w:val="0"/>')
    if keep_lines:
        parts.append("<w:keepLines/>")
    if border_bottom or border_left:
        borders = ""
        if border_left:
            borders += (
                f'<w:left w:val="single" w:sz="{border_left[0]}" w:space="8" w:color="{border_left[1]}"/>'
            )
        if border_bottom:
            size, colour = border_bottom
            borders += f'<w:bottom w:val="single" w:sz="{size}" w:space="2" w:color="{colour}"/>'
        parts.append(f"<w:pBdr>{borders}</w:pBdr>")
    if tabs:
        stops = "".join(
            f'<w:tab w:val="{val}" w:leader="{leader}" w:pos="{pos}"/>' for val, pos, leader in tabs
        )
        parts.append(f"<w:tabs>{stops}</w:tabs>")
    if before is not None or after is not None or line is not None:
        attrs = ""
        if before is not None:
            attrs += f' w:before="{before}"'
        if after is not None:
            attrs += f' w:after="{after}"'
        if line is not None:
            attrs += f' w:line="{line}" w:lineRule="auto"'
        parts.append(f"<w:spacing{attrs}/>")
    if left is not None or hanging is not None:
        attrs = f' w:left="{left or 0}"' + (f' w:hanging="{hanging}"' if hanging else "")
        parts.append(f"<w:ind{attrs}/>")
    if jc:
        parts.append(f'<w:jc w:val="{jc}"/>')
    if outline is not None:
        parts.append(f'<w:outlineLvl w:val="{outline}"/>')
    return "".join(parts)


def _box_style(name: str, fill: str, edge: str) -> StyleSpec:
    table = (
        "<w:tblPr><w:tblBorders>"
        f'<w:left w:val="single" w:sz="24" w:space="0" w:color="{edge}"/></w:tblBorders>'
        '<w:tblCellMar><w:top w:w="100" w:type="dxa"/><w:left w:w="200" w:type="dxa"/>'
        '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="200" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr>'
    )
    return StyleSpec(name, "table", "Normal Table", table=table)


def style_specs(text_width: int) -> tuple[StyleSpec, ...]:
    """The styles the pack uses, bases before the styles built on them (print.css in Word)."""
    right_tab = (("right", text_width, "none"),)
    grid = '<w:top w:val="nil"/><w:bottom w:val="single" w:sz="2" w:space="0" w:color="CCCCCC"/>'
    table = (
        f"<w:tblPr><w:tblBorders>{grid}"
        '<w:insideH w:val="single" w:sz="2" w:space="0" w:color="CCCCCC"/></w:tblBorders>'
        '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>'
        '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:tcPr><w:tcBorders>'
        '<w:bottom w:val="single" w:sz="6" w:space="0" w:color="888888"/></w:tcBorders></w:tcPr>'
        "</w:tblStylePr>"
    )
    return (
        StyleSpec("Body Text", "paragraph", "Normal", ppr(after=120, line=300, jc="both")),
        StyleSpec("First Paragraph", "paragraph", "Body Text"),
        StyleSpec("Compact", "paragraph", "Body Text", ppr(before=0, after=40, line=260, jc="left")),
        StyleSpec(
            "Title",
            "paragraph",
            "Normal",
            ppr(keep_next=True, after=80),
            rpr(font=SANS, size=26, bold=True, color=INK),
        ),
        StyleSpec("Subtitle", "paragraph", "Normal", ppr(after=360), rpr(font=SANS, size=13, color="333333")),
        StyleSpec("Author", "paragraph", "Normal", ppr(after=60), rpr(font=SANS, size=9, color="444444")),
        StyleSpec("Date", "paragraph", "Normal", ppr(after=60), rpr(font=SANS, size=9, color="444444")),
        StyleSpec(
            "Abstract",
            "paragraph",
            "Normal",
            ppr(before=480, after=60),
            rpr(italic=True, size=8.5, color="555555"),
        ),
        StyleSpec(
            "Marking",
            "paragraph",
            "Normal",
            ppr(after=240),
            rpr(font=SANS, size=8, bold=True, caps=True, color=RED),
        ),
        StyleSpec("Cover Meta", "paragraph", "Author"),
        StyleSpec("Cover Note", "paragraph", "Abstract"),
        StyleSpec(
            "heading 1",
            "paragraph",
            "Normal",
            ppr(keep_next=True, keep_lines=True, border_bottom=(12, INK), before=320, after=100, outline=0),
            rpr(font=SANS, size=13, bold=True, color=INK),
            style_id="Heading1",
        ),
        StyleSpec(
            "heading 2",
            "paragraph",
            "Normal",
            ppr(keep_next=True, keep_lines=True, before=220, after=60, outline=1),
            rpr(font=SANS, size=11, bold=True, color=INK),
            style_id="Heading2",
        ),
        StyleSpec(
            "heading 3",
            "paragraph",
            "Normal",
            ppr(keep_next=True, keep_lines=True, before=180, after=40, outline=2),
            rpr(font=SANS, size=10, bold=True, color=INK),
            style_id="Heading3",
        ),
        StyleSpec("TOC Heading", "paragraph", "heading 1", ppr(outline=9)),
        StyleSpec(
            "toc 1",
            "paragraph",
            "Normal",
            ppr(tabs=(("right", text_width, "dot"),), after=80),
            rpr(font=SANS, size=10),
            style_id="TOC1",
        ),
        StyleSpec("toc 2", "paragraph", "toc 1", ppr(left=220), style_id="TOC2"),
        StyleSpec("toc 3", "paragraph", "toc 1", ppr(left=440), style_id="TOC3"),
        StyleSpec(
            "Section Description",
            "paragraph",
            "Body Text",
            ppr(jc="left"),
            rpr(italic=True, size=9, color="555555"),
        ),
        StyleSpec(
            "Block Text",
            "paragraph",
            "Body Text",
            ppr(keep_next=True, border_left=(16, RED), before=160, after=40, left=240, jc="left"),
            rpr(italic=True, size=11),
        ),
        StyleSpec(
            "Quote Attribution",
            "paragraph",
            "Block Text",
            ppr(keep_next=False, before=0, after=200),
            rpr(font=SANS, italic=False, size=8.5, color="444444"),
        ),
        StyleSpec("Footnote Text", "paragraph", "Normal", ppr(after=20, line=240), rpr(size=8)),
        StyleSpec(
            "Table Heading",
            "paragraph",
            "Compact",
            ppr(keep_next=True),
            rpr(font=SANS, size=8, bold=True, color="444444"),
        ),
        StyleSpec("Key Figure", "paragraph", "Compact", rpr=rpr(font=SANS, size=11, bold=True, color=INK)),
        StyleSpec("Definition Term", "paragraph", "Compact", rpr=rpr(bold=True)),
        StyleSpec(
            "caption", "paragraph", "Normal", ppr(after=120), rpr(italic=True, size=9), style_id="Caption"
        ),
        StyleSpec("Table Caption", "paragraph", "caption"),
        StyleSpec("Image Caption", "paragraph", "caption"),
        StyleSpec("Figure", "paragraph", "Normal", ppr(keep_next=True, jc="center")),
        StyleSpec("Captioned Figure", "paragraph", "Figure"),
        StyleSpec(
            "header",
            "paragraph",
            "Normal",
            ppr(tabs=right_tab, after=0, line=240),
            rpr(font=SANS, size=7.5, color="555555"),
            style_id="Header",
        ),
        StyleSpec(
            "footer",
            "paragraph",
            "Normal",
            ppr(tabs=right_tab, after=0, line=240),
            rpr(font=SANS, size=7.5, color="555555"),
            style_id="Footer",
        ),
        StyleSpec("Strong", "character", rpr=rpr(bold=True)),
        StyleSpec("Emphasis", "character", rpr=rpr(italic=True)),
        StyleSpec("Speaker", "character", rpr=rpr(bold=True, italic=False)),
        StyleSpec("Superscript", "character", rpr=rpr(superscript=True)),
        StyleSpec("Hyperlink", "character", rpr=rpr(color="1F4E79", underline=True)),
        StyleSpec("Footnote Reference", "character", rpr=rpr(font=SANS, color=RED, superscript=True)),
        StyleSpec("Marking Char", "character", rpr=rpr(font=SANS, bold=True, caps=True, color=RED)),
        StyleSpec("Table", "table", "Normal Table", rpr=rpr(size=9), table=table),
        _box_style("Key Figures Box", "EEF2F6", INK),
        _box_style("Disagreements Box", "FBF1E6", "B35C00"),
    )


# Styles that need a list numbering; created with one when the base document lacks them.
LIST_STYLES = {"List Bullet": ("bullet", "•"), "List Number": ("decimal", "%1.")}


class StyleBook:
    """Word styles by name, case-insensitively (Word writes "heading 1", pandoc "Heading 1")."""

    def __init__(self, document: DocxDocument) -> None:
        self.root = document.styles.element
        # Looked up for every paragraph and run; a style added or replaced clears it.
        self.ids: dict[str, str] = {}

    def find(self, name: str) -> Any:
        wanted = name.lower()
        for style in self.root.iterchildren(qn("w:style")):
            names = style.find(qn("w:name"))
            if names is not None and str(names.get(qn("w:val"))).lower() == wanted:
                return style
        return None

    def id(self, name: str) -> str:
        if name not in self.ids:
            style = self.find(name)
            if style is None:
                raise KeyError(name)
            self.ids[name] = str(style.get(qn("w:styleId")))
        return self.ids[name]

    def free_id(self, wanted: str) -> str:
        ids = {str(style.get(qn("w:styleId"))) for style in self.root.iterchildren(qn("w:style"))}
        candidate, n = wanted, 1
        while candidate in ids:
            n += 1
            candidate = f"{wanted}{n}"
        return candidate


def _style_element(book: StyleBook, spec: StyleSpec, style_id: str, *, custom: bool) -> Any:
    based = ""
    if spec.based_on and book.find(spec.based_on) is not None:
        based = f'<w:basedOn w:val="{book.id(spec.based_on)}"/>'
    ppr_xml = f"<w:pPr>{spec.ppr}</w:pPr>" if spec.ppr else ""
    rpr_xml = f"<w:rPr>{spec.rpr}</w:rPr>" if spec.rpr else ""
    flag = ' w:customStyle="1"' if custom else ""
    return parse_xml(
        f'<w:style {nsdecls("w")} w:type="{spec.kind}"{flag} w:styleId="{style_id}">'
        f'<w:name w:val="{spec.name}"/>{based}<w:uiPriority w:val="20"/><w:qFormat/>'
        f"{ppr_xml}{rpr_xml}{spec.table}</w:style>"
    )


def install_style(book: StyleBook, spec: StyleSpec, *, redefine: bool) -> None:
    """Add `spec` when the base lacks it; with `redefine`, replace the base's own (same id)."""
    existing = book.find(spec.name)
    if existing is not None and not redefine:
        return
    if existing is not None:
        style_id = str(existing.get(qn("w:styleId")))
        existing.getparent().remove(existing)
    else:
        style_id = spec.style_id or book.free_id(re.sub(r"[^A-Za-z0-9]", "", spec.name.title()))
    builtin = existing is not None or spec.style_id is not None
    book.root.append(_style_element(book, spec, style_id, custom=not builtin))
    book.ids.clear()


def install_styles(document: DocxDocument, text_width: int, *, redefine: bool) -> StyleBook:
    """The pack's styles. A user's reference document keeps its own: only what it lacks is
    added, based on its Normal and Body Text, so its fonts carry over."""
    book = StyleBook(document)
    for spec in style_specs(text_width):
        install_style(book, spec, redefine=redefine)
    return book


def set_document_defaults(document: DocxDocument, language: str, *, fonts: bool) -> None:
    """The language of all text, and (in the default base) the body font and size."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_default = defaults.find(qn("w:rPrDefault"))
    if run_default is None:
        run_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_default)
    run_props = run_default.find(qn("w:rPr"))
    if run_props is None:
        run_props = OxmlElement("w:rPr")
        run_default.append(run_props)
    if fonts:
        for child in list(run_props):
            if child.tag != qn("w:lang"):
                run_props.remove(child)
        for child in parse_xml(f"<w:rPr {nsdecls('w')}>{rpr(font=SERIF, size=10)}</w:rPr>"):
            run_props.append(child)
        paragraph_default = defaults.find(qn("w:pPrDefault"))
        if paragraph_default is not None:
            defaults.remove(paragraph_default)
        defaults.append(
            parse_xml(
                f"<w:pPrDefault {nsdecls('w')}><w:pPr>"
                '<w:spacing w:after="0" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
            )
        )
    lang = run_props.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        insert_in_order(run_props, lang, ("w:eastAsianLayout", "w:specVanish", "w:oMath"))
    lang.set(qn("w:val"), language)


# --- lists ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListStyles:
    """The numbering instance of each list style; 0 means the markers are written as text."""

    numbering: Any  # w:numbering, or None when the base has no numbering part
    num_ids: dict[str, int]

    def restart(self, style: str) -> int:
        """A fresh numbering instance, so that each ordered list counts from 1."""
        num_id = self.num_ids.get(style, 0)
        if not num_id or self.numbering is None:
            return num_id
        abstract = self.numbering.num_having_numId(num_id).abstractNumId.val
        num = self.numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(num.numId)


def _style_num_id(style: Any) -> int:
    if style is None:
        return 0
    found = style.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    return int(found[0]) if found else 0


def _add_abstract_num(numbering: Any, number_format: str, text: str) -> int:
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.iterchildren(qn("w:abstractNum"))]
    new_id = max(ids, default=-1) + 1
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{new_id}">'
        '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{number_format}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return new_id


def install_lists(document: DocxDocument, book: StyleBook, *, redefine: bool) -> ListStyles:
    """List Bullet and List Number, each bound to a numbering definition when one can be made."""
    try:
        numbering = document.part.numbering_part.element
    except NotImplementedError:  # python-docx cannot create a numbering part from scratch
        numbering = None
    num_ids: dict[str, int] = {}
    for name, (number_format, text) in LIST_STYLES.items():
        style = book.find(name)
        num_id = _style_num_id(style)
        if not num_id and numbering is not None:
            num_id = int(numbering.add_num(_add_abstract_num(numbering, number_format, text)).numId)
        numbered = f'<w:numPr><w:numId w:val="{num_id}"/></w:numPr>' if num_id else ""
        if style is None or redefine:
            spacing = ppr(after=80, left=360, hanging=360, jc="left")
            install_style(book, StyleSpec(name, "paragraph", "Body Text", numbered + spacing), redefine=True)
        elif num_id and not _style_num_id(style):
            props = style.find(qn("w:pPr"))
            if props is None:
                props = OxmlElement("w:pPr")
                insert_in_order(style, props, ("w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"))
            insert_in_order(
                props,
                parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>'),
                (
                    "w:suppressLineNumbers",
                    "w:pBdr",
                    "w:shd",
                    "w:tabs",
                    "w:spacing",
                    "w:ind",
                    "w:jc",
                    "w:outlineLvl",
                    "w:rPr",
                ),
            )
        num_ids[name] = _style_num_id(book.find(name))
    return ListStyles(numbering, num_ids)
