"""Produce the stale outputs of a build: analyse the sources (through the extraction cache),
compose each audience's candidates, fit the page budget, then call the format's writer;
one process per audience (`-j`), since the PDF engine uses one core per document."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from briefgen.analysis import analyse
from briefgen.build.cache import ExtractionCache
from briefgen.build.request import BuildRequest, Planned
from briefgen.clock import epoch_of
from briefgen.compose import compose_candidates
from briefgen.config import Settings, Theme
from briefgen.extract import extract_document
from briefgen.model import Brief
from briefgen.render import PAGE_COUNTERS, THEME_CHECKS, WRITERS, Pack
from briefgen.render.html import render_html


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


def fit(job: Job) -> tuple[Brief, str, int | None]:
    """The fullest candidate whose laid-out pages keep to the budget (the leanest if none
    does), its HTML and its page count (None when nothing was laid out)."""
    budget = job.candidates[0].page_budget[1]
    if not budget and "pdf" not in job.formats:
        brief = job.candidates[0]
        return brief, render_html(brief, job.theme), None
    count_pages = PAGE_COUNTERS["pdf"]
    for brief in job.candidates:
        html = render_html(brief, job.theme)
        pages = count_pages(html, job.theme)
        if not budget or pages <= budget or brief is job.candidates[-1]:
            return brief, html, pages
    raise AssertionError("a job always has a candidate")


def render_job(job: Job) -> tuple[dict[str, bytes], list[str]]:
    """The bytes of each format of one audience, and warnings."""
    brief, html, pages = fit(job)
    warnings: list[str] = []
    if pages is not None and brief.page_budget[1] and pages > brief.page_budget[1]:
        warnings.append(f"{job.audience}: {pages} pages, over its budget of {brief.page_budget[1]}")
    pack = Pack(brief, html, job.theme, job.epoch, job.reference)
    results: dict[str, bytes] = {}
    for fmt in job.formats:
        written = WRITERS[fmt](pack)
        results[fmt] = written.data
        warnings.extend(f"{job.audience}.{fmt}: {warning}" for warning in written.warnings)
    return results, warnings


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with(parent: int) -> None:
    """A worker's initializer: on Linux, ask the kernel to kill this worker when the build that
    started it dies, even by SIGKILL, so that no worker lives on holding the build's output.
    Elsewhere the pool's own shutdown is all there is."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the build died before the request was made
        os._exit(1)


def render_outputs(
    request: BuildRequest,
    theme: Theme,
    settings: Settings,
    outputs: Sequence[Planned],
    progress: Callable[[str, int, int], None],
) -> tuple[dict[Path, bytes], list[str]]:
    """The bytes of each stale output, by path, and warnings worth showing."""
    for fmt in sorted({output.format for output in outputs} & THEME_CHECKS.keys()):
        THEME_CHECKS[fmt](theme)
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
    with (
        ProcessPoolExecutor(max_workers=workers, initializer=die_with, initargs=(os.getpid(),))
        if workers > 1
        else nullcontext()
    ) as pool:
        results = pool.map(render_job, jobs) if pool is not None else map(render_job, jobs)
        for job, (formats, job_warnings) in zip(jobs, results, strict=True):
            for fmt, data in formats.items():
                rendered[paths[(job.audience, fmt)]] = data
                progress(f"rendered {job.audience}.{fmt}", len(rendered), len(outputs))
            warnings.extend(job_warnings)
    return rendered, warnings
