"""Reading the HTML: classes, where an element came from, the vocabulary check, and inline
content as pieces with HTML's whitespace rules."""

from __future__ import annotations

import re
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]

from briefgen.errors import CheckFailed
from briefgen.render.docx.theme import CLASSES_FILE

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

# Classes that carry a name: body.audience-press, section.theme-economy.
CLASS_PREFIXES = ("audience-", "theme-")
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")

HtmlElement = Any  # lxml ships no type hints


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
    """Fail on any element or attribute that the DOCX writer cannot map."""
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


def unmapped(element: HtmlElement, class_styles: Container[str]) -> list[str]:
    """The element's classes that the class map lacks (named classes need no entry)."""
    return [n for n in classes(element) if n not in class_styles and not n.startswith(CLASS_PREFIXES)]


def unmapped_warning(element: HtmlElement, name: str, outcome: str) -> str:
    return (
        f"{where(element)}: class “{name}” on {describe(element)} is not in {CLASSES_FILE}, so {outcome}; "
        f"add it to {CLASSES_FILE} in the theme to choose its Word style"
    )


def class_style(element: HtmlElement, default: str, class_styles: Mapping[str, str]) -> str:
    for name in classes(element):
        style = class_styles.get(name)
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


def parse_html(html: str) -> HtmlElement:
    try:
        return lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as error:
        raise CheckFailed(f"brief.html: the rendered HTML cannot be parsed: {error}") from error
