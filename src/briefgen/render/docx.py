"""HTML -> DOCX: the editable pack, written by walking the same HTML the PDF is made from.

Every element of the semantic vocabulary (DESIGN.md) maps to a *named* Word style, using
pandoc's reference-docx names, so a user's pandoc `reference.docx` restyles the pack and an
edit in Word stays consistent. Anything outside the vocabulary fails the build: a template
change that the DOCX cannot follow must not ship a PDF and a DOCX that disagree.

Citation marks become native, auto-numbered footnotes whose text is the matching entry of
the notes list, so the Notes section itself is dropped (the Sources list stays). The HTML
contents list becomes a TOC field. The bytes are reproducible: fixed zip timestamps and order,
no random ids, dates from `epoch`.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

import docx
import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement
from docx.shared import Emu, Mm
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from briefgen.config import Theme
from briefgen.errors import CheckFailed, InputError
from briefgen.model import Brief, SourceRef

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

# Share of the table width a column gets when its first body cell has this class.
CLASS_WIDTHS: dict[str, float] = {"key-figure": 0.30, "term": 0.16, "date": 0.22}
TABLE_WIDTHS: dict[str, tuple[float, ...]] = {"figures-table": (0.70, 0.15, 0.15)}

HEADING_STYLES = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2"}
INLINE_STYLES = {"strong": "Strong", "em": "Emphasis", "cite": "Speaker", "sup": "Superscript"}
BLOCK_TAGS = frozenset(
    {"h1", "h2", "h3", "p", "ul", "ol", "blockquote", "table", "figure", "section", "aside", "img"}
)
INLINE_TAGS = frozenset({"a", "strong", "em", "sup", "cite"})
STRUCTURE_TAGS = frozenset({"li", "thead", "tbody", "tr", "th", "td", "figcaption", "footer"})
HEAD_TAGS = frozenset({"html", "head", "title", "meta", "link", "body"})
VOCABULARY = BLOCK_TAGS | INLINE_TAGS | STRUCTURE_TAGS | HEAD_TAGS
ATTRIBUTES = frozenset({"class", "id", "href", "src", "alt", "lang", "dir", "title"})
HEAD_ATTRIBUTES = frozenset({"charset", "name", "content", "rel", "href", "lang", "class"})

# Which template wrote an element with this id: errors name the file a user would edit.
PARTIALS = {
    "cover": "partials/cover.html",
    "contents": "partials/toc.html",
    "key-points": "partials/key_points.html",
    "key-figures": "partials/key_figures.html",
    "key-dates": "partials/key_dates.html",
    "disagreements": "partials/disagreements.html",
    "whos-who": "partials/whos_who.html",
    "glossary": "partials/glossary.html",
    "sources": "partials/sources.html",
    "notes": "partials/notes.html",
}

TOC_INSTRUCTION = r'TOC \o "1-3" \h \z \u'
SERIF = "DejaVu Serif"
SANS = "DejaVu Sans"
INK = "16324F"
RED = "8A1C1C"
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
# XML 1.0 forbids these even as character references; python-docx would raise on them.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
NOTE_HREF = re.compile(r"#note-(\d+)\Z")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
FIRST_ENTRIES = ("[Content_Types].xml", "_rels/.rels")

HtmlElement = Any  # lxml ships no type hints


# --- styles ---------------------------------------------------------------------------------


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
        _insert_in_order(run_props, lang, ("w:eastAsianLayout", "w:specVanish", "w:oMath"))
    lang.set(qn("w:val"), language)


def _insert_in_order(parent: Any, child: Any, successors: Sequence[str]) -> None:
    """Insert before the first existing successor: Word rejects children out of schema order."""
    for tag in successors:
        found = parent.find(qn(tag))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


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
                _insert_in_order(style, props, ("w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"))
            _insert_in_order(
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


# --- reading the HTML ----------------------------------------------------------------------


def classes(element: HtmlElement) -> list[str]:
    return str(element.get("class") or "").split()


def describe(element: HtmlElement) -> str:
    names = classes(element)
    return f"<{element.tag}" + (f' class="{" ".join(names)}"' if names else "") + ">"


def where(element: HtmlElement) -> str:
    """Which template wrote an element: the nearest enclosing element with an id."""
    for candidate in (element, *element.iterancestors()):
        ident = candidate.get("id")
        if ident and candidate.tag in {"section", "aside"}:
            partial = PARTIALS.get(ident)
            if ident.startswith("section-"):
                partial = f"sections/{ident.removeprefix('section-')}.html"
            label = f"brief.html / {candidate.tag}#{ident}"
            return f"{label} ({partial})" if partial else label
    return "brief.html"


def check_vocabulary(root: HtmlElement) -> None:
    """Fail on any element, attribute or class that the DOCX writer cannot map."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions render as nothing in both
        if element.tag not in VOCABULARY:
            raise CheckFailed(
                f"{where(element)}: {describe(element)} is not in the semantic HTML vocabulary "
                "(see DESIGN.md); the DOCX writer cannot map it"
            )
        allowed = HEAD_ATTRIBUTES if element.tag in HEAD_TAGS - {"body"} else ATTRIBUTES
        for attribute in element.attrib:
            if attribute not in allowed:
                raise CheckFailed(
                    f"{where(element)}: attribute {attribute}= on {describe(element)} is not in the "
                    "semantic HTML vocabulary; the DOCX writer cannot follow it"
                )
        for name in classes(element):
            if name not in CLASS_STYLES and not name.startswith(CLASS_PREFIXES):
                raise CheckFailed(
                    f'{where(element)}: class "{name}" on {describe(element)} has no Word style; '
                    "add it to CLASS_STYLES in briefgen/render/docx.py"
                )


def class_style(element: HtmlElement, default: str) -> str:
    for name in classes(element):
        style = CLASS_STYLES.get(name)
        if style:
            return style
    return default


def collect_notes(root: HtmlElement) -> dict[int, HtmlElement]:
    """The notes list items by number: their text becomes the footnotes."""
    notes = {}
    for item in root.iter("li"):
        match = re.fullmatch(r"note-(\d+)", str(item.get("id") or ""))
        if match:
            notes[int(match.group(1))] = item
    return notes


@dataclass(frozen=True)
class Piece:
    """A stretch of inline content: text with a character style, a link, or a note mark."""

    text: str = ""
    style: str | None = None
    href: str | None = None
    note: int | None = None


def normalise(pieces: Sequence[Piece]) -> list[Piece]:
    """HTML whitespace rules: runs of spaces collapse, a block's ends are trimmed.

    Adjacent note marks get a comma between them, as print.css puts one.
    """
    out: list[Piece] = []
    at_space = True
    for piece in pieces:
        if piece.note is not None:
            if out and out[-1].note is not None:
                out.append(Piece(",", "Footnote Reference"))
            out.append(piece)
            at_space = False
            continue
        text = HTML_SPACE.sub(" ", piece.text)
        if at_space:
            text = text.lstrip(" ")
        if text:
            out.append(replace(piece, text=text))
            at_space = text.endswith(" ")
    while out and out[-1].note is None and out[-1].text.endswith(" "):
        last = replace(out[-1], text=out[-1].text.rstrip(" "))
        out[-1:] = [last] if last.text else []
    return out


def plain_text(pieces: Sequence[Piece]) -> str:
    return "".join(piece.text if piece.note is None else str(piece.note) for piece in pieces)


# --- writing OOXML -------------------------------------------------------------------------


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
    paragraph._p.get_or_add_pPr().style = style_id


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
        _insert_in_order(props, OxmlElement(tag), later)


class Container(Protocol):
    def add_paragraph(self, text: str = "", style: Any = None) -> Paragraph: ...

    def add_table(self, rows: int, cols: int) -> Table: ...


FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)
FOOTNOTES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def footnotes_part(document: DocxDocument) -> XmlPart:
    """A fresh /word/footnotes.xml related from the document (python-docx has no footnote API).

    A reference document's own footnotes part is replaced, keeping its separator lines.
    """
    element = parse_xml(FOOTNOTES_XML)
    main = document.part
    for rel_id, rel in list(main.rels.items()):
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            old = parse_xml(rel.target_part.blob)
            separators = [n for n in old.iterchildren(qn("w:footnote")) if n.get(qn("w:type"))]
            if separators:
                for child in list(element):
                    element.remove(child)
                for child in separators:
                    element.append(child)
            del main.rels[rel_id]
    part = XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_CONTENT_TYPE, element, main.package)
    main.relate_to(part, RT.FOOTNOTES)
    return part


# --- the walk ------------------------------------------------------------------------------


@dataclass
class Writer:
    """Walks the HTML body once, appending Word blocks; collects footnotes and warnings."""

    document: DocxDocument
    book: StyleBook
    lists: ListStyles
    brief: Brief
    theme: Theme
    notes: dict[int, HtmlElement]
    warnings: list[str] = field(default_factory=list)
    compact: bool = False
    footnotes: XmlPart | None = None
    next_footnote: int = 1
    next_bookmark: int = 0
    bookmarked: set[str] = field(default_factory=set)
    after_heading: bool = False
    page_break_pending: bool = False
    contents_at: Paragraph | None = None
    outline: list[tuple[int, str, str]] = field(default_factory=list)  # level, text, bookmark

    # text ------------------------------------------------------------------------------

    def clean(self, text: str, element: HtmlElement) -> str:
        """`text` without the characters XML forbids; each removal is reported, never fatal."""
        if not FORBIDDEN.search(text):
            return text
        found = sorted({f"U+{ord(char):04X}" for char in FORBIDDEN.findall(text)})
        cleaned = FORBIDDEN.sub("", text)
        snippet = HTML_SPACE.sub(" ", cleaned).strip()
        snippet = snippet if len(snippet) <= 60 else snippet[:57] + "…"
        message = f"{where(element)}: removed {', '.join(found)} (not allowed in XML) from “{snippet}”"
        if message not in self.warnings:
            self.warnings.append(message)
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
        return self.inline(element, INLINE_STYLES.get(element.tag, style), href)

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
        set_paragraph_style(paragraph, self.book.id(style))
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
                parent.append(self.footnote_reference(piece.note))
            elif piece.href:
                link = OxmlElement("w:hyperlink")
                link.set(qn("r:id"), part.relate_to(piece.href, RT.HYPERLINK, is_external=True))
                link.set(qn("w:history"), "1")
                link.append(run_element(piece.text, self.book.id("Hyperlink")))
                parent.append(link)
            else:
                parent.append(run_element(piece.text, self.book.id(piece.style) if piece.style else None))

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
        if tag in HEADING_STYLES:
            self.heading(container, element)
        elif tag == "p":
            style = class_style(element, "Body Text")
            if style == "Body Text" and self.after_heading:
                style = "First Paragraph"
            self.paragraph(container, self.inline(element), style)
        elif tag in {"ul", "ol"}:
            self.items(container, element, width)
        elif tag == "blockquote":
            self.blockquote(container, element, width)
        elif tag == "table":
            self.table(container, element, class_style(element, "Table"), width)
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
        style = HEADING_STYLES[element.tag]
        pieces = self.inline(element)
        paragraph = self.paragraph(container, pieces, style)
        if paragraph is None:
            return
        owner = next(
            (a for a in element.iterancestors() if a.tag in {"section", "aside"} and a.get("id")), None
        )
        if owner is not None and owner.get("id") not in self.bookmarked:
            name = self.bookmark(paragraph, str(owner.get("id")))
        else:
            name = self.bookmark(paragraph, f"_Toc_{self.next_bookmark}")
        if style != "Title":
            level = int(element.tag[1]) - 1
            self.outline.append((level, plain_text([p for p in normalise(pieces) if p.note is None]), name))
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
            for paragraph in self.flow(container, item, style, width, prefix=marker):
                if ordered and num_id:
                    numbered = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                    numbered.get_or_add_ilvl().val = 0
                    numbered.get_or_add_numId().val = num_id

    def blockquote(self, container: Container, element: HtmlElement, width: int) -> None:
        style = class_style(element, "Block Text")
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "footer":
                self.flow(container, child, "Quote Attribution", width)
            elif child.tag == "p":
                self.paragraph(container, self.inline(child), class_style(child, style))
            else:
                self.block(container, child, width)

    def section(self, container: Container, element: HtmlElement, width: int) -> None:
        names = classes(element)
        if "notes" in names:
            return  # the footnotes carry every note
        if "toc" in names:
            self.contents(container, element)
            return
        for child in element:
            if isinstance(child.tag, str):
                self.block(container, child, width)
        if "cover" in names and "cover-compact" not in names and not self.compact:
            self.page_break_pending = True

    def contents(self, container: Container, element: HtmlElement) -> None:
        """A TOC field in place of the HTML list, filled in by `finish_contents`."""
        heading = next((child for child in element if child.tag in HEADING_STYLES), None)
        title = plain_text(normalise(self.inline(heading))) if heading is not None else "Contents"
        self.paragraph(container, [Piece(title)], "TOC Heading")
        self.contents_at = container.add_paragraph()
        self.page_break_pending = not self.compact

    def finish_contents(self) -> None:
        """The TOC field with one entry per heading, as Word itself writes it.

        Each entry links to its heading's bookmark and carries a PAGEREF field, so the page
        numbers are right in LibreOffice (which does not rebuild a TOC on opening) as well as
        in Word (which rebuilds it, because settings.xml asks it to update fields).
        """
        if self.contents_at is None:
            return
        anchor = self.contents_at._p
        entries = self.outline or [(0, "Update this field to show the contents.", "")]
        for index, (level, text, name) in enumerate(entries):
            paragraph = OxmlElement("w:p")
            props = OxmlElement("w:pPr")
            props.style = self.book.id(f"toc {level + 1}")
            paragraph.append(props)
            if index == 0:
                paragraph.extend(field_runs(TOC_INSTRUCTION, "", dirty=True)[:3])
            target: Any = paragraph
            if name:
                target = OxmlElement("w:hyperlink")
                target.set(qn("w:anchor"), name)
                target.set(qn("w:history"), "1")
                paragraph.append(target)
            target.append(run_element(text))
            if name:
                target.append(tab_run())
                runs = field_runs(f"PAGEREF {name} \\h", "")
                target.extend(runs[:3] + runs[4:])
            anchor.addprevious(paragraph)
        end = field_runs(TOC_INSTRUCTION, "")[4]
        anchor.append(end)
        set_paragraph_style(self.contents_at, self.book.id("toc 1"))

    def separate_tables(self, container: Container) -> None:
        """Word and LibreOffice merge two tables that touch; a paragraph keeps them apart."""
        blocks = [c for c in container_element(container) if c.tag in {qn("w:p"), qn("w:tbl")}]
        if blocks and blocks[-1].tag == qn("w:tbl"):
            set_paragraph_style(container.add_paragraph(), self.book.id("Compact"))

    def box(self, container: Container, element: HtmlElement, width: int) -> None:
        self.separate_tables(container)
        table = container.add_table(1, 1)
        table._tbl.tblPr.style = self.book.id(class_style(element, "Key Figures Box"))
        set_column_widths(table, [width])
        cell = table.cell(0, 0)
        self.fill_cell(cell, element, "Body Text", width - 400)
        self.break_before_table(table)

    def table(self, container: Container, element: HtmlElement, style: str, width: int) -> None:
        rows = table_rows(element)
        if not rows:
            return
        columns = max(len(cells) for _, cells in rows)
        self.separate_tables(container)
        table = container.add_table(len(rows), columns)
        table._tbl.tblPr.style = self.book.id(style)
        widths = column_widths(element, rows, columns, width)
        set_column_widths(table, widths)
        has_head = any(head for head, _ in rows)
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        if look is not None:
            look.set(qn("w:firstRow"), "1" if has_head else "0")
            look.set(qn("w:firstColumn"), "0")
            look.set(qn("w:val"), "0420" if has_head else "0400")
        for index, (head, cells) in enumerate(rows):
            row = table.rows[index]
            if head:
                row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            for column, cell_element in enumerate(cells):
                style_name = "Table Heading" if cell_element.tag == "th" else "Compact"
                self.fill_cell(
                    row.cells[column], cell_element, class_style(cell_element, style_name), widths[column]
                )
        self.break_before_table(table)

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
        data = image_bytes(src, self.theme)
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

    # footnotes ----------------------------------------------------------------------------

    def footnote_reference(self, note: int) -> Any:
        """A new footnote carrying note `note`'s text, and the run that marks it."""
        if self.footnotes is None:
            self.footnotes = footnotes_part(self.document)
        ident = self.next_footnote
        self.next_footnote += 1
        style_id = self.book.id("Footnote Reference")
        footnote = OxmlElement("w:footnote")
        footnote.set(qn("w:id"), str(ident))
        paragraph = OxmlElement("w:p")
        props = OxmlElement("w:pPr")
        props.style = self.book.id("Footnote Text")
        paragraph.append(props)
        mark = run_element(style_id=style_id)
        mark.append(OxmlElement("w:footnoteRef"))
        paragraph.append(mark)
        paragraph.append(run_element(" "))
        self.append_pieces(paragraph, self.note_pieces(note), self.footnotes)
        footnote.append(paragraph)
        self.footnotes.element.append(footnote)
        run = run_element(style_id=style_id)
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), str(ident))
        run.append(reference)
        return run

    def note_pieces(self, note: int) -> list[Piece]:
        """The note's text as the notes list prints it; from the Brief when the list is absent."""
        if note in self.notes:
            pieces = [p for p in self.inline(self.notes[note]) if p.note is None]
            return normalise(pieces)
        ref: SourceRef = self.brief.notes[note - 1]
        from briefgen.render.html import note_text

        text = self.clean(f"{note_text(ref)}.", self.document.element)
        return [Piece(text), Piece(" "), Piece(ref.url, href=ref.url)] if ref.url else [Piece(text)]


def container_element(container: Container) -> Any:
    if isinstance(container, DocxDocument):
        return container.element.body
    if isinstance(container, _Cell):
        return container._tc
    raise TypeError(f"not a block container: {container!r}")


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
    element: HtmlElement, rows: Sequence[tuple[bool, list[HtmlElement]]], columns: int, width: int
) -> list[int]:
    """Column widths in twips: by the table's class, else by the classes of its first body row."""
    shares: list[float | None] = [None] * columns
    preset = next((TABLE_WIDTHS[name] for name in classes(element) if name in TABLE_WIDTHS), None)
    if preset and len(preset) == columns:
        shares = list(preset)
    else:
        body = next((cells for head, cells in rows if not head), [])
        for index, cell in enumerate(body[:columns]):
            shares[index] = next((CLASS_WIDTHS[n] for n in classes(cell) if n in CLASS_WIDTHS), None)
    fixed = sum(share for share in shares if share is not None)
    free = [index for index, share in enumerate(shares) if share is None]
    rest = max(0.0, 1.0 - fixed) / len(free) if free else 0.0
    return [round(width * (share if share is not None else rest)) for share in shares]


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


def twips_to_emu(twips: int) -> int:
    return twips * 635


def image_bytes(src: str, theme: Theme) -> bytes | None:
    """A data: URL or a file under the theme's folders, as the PDF's URL fetcher allows."""
    parts = urlsplit(src)
    if parts.scheme == "data":
        header, _, payload = src.partition(",")
        if header.endswith(";base64"):
            try:
                return base64.b64decode(payload, validate=False)
            except ValueError:
                return None
        return unquote(payload).encode("utf-8")
    if parts.scheme or parts.netloc:
        return None
    for folder in theme.folders:
        root = folder.resolve()
        candidate = (root / unquote(parts.path)).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate.read_bytes()
    return None


# --- the document around the body ----------------------------------------------------------


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


def write_running_heads(document: DocxDocument, book: StyleBook, brief: Brief, *, cover: bool) -> None:
    """Title and audience at the top; marking and "Page X of Y" at the foot; none on the cover.

    A reference document's own header and footer, when they have text, are kept.
    """
    section = document.sections[0]
    if has_text(section.header.paragraphs) or has_text(section.footer.paragraphs):
        return
    section.different_first_page_header_footer = cover
    header = first_paragraph(section.header.paragraphs, book.id("Header"))
    header._p.append(run_element(strip_forbidden(brief.title)))
    header._p.append(tab_run())
    header._p.append(run_element(strip_forbidden(brief.subtitle)))
    footers = [section.footer] + ([section.first_page_footer] if cover else [])
    for footer in footers:
        write_footer(first_paragraph(footer.paragraphs, book.id("Footer")), book, brief.marking)
    if cover:
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


def strip_forbidden(text: str) -> str:
    return FORBIDDEN.sub("", text)


SETTINGS_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def set_settings(document: DocxDocument, *, footnotes: bool) -> None:
    """Ask Word and LibreOffice to update fields (the contents) when the file opens."""
    settings = document.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        _insert_in_order(settings, update, SETTINGS_AFTER_UPDATE_FIELDS)
    update.set(qn("w:val"), "true")
    if footnotes and settings.find(qn("w:footnotePr")) is None:
        note_props = parse_xml(
            f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        )
        _insert_in_order(settings, note_props, SETTINGS_AFTER_UPDATE_FIELDS[2:])


def set_core_properties(document: DocxDocument, brief: Brief, epoch: int) -> None:
    when = dt.datetime.fromtimestamp(max(epoch, 0), tz=dt.UTC).replace(tzinfo=None)
    core = document.core_properties
    core.title = strip_forbidden(f"{brief.title}: {brief.subtitle}")
    core.subject = strip_forbidden(brief.audience)
    core.author = core.last_modified_by = strip_forbidden(brief.organisation)
    core.keywords = ", ".join(section.name for section in brief.sections)
    core.comments = strip_forbidden(brief.description)
    core.category = "briefing pack"
    core.language = brief.language
    core.created = core.modified = when
    core.revision = 1


def rezip(data: bytes, epoch: int) -> bytes:
    """The same entries with fixed timestamps, order and attributes: equal input, equal bytes."""
    stamp = max(ZIP_EPOCH, dt.datetime.fromtimestamp(max(epoch, 0), tz=dt.UTC).timetuple()[:6])
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    ordered = [n for n in FIRST_ENTRIES if n in names] + sorted(n for n in names if n not in FIRST_ENTRIES)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name), compresslevel=9)
    return out.getvalue()


def parse_html(html: str) -> HtmlElement:
    try:
        return lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as error:
        raise CheckFailed(f"brief.html: the rendered HTML cannot be parsed: {error}") from error


def render_docx(
    html: str, brief: Brief, theme: Theme, *, reference: Path | None, epoch: int
) -> tuple[bytes, list[str]]:
    """DOCX bytes and warnings."""
    root = parse_html(html)
    check_vocabulary(root)
    body = root.body
    compact = "compact" in classes(body)
    document = open_base(reference)
    book = install_styles(document, text_width(document), redefine=reference is None)
    lists = install_lists(document, book, redefine=reference is None)
    set_document_defaults(document, brief.language, fonts=reference is None)
    writer = Writer(document, book, lists, brief, theme, collect_notes(root), compact=compact)
    writer.flow(document, body, "Body Text", text_width(document))
    writer.finish_contents()
    has_cover = any("cover" in classes(s) and "cover-compact" not in classes(s) for s in body.iter("section"))
    write_running_heads(document, book, brief, cover=has_cover and not compact)
    set_settings(document, footnotes=writer.footnotes is not None)
    set_core_properties(document, brief, epoch)
    buffer = io.BytesIO()
    document.save(buffer)
    return rezip(buffer.getvalue(), epoch), writer.warnings
