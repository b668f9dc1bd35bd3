"""Render the stale outputs of a build: compose each audience once, then write its formats,
one process per audience (`-j`), since the PDF engine uses one core per document."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.cache import ExtractionCache
from briefgen.config import Settings, Theme
from briefgen.extract import extract_document
from briefgen.model import Brief
from briefgen.pipeline import analyse, compose_briefs
from briefgen.render.html import render_html

if TYPE_CHECKING:
    from briefgen.build import BuildRequest, Planned


@dataclass(frozen=True)
class Job:
    """One audience's stale formats, with everything a worker process needs."""

    brief: Brief
    html: str
    formats: tuple[str, ...]
    theme: Theme
    reference: Path | None
    epoch: int


def render_job(job: Job) -> tuple[dict[str, bytes], list[str]]:
    """The bytes of each format of one audience, and warnings."""
    results: dict[str, bytes] = {}
    warnings: list[str] = []
    for fmt in job.formats:
        if fmt == "html":
            results[fmt] = job.html.encode("utf-8")
        elif fmt == "pdf":
            from briefgen.render.pdf import render_pdf

            pdf, refused = render_pdf(job.html, job.theme, epoch=job.epoch)
            warnings.extend(f"{job.brief.audience}.pdf: refused to fetch {url}" for url in refused)
            results[fmt] = pdf
        else:
            from briefgen.render.docx import render_docx

            docx, docx_warnings = render_docx(
                job.html, job.brief, job.theme, reference=job.reference, epoch=job.epoch
            )
            warnings.extend(f"{job.brief.audience}.docx: {warning}" for warning in docx_warnings)
            results[fmt] = docx
    return results, warnings


def render_outputs(
    request: BuildRequest,
    theme: Theme,
    settings: Settings,
    outputs: Sequence[Planned],
    progress: Callable[[str, int, int], None],
) -> tuple[dict[Path, bytes], list[str]]:
    """The bytes of each stale output, by path, and warnings worth showing."""
    from briefgen.build import epoch_of

    cache = ExtractionCache(request.out / ".cache", extract_document)
    analysis = analyse(
        request.sources, theme=theme, encoding=request.encoding, max_bytes=request.max_bytes, extractor=cache
    )
    warnings = list(analysis.catalog.warnings)
    progress(
        f"extracted {len(analysis.catalog.documents)} sources ({cache.misses} new, {cache.hits} cached)",
        0,
        len(outputs),
    )
    audiences = list(dict.fromkeys(output.audience for output in outputs))
    briefs = compose_briefs(
        analysis, theme, audiences, settings=settings, source_date_epoch=request.source_date_epoch
    )
    jobs = [
        Job(
            brief=brief,
            html=render_html(brief, theme),
            formats=tuple(o.format for o in outputs if o.audience == brief.audience),
            theme=theme,
            reference=request.reference_docx,
            epoch=epoch_of(brief.date, request.source_date_epoch),
        )
        for brief in briefs
    ]
    paths = {(o.audience, o.format): o.path for o in outputs}
    rendered: dict[Path, bytes] = {}
    workers = max(1, min(request.jobs, len(jobs)))
    with ProcessPoolExecutor(max_workers=workers) if workers > 1 else nullcontext() as pool:
        results = pool.map(render_job, jobs) if pool is not None else map(render_job, jobs)
        for job, (formats, job_warnings) in zip(jobs, results, strict=True):
            for fmt, data in formats.items():
                rendered[paths[(job.brief.audience, fmt)]] = data
                progress(f"rendered {job.brief.audience}.{fmt}", len(rendered), len(outputs))
            warnings.extend(job_warnings)
    return rendered, warnings
