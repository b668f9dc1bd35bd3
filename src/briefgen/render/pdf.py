"""HTML -> PDF with WeasyPrint: tagged (PDF/UA-1), reproducible, fetching nothing outside.

The URL fetcher serves files from the theme's folders, `data:` URLs and the pack's own
charts (`chart:NAME`, drawn beforehand) only; every other URL (http, file:///etc/...) is
refused and listed, so a pack never phones home.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from briefgen.config import Theme
from briefgen.render.collector import collector_paused
from briefgen.render.measure import LEAVES, block_key
from briefgen.render.typesetter import FontConfiguration, URLFetcher, boxes, weasyprint

# The pack's charts as SVG, by the src its <img> gives ("chart:timeline").
Images = tuple[tuple[str, bytes], ...]


class GuardedFetcher(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint URL fetcher that serves the theme's own files and data: URLs only."""

    def __init__(self, theme: Theme, images: Images = ()) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = tuple(folder.resolve() for folder in theme.folders)
        self.images = dict(images)
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
        if url in self.images:
            svg = base64.b64encode(self.images[url]).decode("ascii")
            return super().fetch(f"data:image/svg+xml;base64,{svg}", headers)
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


def lay_out(html: str, theme: Theme, images: Images = ()) -> LaidOut:
    """The pack paginated with the theme's shared typesetting. The HTML's own link to
    print.css is left out of the layout, and the parsed sheet is given instead; every other
    link and URL still goes through the guarded fetcher, which serves the charts in images."""
    kept = LATEST.get((html, theme, images))
    if kept is not None:
        return kept
    shared = typesetting(theme)
    fetcher = GuardedFetcher(theme, images)
    with collector_paused():
        document = weasyprint.HTML(
            string=html.replace(STYLESHEET_LINK, "", 1), base_url=shared.base_url, url_fetcher=fetcher
        ).render(stylesheets=[shared.stylesheet], font_config=shared.fonts, **OPTIONS)
    laid_out = LaidOut(document, html, [*shared.refused, *fetcher.refused])
    LATEST.clear()
    LATEST[(html, theme, images)] = laid_out
    return laid_out


# The layout lay_out made last. The page-budget fit lays a pack out to count its pages and
# the PDF writer then writes that same layout, so it is laid out once; and the Word writer
# takes its page numbers from it when the build laid the pack out, without laying it out
# when it did not.
LATEST: dict[tuple[str, Theme, Images], LaidOut] = {}


def laid_out_already(html: str, theme: Theme) -> LaidOut | None:
    return next((kept for (h, t, _), kept in LATEST.items() if h == html and t == theme), None)


def anchor_pages(laid_out: LaidOut) -> dict[str, int]:
    """The page each element id of the pack starts on."""
    pages: dict[str, int] = {}
    for number, page in enumerate(laid_out.document.pages, start=1):
        for name in page.anchors:
            pages.setdefault(name, number)
    return pages


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


def split_rows(laid_out: LaidOut) -> list[tuple[int, str]]:
    """The body rows of tables that run from one page onto the next: the page each starts on
    and its first cell's text. (Header rows repeat on every page; they are not split.)"""
    first_page: dict[Any, int] = {}
    split: dict[Any, int] = {}
    for number, page in enumerate(laid_out.document.pages, start=1):
        groups = [box for box in page._page_box.descendants() if isinstance(box, boxes.TableRowGroupBox)]
        for group in (group for group in groups if not group.is_header and not group.is_footer):
            for row in (row for row in group.children if row.element is not None):
                started = first_page.setdefault(row.element, number)
                if started != number:
                    split.setdefault(row.element, started)
    return [(page, first_cell_text(row)) for row, page in split.items()]


def first_cell_text(row: Any) -> str:
    cell = next(iter(row), None)
    return " ".join("".join(cell.itertext()).split()) if cell is not None else ""


def layout_warnings(laid_out: LaidOut) -> list[str]:
    """What a reader of the printed pack would notice: a heading left at the foot of a page,
    away from its text, a table row split across two pages, and a last page that is nearly
    empty. Each names its page, as render.is_layout_warning recognises."""
    warnings = []
    ends = [page_end(page) for page in laid_out.document.pages]
    for number, end in enumerate(ends, start=1):
        if end is not None and end.tag in HEADINGS and number < len(ends):
            warnings.append(f"page {number}: the heading “{end.text}” is left at the foot of the page")
    for number, text in split_rows(laid_out):
        shown = text if len(text) <= 60 else text[:57] + "…"
        warnings.append(f"page {number}: a table row (“{shown}”) runs onto page {number + 1}")
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
    with source_date_epoch(epoch), collector_paused():
        pdf = laid_out.document.write_pdf(pdf_identifier=identifier, **OPTIONS)
    return bytes(pdf or b"")
