"""Word styles: what a style is made of, its OOXML, the StyleBook that finds styles by name,
and installing styles, document defaults and list numbering into a document."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement

from briefgen.render.docx.ooxml import insert_in_order


@dataclass(frozen=True)
class Border:
    size: int  # eighths of a point
    color: str


@dataclass(frozen=True)
class RunProps:
    """Character formatting of a style; None leaves a setting to the style it is based on."""

    font: str | None = None
    size: float | None = None  # points
    bold: bool | None = None
    italic: bool | None = None
    caps: bool = False
    color: str | None = None
    underline: bool = False
    superscript: bool = False


@dataclass(frozen=True)
class ParagraphProps:
    """Paragraph formatting of a style; lengths in twentieths of a point."""

    keep_next: bool | None = None
    keep_lines: bool = False
    border_bottom: Border | None = None
    border_left: Border | None = None
    right_tab: str | None = None  # the leader of a right-aligned tab at the right margin
    before: int | None = None
    after: int | None = None
    line: int | None = None
    left: int | None = None
    hanging: int | None = None
    align: str | None = None
    outline: int | None = None


@dataclass(frozen=True)
class TableProps:
    """A table style's lines, cell margins (top, left, bottom, right) and shading."""

    rules: Border | None = None  # above, below and between the rows
    header_rule: Border | None = None
    edge: Border | None = None  # a bar down the left side
    padding: tuple[int, int, int, int] | None = None
    fill: str | None = None


@dataclass(frozen=True)
class Numbering:
    """The list numbering a list style is bound to: Word's number format and marker text."""

    format: str
    text: str


@dataclass(frozen=True)
class StyleSpec:
    """A Word style: created when the base document lacks it, redefined in the default base."""

    name: str
    kind: str = "paragraph"  # paragraph, character, table
    based_on: str | None = None
    style_id: str | None = None
    paragraph: ParagraphProps = ParagraphProps()
    run: RunProps = RunProps()
    table: TableProps = TableProps()
    numbering: Numbering | None = None


@dataclass(frozen=True)
class WordStyles:
    """The styles of a theme, bases before the styles built on them, and the defaults every
    run and paragraph of the default base starts from."""

    styles: tuple[StyleSpec, ...]
    run_defaults: RunProps = RunProps()
    paragraph_defaults: ParagraphProps = ParagraphProps()


def attr(value: str) -> str:
    """A value made safe to stand inside a double-quoted XML attribute (what xml.sax's
    `escape` does, whose module imports urllib.request and ssl: 20 ms of a DOCX build)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def rpr(props: RunProps) -> str:
    """A w:rPr body, children in schema order."""
    parts = []
    if props.font:
        font = attr(props.font)
        parts.append(f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>')
    if props.bold is not None:
        parts.append("<w:b/><w:bCs/>" if props.bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    if props.italic is not None:
        parts.append("<w:i/><w:iCs/>" if props.italic else '<w:i w:val="0"/><w:iCs w:val="0"/>')
    if props.caps:
        parts.append("<w:caps/>")
    if props.color:
        parts.append(f'<w:color w:val="{props.color}"/>')
    if props.size:
        half_points = round(props.size * 2)
        parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    if props.underline:
        parts.append('<w:u w:val="single"/>')
    if props.superscript:
        parts.append('<w:vertAlign w:val="superscript"/>')
    return "".join(parts)


def ppr(props: ParagraphProps, text_width: int) -> str:
    """A w:pPr body, children in schema order; a right tab stands at `text_width`."""
    parts = []
    if props.keep_next is not None:
        parts.append("<w:keepNext/>" if props.keep_next else '<w:keepNext w:val="0"/>')
    if props.keep_lines:
        parts.append("<w:keepLines/>")
    if props.border_bottom or props.border_left:
        borders = ""
        if props.border_left:
            left = props.border_left
            borders += f'<w:left w:val="single" w:sz="{left.size}" w:space="8" w:color="{left.color}"/>'
        if props.border_bottom:
            bottom = props.border_bottom
            borders += f'<w:bottom w:val="single" w:sz="{bottom.size}" w:space="2" w:color="{bottom.color}"/>'
        parts.append(f"<w:pBdr>{borders}</w:pBdr>")
    if props.right_tab:
        parts.append(
            f'<w:tabs><w:tab w:val="right" w:leader="{props.right_tab}" w:pos="{text_width}"/></w:tabs>'
        )
    if props.before is not None or props.after is not None or props.line is not None:
        attrs = ""
        if props.before is not None:
            attrs += f' w:before="{props.before}"'
        if props.after is not None:
            attrs += f' w:after="{props.after}"'
        if props.line is not None:
            attrs += f' w:line="{props.line}" w:lineRule="auto"'
        parts.append(f"<w:spacing{attrs}/>")
    if props.left is not None or props.hanging is not None:
        attrs = f' w:left="{props.left or 0}"' + (f' w:hanging="{props.hanging}"' if props.hanging else "")
        parts.append(f"<w:ind{attrs}/>")
    if props.align:
        parts.append(f'<w:jc w:val="{props.align}"/>')
    if props.outline is not None:
        parts.append(f'<w:outlineLvl w:val="{props.outline}"/>')
    return "".join(parts)


def _rule(side: str, border: Border) -> str:
    return f'<w:{side} w:val="single" w:sz="{border.size}" w:space="0" w:color="{border.color}"/>'


def table_xml(props: TableProps) -> str:
    """The w:tblPr, w:tcPr and w:tblStylePr of a table style, in schema order."""
    borders = ""
    if props.rules:
        borders += '<w:top w:val="nil"/>'
    if props.edge:
        borders += _rule("left", props.edge)
    if props.rules:
        borders += _rule("bottom", props.rules) + _rule("insideH", props.rules)
    table = f"<w:tblBorders>{borders}</w:tblBorders>" if borders else ""
    if props.padding:
        margins = "".join(
            f'<w:{side} w:w="{twips}" w:type="dxa"/>'
            for side, twips in zip(("top", "left", "bottom", "right"), props.padding, strict=True)
        )
        table += f"<w:tblCellMar>{margins}</w:tblCellMar>"
    xml = f"<w:tblPr>{table}</w:tblPr>" if table else ""
    if props.fill:
        xml += f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{props.fill}"/></w:tcPr>'
    if props.header_rule:
        xml += (
            '<w:tblStylePr w:type="firstRow"><w:tcPr><w:tcBorders>'
            f"{_rule('bottom', props.header_rule)}</w:tcBorders></w:tcPr></w:tblStylePr>"
        )
    return xml


def _style_name(style: Any) -> str | None:
    names = style.find(qn("w:name"))
    return None if names is None else str(names.get(qn("w:val"))).lower()


class StyleBook:
    """Word styles by name, case-insensitively (Word writes "heading 1", pandoc "Heading 1")."""

    def __init__(self, document: DocxDocument) -> None:
        self.root = document.styles.element
        # Looked up for every paragraph and run: each name's styles in document order (the
        # first is the one found), kept up to date as styles are replaced, so that installing
        # a theme's styles does not read the whole book again for each one.
        self.ids: dict[str, str] = {}
        self.by_name: dict[str, list[Any]] = {}
        for style in self.root.iterchildren(qn("w:style")):
            name = _style_name(style)
            if name is not None:
                self.by_name.setdefault(name, []).append(style)

    def find(self, name: str) -> Any:
        found = self.by_name.get(name.lower())
        return found[0] if found else None

    def replace(self, existing: Any, style: Any) -> None:
        """Put `style` last in the book, in place of `existing` (None: in addition)."""
        if existing is not None:
            existing.getparent().remove(existing)
            self.by_name[str(_style_name(existing))].remove(existing)
        self.root.append(style)
        self.by_name.setdefault(str(_style_name(style)), []).append(style)
        self.ids.clear()

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


def _style_element(book: StyleBook, spec: StyleSpec, style_id: str, paragraph: str, *, custom: bool) -> Any:
    based = ""
    if spec.based_on and book.find(spec.based_on) is not None:
        based = f'<w:basedOn w:val="{attr(book.id(spec.based_on))}"/>'
    run = rpr(spec.run)
    ppr_xml = f"<w:pPr>{paragraph}</w:pPr>" if paragraph else ""
    rpr_xml = f"<w:rPr>{run}</w:rPr>" if run else ""
    flag = ' w:customStyle="1"' if custom else ""
    return parse_xml(
        f'<w:style {nsdecls("w")} w:type="{spec.kind}"{flag} w:styleId="{attr(style_id)}">'
        f'<w:name w:val="{attr(spec.name)}"/>{based}<w:uiPriority w:val="20"/><w:qFormat/>'
        f"{ppr_xml}{rpr_xml}{table_xml(spec.table)}</w:style>"
    )


def install_style(book: StyleBook, spec: StyleSpec, paragraph: str, *, redefine: bool) -> None:
    """Add `spec` (its w:pPr body `paragraph`) when the base lacks it; with `redefine`,
    replace the base's own (same id)."""
    existing = book.find(spec.name)
    if existing is not None and not redefine:
        return
    if existing is not None:
        style_id = str(existing.get(qn("w:styleId")))
    else:
        style_id = spec.style_id or book.free_id(re.sub(r"[^A-Za-z0-9]", "", spec.name.title()))
    builtin = existing is not None or spec.style_id is not None
    book.replace(existing, _style_element(book, spec, style_id, paragraph, custom=not builtin))


def install_styles(
    document: DocxDocument, styles: WordStyles, text_width: int, *, redefine: bool
) -> StyleBook:
    """The pack's styles but its list styles (see `install_lists`). A user's reference
    document keeps its own: only what it lacks is added, based on its Normal and Body Text,
    so its fonts carry over."""
    book = StyleBook(document)
    for spec in styles.styles:
        if spec.numbering is None:
            install_style(book, spec, ppr(spec.paragraph, text_width), redefine=redefine)
    return book


def set_document_defaults(document: DocxDocument, word: WordStyles, language: str, *, fonts: bool) -> None:
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
        for child in parse_xml(f"<w:rPr {nsdecls('w')}>{rpr(word.run_defaults)}</w:rPr>"):
            run_props.append(child)
        paragraph_default = defaults.find(qn("w:pPrDefault"))
        if paragraph_default is not None:
            defaults.remove(paragraph_default)
        paragraph = ppr(word.paragraph_defaults, 0)
        defaults.append(parse_xml(f"<w:pPrDefault {nsdecls('w')}><w:pPr>{paragraph}</w:pPr></w:pPrDefault>"))
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
        f'<w:numFmt w:val="{attr(number_format)}"/><w:lvlText w:val="{attr(text)}"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return new_id


def _list_ppr(props: ParagraphProps, num_id: int, text_width: int) -> str:
    """A list style's w:pPr body: the numbering goes after the keep settings (schema order)."""
    keeps = ppr(ParagraphProps(keep_next=props.keep_next, keep_lines=props.keep_lines), text_width)
    rest = ppr(replace(props, keep_next=None, keep_lines=False), text_width)
    numbered = f'<w:numPr><w:numId w:val="{num_id}"/></w:numPr>' if num_id else ""
    return keeps + numbered + rest


def install_lists(
    document: DocxDocument, book: StyleBook, styles: WordStyles, text_width: int, *, redefine: bool
) -> ListStyles:
    """The list styles (List Bullet, List Number), each bound to a numbering definition when
    one can be made."""
    try:
        numbering = document.part.numbering_part.element
    except NotImplementedError:  # python-docx cannot create a numbering part from scratch
        numbering = None
    num_ids: dict[str, int] = {}
    for spec in styles.styles:
        if spec.numbering is None:
            continue
        name = spec.name
        style = book.find(name)
        num_id = _style_num_id(style)
        if not num_id and numbering is not None:
            abstract = _add_abstract_num(numbering, spec.numbering.format, spec.numbering.text)
            num_id = int(numbering.add_num(abstract).numId)
        if style is None or redefine:
            install_style(book, spec, _list_ppr(spec.paragraph, num_id, text_width), redefine=True)
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
