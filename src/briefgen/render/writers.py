"""Render the stale outputs of a build: compose each audience once, then write each format."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.build import epoch_of
from briefgen.config import Settings, Theme
from briefgen.pipeline import analyse, compose_briefs
from briefgen.render.html import render_html

if TYPE_CHECKING:
    from briefgen.build import BuildRequest


def render_outputs(
    request: BuildRequest,
    theme: Theme,
    settings: Settings,
    outputs: Sequence[tuple[str, str, Path, str]],
    progress: Callable[[str], None],
) -> tuple[list[bytes], list[str]]:
    """The bytes of each output, in order, and warnings worth showing."""
    analysis = analyse(request.sources, theme=theme, encoding=request.encoding, max_bytes=request.max_bytes)
    warnings = list(analysis.catalog.warnings)
    audiences = list(dict.fromkeys(audience for audience, _, _, _ in outputs))
    briefs = {
        brief.audience: brief
        for brief in compose_briefs(
            analysis, theme, audiences, settings=settings, source_date_epoch=request.source_date_epoch
        )
    }
    html_by_audience = {name: render_html(brief, theme) for name, brief in briefs.items()}
    rendered = []
    for audience, fmt, path, _ in outputs:
        progress(f"rendering {path.name}")
        brief, html = briefs[audience], html_by_audience[audience]
        epoch = epoch_of(brief.date, request.source_date_epoch)
        if fmt == "html":
            rendered.append(html.encode("utf-8"))
        elif fmt == "pdf":
            from briefgen.render.pdf import render_pdf

            pdf, refused = render_pdf(html, theme, epoch=epoch)
            warnings.extend(f"{path}: refused to fetch {url}" for url in refused)
            rendered.append(pdf)
        else:
            from briefgen.render.docx import render_docx

            docx, docx_warnings = render_docx(
                html, brief, theme, reference=request.reference_docx, epoch=epoch
            )
            warnings.extend(f"{path}: {warning}" for warning in docx_warnings)
            rendered.append(docx)
    return rendered, warnings
