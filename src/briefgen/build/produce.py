"""Render the stale outputs of a build: compose each audience once, then write its formats,
one process per audience (`-j`), since the PDF engine uses one core per document."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.analysis import analyse
from briefgen.build.cache import ExtractionCache
from briefgen.clock import epoch_of
from briefgen.compose import compose_candidates
from briefgen.config import Settings, Theme
from briefgen.extract import extract_document
from briefgen.model import Brief
from briefgen.render.html import render_html

if TYPE_CHECKING:
    from briefgen.build.request import BuildRequest, Planned
    from briefgen.render.pdf import LaidOut


@dataclass(frozen=True)
class Job:
    """One audience's stale formats, with everything a worker process needs."""

    candidates: tuple[Brief, ...]  # fullest first; later ones are trimmed to fit a page budget
    formats: tuple[str, ...]
    theme: Theme
    reference: Path | None
    epoch: int

    @property
    def audience(self) -> str:
        return self.candidates[0].audience


def fit(job: Job) -> tuple[Brief, str, LaidOut | None]:
    """The fullest candidate whose PDF keeps to the page budget (the leanest if none does)."""
    from briefgen.render.pdf import lay_out

    budget = job.candidates[0].page_budget[1]
    if not budget and "pdf" not in job.formats:
        brief = job.candidates[0]
        return brief, render_html(brief, job.theme), None
    for brief in job.candidates:
        html = render_html(brief, job.theme)
        laid_out = lay_out(html, job.theme)
        if not budget or laid_out.pages <= budget or brief is job.candidates[-1]:
            return brief, html, laid_out
    raise AssertionError("a job always has a candidate")


def render_job(job: Job) -> tuple[dict[str, bytes], list[str]]:
    """The bytes of each format of one audience, and warnings."""
    brief, html, laid_out = fit(job)
    results: dict[str, bytes] = {}
    warnings: list[str] = []
    if laid_out is not None and brief.page_budget[1] and laid_out.pages > brief.page_budget[1]:
        warnings.append(f"{job.audience}: {laid_out.pages} pages, over its budget of {brief.page_budget[1]}")
    for fmt in job.formats:
        if fmt == "html":
            results[fmt] = html.encode("utf-8")
        elif fmt == "pdf" and laid_out is not None:
            from briefgen.render.pdf import write_pdf

            results[fmt] = write_pdf(laid_out, epoch=job.epoch)
            warnings.extend(f"{job.audience}.pdf: refused to fetch {url}" for url in laid_out.refused)
        elif fmt == "docx":
            from briefgen.render.docx import render_docx

            docx, docx_warnings = render_docx(
                html, brief, job.theme, reference=job.reference, epoch=job.epoch
            )
            warnings.extend(f"{job.audience}.docx: {warning}" for warning in docx_warnings)
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
    candidates = compose_candidates(
        analysis, theme, audiences, settings=settings, source_date_epoch=request.source_date_epoch
    )
    jobs = [
        Job(
            candidates=versions,
            formats=tuple(o.format for o in outputs if o.audience == versions[0].audience),
            theme=theme,
            reference=request.reference_docx,
            epoch=epoch_of(versions[0].date, request.source_date_epoch),
        )
        for versions in candidates
    ]
    paths = {(o.audience, o.format): o.path for o in outputs}
    rendered: dict[Path, bytes] = {}
    workers = max(1, min(request.jobs, len(jobs)))
    with ProcessPoolExecutor(max_workers=workers) if workers > 1 else nullcontext() as pool:
        results = pool.map(render_job, jobs) if pool is not None else map(render_job, jobs)
        for job, (formats, job_warnings) in zip(jobs, results, strict=True):
            for fmt, data in formats.items():
                rendered[paths[(job.audience, fmt)]] = data
                progress(f"rendered {job.audience}.{fmt}", len(rendered), len(outputs))
            warnings.extend(job_warnings)
    return rendered, warnings
