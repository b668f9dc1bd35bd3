"""How much paper a pack needs, from its HTML: what chooses the version of a pack that keeps
to its page budget without laying out every version.

A pack is a column of blocks (paragraphs, list items, table rows, headings) broken into runs
where the theme forces a new page (after a full cover). A block's height is measured, when
one version of the pack was laid out (the same block in a leaner version is as tall), or
estimated from its text with the theme's print sizes (a build that lays nothing out, such
as a Word-only one). A run needs its height divided by the page's height, rounded up: a
lower bound, since a block kept whole or a heading kept with its text can leave a page's
foot empty, so the version it chooses is laid out to make sure before it is written.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from briefgen.render.vocabulary import classes, parse_html

# Blocks whose text is set as lines; anything else is a container of them.
LEAVES = frozenset({"p", "li", "h1", "h2", "h3", "tr", "figcaption", "footer"})
PX_PER_PT = 96 / 72

# print.css, as sizes in points: A4 less its margins; 10pt/1.45 text; headings at 1.2.
PAGE_HEIGHT = (297 - 24 - 22) / 25.4 * 72
PAGE_WIDTH = (210 - 22 - 22) / 25.4 * 72
CHARACTER_WIDTH = 0.5  # of the font size, for DejaVu's running text
COVER_PADDING = 45 / 25.4 * 72


@dataclass(frozen=True)
class Type:
    size: float  # points
    leading: float  # line height, as a multiple of the size
    space: float  # margins and padding around the block, in ems
    width: float = 1.0  # share of the column the text runs in


BODY = Type(10, 1.45, 0.55)
TYPES = {
    "h1": Type(26, 1.2, 0.2),
    "h2": Type(13, 1.2, 1.95),
    "h3": Type(11, 1.2, 1.3),
    "li": Type(10, 1.45, 0.45, 0.95),
    "tr": Type(9, 1.45, 0.6, 0.7),
    "footer": Type(8.5, 1.45, 0.3),
    "figcaption": Type(9, 1.45, 0.5),
}
CLASSES = {
    "section-description": Type(9, 1.45, 0.55),
    "cover-meta": Type(9, 1.45, 0.3),
    "marking": Type(8, 1.45, 1.2),
    "subtitle": Type(13, 1.3, 1.5),
    "cover-note": Type(8.5, 1.45, 2.0),
}


@dataclass(frozen=True)
class Block:
    key: str  # its tag and words, citation marks left out: the same block in every version
    estimate: float  # points, from its text
    breaks_after: bool = False  # the theme starts a new page after it


def words(element: Any) -> str:
    """An element's text without its citation marks (a leaner version renumbers them).
    Works on lxml elements and on the ElementTree ones a layout engine keeps."""
    parts = [element.text or ""]
    for child in element:
        if local(child.tag) != "sup":
            parts.append(words(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def block_key(element: Any) -> str:
    return f"{local(element.tag)}:{words(element)}"


def type_of(element: Any, ancestors: Sequence[Any]) -> Type:
    for name in classes(element):
        if name in CLASSES:
            return CLASSES[name]
    tag = local(element.tag)
    if tag == "p" and any(local(a.tag) == "blockquote" for a in ancestors):
        return Type(11, 1.45, 0.5)
    return TYPES.get(tag, BODY)


def estimate(element: Any, kind: Type, scale: float) -> float:
    size = kind.size * scale
    per_line = max(1, int(PAGE_WIDTH * kind.width / (size * CHARACTER_WIDTH)))
    lines = max(1, math.ceil(len(words(element)) / per_line))
    return lines * size * kind.leading + kind.space * size


def blocks(html: str) -> list[Block]:
    """The pack's blocks in reading order."""
    body = parse_html(html).body
    scale = 0.95 if "compact" in classes(body) else 1.0

    def walk(element: Any, ancestors: list[Any]) -> Iterator[Block]:
        tag = local(element.tag)
        if tag in LEAVES:
            yield Block(block_key(element), estimate(element, type_of(element, ancestors), scale))
            return
        for child in element:
            if isinstance(child.tag, str):
                yield from walk(child, [*ancestors, element])
        if tag == "section" and "cover" in classes(element) and "cover-compact" not in classes(element):
            yield Block("cover:padding", COVER_PADDING, breaks_after=True)

    return list(walk(body, []))


def pages_needed(
    pack: Sequence[Block], heights: Mapping[str, float] = {}, page_height: float = PAGE_HEIGHT
) -> int:
    """The pages the blocks fill at least: measured heights where the block was laid out
    (in the same unit as `page_height`), estimates (in points, scaled to it) elsewhere."""
    scale = page_height / PAGE_HEIGHT
    pages, run = 0, 0.0
    for block in pack:
        run += heights.get(block.key, block.estimate * scale)
        if block.breaks_after:
            pages, run = pages + max(1, math.ceil(run / page_height)), 0.0
    return pages + (math.ceil(run / page_height) if run else 0)
