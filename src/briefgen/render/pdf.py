"""HTML -> PDF with WeasyPrint: tagged (PDF/UA-1), reproducible, fetching nothing outside.

The URL fetcher serves files from the theme's folders and `data:` URLs only; every other
URL (http, file:///etc/...) is refused and listed, so a pack never phones home.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from briefgen.config import Theme
from briefgen.render.measure import LEAVES, block_key


class GuardedFetcher(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint URL fetcher that serves the theme's own files and data: URLs only."""

    def __init__(self, theme: Theme) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = tuple(folder.resolve() for folder in theme.folders)
        self.refused: list[str] = []

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True
        if parts.scheme != "file":
            return False
        path = Path(unquote(parts.path)).resolve()
        return any(path.is_relative_to(root) for root in self.roots)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not self.allowed(url):
            self.refused.append(url)
            raise ValueError(f"briefgen refuses to fetch {url}")
        return super().fetch(url, headers)


@contextmanager
def source_date_epoch(epoch: int) -> Iterator[None]:
    """fontTools stamps each font subset with the time unless SOURCE_DATE_EPOCH is set."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


@dataclass
class LaidOut:
    """A paginated document, ready to write: its page count decides whether a pack fits."""

    document: Any
    html: str
    refused: list[str]

    @property
    def pages(self) -> int:
        return len(self.document.pages)


OPTIONS = {"pdf_variant": "pdf/ua-1"}


STYLESHEET_LINK = '<link rel="stylesheet" href="print.css">'


@dataclass(frozen=True)
class Typesetting:
    """What every pack of one theme shares in a process: the fonts, and print.css parsed once
    (WeasyPrint would parse it again for every pack and load its fonts again)."""

    fonts: FontConfiguration
    stylesheet: Any  # weasyprint.CSS
    base_url: str
    refused: tuple[str, ...]  # what print.css asked for and the fetcher refused


@functools.cache
def typesetting(theme: Theme) -> Typesetting:
    fetcher = GuardedFetcher(theme)
    fonts = FontConfiguration()
    path = theme.find("print.css")
    stylesheet = weasyprint.CSS(filename=str(path), url_fetcher=fetcher, font_config=fonts)
    return Typesetting(fonts, stylesheet, f"{path.parent}/", tuple(fetcher.refused))


# The page-budget fit lays a pack out to count its pages and the PDF writer then writes the
# same layout: the last one is kept so that it is laid out once.
@functools.lru_cache(maxsize=1)
def lay_out(html: str, theme: Theme) -> LaidOut:
    """The pack paginated with the theme's shared typesetting. The HTML's own link to
    print.css is left out of the layout, and the parsed sheet is given instead; every other
    link and URL still goes through the guarded fetcher."""
    shared = typesetting(theme)
    fetcher = GuardedFetcher(theme)
    document = weasyprint.HTML(
        string=html.replace(STYLESHEET_LINK, "", 1), base_url=shared.base_url, url_fetcher=fetcher
    ).render(stylesheets=[shared.stylesheet], font_config=shared.fonts, **OPTIONS)
    return LaidOut(document, html, [*shared.refused, *fetcher.refused])


# A last page filled less than this is mostly paper: a line or two that a cut would pull back.
NEAR_EMPTY = 0.15
HEADINGS = frozenset({"h1", "h2", "h3"})


@dataclass(frozen=True)
class PageEnd:
    """Where a page's text stops: the share of its content height used, and its last line."""

    filled: float
    tag: str  # the element the last line belongs to
    text: str


def page_end(page: Any) -> PageEnd | None:
    """The last line of a laid-out page's content (running heads and feet left out)."""
    page_box = page._page_box
    content = [child for child in page_box.children if not isinstance(child, boxes.MarginBox)]
    lines = [box for child in content for box in child.descendants() if isinstance(box, boxes.LineBox)]
    if not lines:
        return None
    last = max(lines, key=lambda line: line.position_y + line.height)
    filled = (last.position_y + last.height - page_box.content_box_y()) / page_box.height
    text = "".join(box.text for box in last.descendants() if isinstance(box, boxes.TextBox))
    return PageEnd(filled, str(last.element_tag), " ".join(text.split()))


def layout_warnings(laid_out: LaidOut) -> list[str]:
    """What a reader of the printed pack would notice: a heading left at the foot of a page,
    away from its text, and a last page that is nearly empty. Each names its page."""
    warnings = []
    ends = [page_end(page) for page in laid_out.document.pages]
    for number, end in enumerate(ends, start=1):
        if end is not None and end.tag in HEADINGS and number < len(ends):
            warnings.append(f"page {number}: the heading “{end.text}” is left at the foot of the page")
    last = ends[-1] if ends else None
    if len(ends) > 1 and last is not None and last.filled < NEAR_EMPTY:
        warnings.append(f"page {len(ends)}: the last page is {last.filled:.0%} full")
    return warnings


def block_heights(laid_out: LaidOut) -> tuple[dict[str, float], float]:
    """Each block's laid-out height (its parts on every page added up), by the key that finds
    it in any version of the pack, and the height of a page's content, both in CSS pixels."""
    by_element: dict[int, tuple[str, float]] = {}
    page_height = 0.0
    for page in laid_out.document.pages:
        page_box = page._page_box
        page_height = max(page_height, float(page_box.height))
        seen: set[int] = set()
        for box in page_box.descendants():
            element = box.element
            if element is None or box.element_tag not in LEAVES or id(element) in seen:
                continue
            if not isinstance(box, (boxes.BlockBox, boxes.TableRowBox)):
                continue
            seen.add(id(element))
            key, height = by_element.get(id(element), (block_key(element), 0.0))
            by_element[id(element)] = (key, height + float(box.margin_height()))
    heights: dict[str, float] = {}
    for key, height in by_element.values():
        heights[key] = max(height, heights.get(key, 0.0))
    return heights, page_height


def write_pdf(laid_out: LaidOut, *, epoch: int) -> bytes:
    """The PDF bytes. They depend only on the HTML, the theme and `epoch`: dates come from
    the HTML's dcterms meta, and the document identifier is a digest of the HTML."""
    identifier = hashlib.sha256(laid_out.html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    with source_date_epoch(epoch):
        pdf = laid_out.document.write_pdf(pdf_identifier=identifier, **OPTIONS)
    return bytes(pdf or b"")
