"""The writers, by format: each turns one pack (its Brief and its HTML) into bytes.

A registry, not if/elif (pandoc's `Writers.hs`): the build asks `WRITERS[fmt]` and never
knows which library draws a format. Each writer imports its library when first called, so
a build that writes nothing never loads WeasyPrint or python-docx; tests of orchestration
put a stub in the registry and never start either.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from briefgen.config import Theme
from briefgen.model import Brief


@dataclass(frozen=True)
class Pack:
    """One audience's pack as every writer receives it."""

    brief: Brief
    html: str
    theme: Theme
    epoch: int  # the time stamped into the file, from the pack's date or SOURCE_DATE_EPOCH
    reference: Path | None = None  # a .docx whose styles the Word writer starts from


def pack_identity(pack_brief: Brief, html: str) -> str:
    """What a writer's bytes are a function of, besides the theme and its own code: the
    HTML, and the Brief's fields that writers read beside it (title, date, language, section
    names, notes...), never the items' offsets into their sources, which no page shows."""
    metadata = replace(
        pack_brief,
        key_points=(),
        key_figures=(),
        key_dates=(),
        sections=tuple(replace(section, items=()) for section in pack_brief.sections),
        disagreements=(),
        people=(),
        glossary=(),
    )
    return f"{html}\0{metadata!r}"


@dataclass(frozen=True)
class Written:
    data: bytes
    warnings: tuple[str, ...] = ()


def write_html(pack: Pack) -> Written:
    return Written(pack.html.encode("utf-8"))


def svg_images(brief: Brief, theme: Theme) -> tuple[tuple[str, bytes], ...]:
    from briefgen.render.charts import pack_images

    return tuple(pack_images(brief, theme, "svg").items())


# What each format's writer draws a chart as.
IMAGE_KINDS = {"pdf": "svg", "docx": "png"}


def draw_charts(packs: Sequence[tuple[Brief, Sequence[str]]], theme: Theme) -> None:
    """Draw the packs' charts, as their formats show them, in this process ahead of their
    writers: worker processes forked after it inherit them, so each chart is drawn once per
    build, not once per process."""
    from briefgen.render.charts import pack_images

    for brief, formats in packs:
        for kind in sorted({IMAGE_KINDS[fmt] for fmt in formats if fmt in IMAGE_KINDS}):
            pack_images(brief, theme, kind)


def write_pdf(pack: Pack) -> Written:
    from briefgen.render.pdf import lay_out, layout_warnings, write_pdf

    laid_out = lay_out(pack.html, pack.theme, svg_images(pack.brief, pack.theme))
    refused = tuple(f"refused to fetch {url}" for url in laid_out.refused)
    return Written(write_pdf(laid_out, epoch=pack.epoch), (*refused, *layout_warnings(laid_out)))


def write_docx(pack: Pack) -> Written:
    from briefgen.render.docx import render_docx

    data, warnings = render_docx(
        pack.html,
        pack.brief,
        pack.theme,
        reference=pack.reference,
        epoch=pack.epoch,
        pages=pdf_pages(pack),
    )
    return Written(data, tuple(warnings))


def pdf_pages(pack: Pack) -> dict[str, int] | None:
    """The page of each element id in the pack's PDF layout, when this process laid the pack
    out (for the PDF or its page budget); None, and WeasyPrint never loaded, otherwise."""
    pdf = sys.modules.get("briefgen.render.pdf")
    laid_out = pdf.laid_out_already(pack.html, pack.theme) if pdf is not None else None
    return pdf.anchor_pages(laid_out) if pdf is not None and laid_out is not None else None


def count_pages(html: str, theme: Theme, brief: Brief) -> int:
    """The pages of the laid-out PDF: what decides whether a pack keeps to its budget."""
    from briefgen.render.pdf import lay_out

    return lay_out(html, theme, svg_images(brief, theme)).pages


def measure_blocks(html: str, theme: Theme, brief: Brief) -> tuple[dict[str, float], float]:
    """The laid-out height of each block of the pack, and of a page (see `render.measure`)."""
    from briefgen.render.pdf import block_heights, lay_out

    return block_heights(lay_out(html, theme, svg_images(brief, theme)))


def check_docx_theme(theme: Theme) -> None:
    """The theme's Word styles and class map, validated before any pack is laid out."""
    from briefgen.render.docx.theme import load_docx_theme

    load_docx_theme(theme)


# A layout warning names its pack and then the page: "press.pdf: page 3: …", "executive:
# pages 3–4 run over its budget of 2". `briefgen build --strict` fails on any of them.
LAYOUT_WARNING = re.compile(r"\A[^\s:]+: pages? \d")


def is_layout_warning(message: str) -> bool:
    return LAYOUT_WARNING.match(message) is not None


def over_budget(audience: str, pages: int, budget: int, *, estimated: bool = False) -> str:
    """The warning for a pack that, even at its shortest, has more pages than its budget;
    `estimated`: the pages come from the text's length, no PDF having been laid out."""
    extra = f"page {pages} runs" if pages == budget + 1 else f"pages {budget + 1}–{pages} run"
    how = " (estimated from the text: no PDF laid out)" if estimated else ""
    return f"{audience}: {extra} over its budget of {budget}{how}"


WRITERS: dict[str, Callable[[Pack], Written]] = {"html": write_html, "pdf": write_pdf, "docx": write_docx}
PAGE_COUNTERS: dict[str, Callable[[str, Theme, Brief], int]] = {"pdf": count_pages}
BLOCK_HEIGHTS: dict[str, Callable[[str, Theme, Brief], tuple[dict[str, float], float]]] = {
    "pdf": measure_blocks
}
# The theme data a writer needs beyond the templates, checked up front: a broken file is
# reported before minutes of layout, not after.
THEME_CHECKS: dict[str, Callable[[Theme], None]] = {"docx": check_docx_theme}
