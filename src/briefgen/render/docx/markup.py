"""Reading the HTML for Word: classes through the theme's class map, the notes list, and
inline content as pieces with HTML's whitespace rules."""

from __future__ import annotations

import re
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, replace

from briefgen.render.docx.theme import CLASSES_FILE
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
