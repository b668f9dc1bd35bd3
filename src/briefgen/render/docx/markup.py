"""Reading the HTML for Word: classes through the theme's class map, the notes list, image
sources, and inline content as pieces with HTML's whitespace rules."""

from __future__ import annotations

import base64
import re
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import unquote, urlsplit

from briefgen.config import Theme
from briefgen.render.docx.theme import CLASSES_FILE, StyleMap
from briefgen.render.vocabulary import HtmlElement, classes, describe, where

# Classes that carry a name: body.audience-press, section.theme-economy.
CLASS_PREFIXES = ("audience-", "theme-")
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


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
    """The reference list's entries by number: the entries citation marks link to."""
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


# The tags whose Word style comes from their class; `Writer.class_style` warns about those.
STYLED_BY_CLASS = frozenset({"p", "blockquote", "table", "aside", "th", "td"})


def unstyled_class_warnings(root: HtmlElement, style_map: StyleMap) -> list[str]:
    """A warning for each class the theme does not map on an element that no class styles."""
    return [
        unmapped_warning(element, name, f"it has no effect on <{element.tag}> in the DOCX")
        for element in root.iter()
        if isinstance(element.tag, str) and element.tag not in STYLED_BY_CLASS
        for name in unmapped(element, style_map.classes)
    ]


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
