"""Produce the stale outputs of a build: analyse the sources (through the extraction cache),
compose each audience's candidates and their HTML, then, for each output whose pack differs
from the one its file was made from, fit the page budget and call the format's writer; one
process per audience (`-j`), since the PDF engine uses one core per document. An edit that
leaves a pack as its writers see it (the HTML and the Brief's metadata) lays out nothing."""

from __future__ import annotations

import ctypes
import functools
import gc
import hashlib
import importlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from briefgen.analysis import analyse
from briefgen.build.cache import ExtractionCache
from briefgen.build.drawings import DrawingFolder
from briefgen.build.plan import is_current
from briefgen.build.request import BuildRequest, Planned, Step
from briefgen.build.state import cache_folder, default_state
from briefgen.clock import epoch_of, undated_warnings
from briefgen.compose import compose_candidates, focus_message, pack_focus
from briefgen.config import Settings, Theme
from briefgen.extract import extract_document
from briefgen.model import Brief
from briefgen.render import (
    BLOCK_HEIGHTS,
    PAGE_COUNTERS,
    THEME_CHECKS,
    WRITERS,
    Pack,
    draw_charts,
    over_budget,
    pack_identity,
)
from briefgen.render.charts import keep_drawings_in
from briefgen.render.html import render_html
from briefgen.render.measure import blocks, pages_needed


@dataclass(frozen=True)
class Job:
    """One audience's stale formats, with everything a worker process needs."""

    candidates: tuple[Brief, ...]  # fullest first; later ones are trimmed to fit a page budget
    htmls: tuple[str, ...]  # each candidate's HTML
    formats: tuple[str, ...]
    theme: Theme
    reference: Path | None
    epoch: int

    @property
    def audience(self) -> str:
        return self.candidates[0].audience


# In a worker process, the queue its steps go to (set by the pool's initializer).
STEPS: Any = None


def tell_parent(step: Step) -> None:
    if STEPS is not None:
        STEPS.put(step)


@dataclass(frozen=True)
class Fitted:
    brief: Brief
    html: str
    pages: int | None  # None when the pack was neither laid out nor measured
    laid_out: bool  # False: `pages` is an estimate from the text (a build that writes no PDF)


def fit(job: Job, tell: Callable[[Step], None] = tell_parent) -> Fitted:
    """The fullest candidate whose pages keep to the budget (the leanest if none does).

    A build that writes a PDF lays out the fullest; when it overruns, the laid-out heights
    of its blocks rule out the leaner versions that cannot fit either (`render.measure`),
    and the first that may fit is laid out to make sure. A build that writes no PDF lays
    nothing out: it goes by the pages the text needs."""
    fullest, budget = job.candidates[0], job.candidates[0].page_budget[1]
    if not budget and "pdf" not in job.formats:
        return Fitted(fullest, job.htmls[0], None, laid_out=False)
    versions = tuple(zip(job.candidates, job.htmls, strict=True))
    if "pdf" not in job.formats:
        tell(Step(job.audience, "fitting the page budget", "by the text's length"))
        needs = [pages_needed(blocks(html)) for _, html in versions]
        chosen = next((n for n, pages in enumerate(needs) if pages <= budget), len(versions) - 1)
        return Fitted(*versions[chosen], needs[chosen], laid_out=False)
    count_pages = PAGE_COUNTERS["pdf"]
    tell(Step(job.audience, "laying out", f"version 1 of {len(versions)}" if budget else ""))
    pages = count_pages(job.htmls[0], job.theme, fullest)
    if not budget or pages <= budget or len(versions) == 1:
        return Fitted(fullest, job.htmls[0], pages, laid_out=True)
    heights, page_height = BLOCK_HEIGHTS["pdf"](job.htmls[0], job.theme, fullest)
    for number, (brief, html) in enumerate(versions[1:], start=2):
        if brief is not job.candidates[-1] and pages_needed(blocks(html), heights, page_height) > budget:
            continue
        tell(
            Step(job.audience, "fitting the page budget", f"{pages} pages, over {budget}: a shorter version")
        )
        tell(Step(job.audience, "laying out", f"version {number} of {len(versions)}"))
        pages = count_pages(html, job.theme, brief)
        if pages <= budget or brief is job.candidates[-1]:
            return Fitted(brief, html, pages, laid_out=True)
    raise AssertionError("the leanest candidate is always taken")


def render_job(
    job: Job, tell: Callable[[Step], None] = tell_parent
) -> dict[str, tuple[bytes, tuple[str, ...]]]:
    """The bytes of each format of one audience, with the warnings that came with it."""
    fitted = fit(job, tell)
    budget, pages = fitted.brief.page_budget[1], fitted.pages
    over = (
        (over_budget(job.audience, pages, budget, estimated=not fitted.laid_out),)
        if pages and budget and pages > budget
        else ()
    )
    pack = Pack(fitted.brief, fitted.html, job.theme, job.epoch, job.reference)
    results: dict[str, tuple[bytes, tuple[str, ...]]] = {}
    for fmt in job.formats:
        tell(Step(job.audience, "writing", fmt.upper()))
        written = WRITERS[fmt](pack)
        results[fmt] = (written.data, (*over, *(f"{job.audience}.{fmt}: {w}" for w in written.warnings)))
        tell(Step(job.audience, "written", f"{job.audience}.{fmt}"))
    return results


def pack_digest(job: Job, output: Planned) -> str:
    """What an output is made from: every candidate as its writer sees it (the page-budget
    fit is a pure function of them), the epoch and the writer's own inputs."""
    digest = hashlib.sha256(f"{job.epoch}\0{output.writer_digest}".encode())
    for brief, html in zip(job.candidates, job.htmls, strict=True):
        digest.update(b"\0" + pack_identity(brief, html).encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Produced:
    written: dict[Path, bytes]  # outputs made anew
    kept: tuple[Path, ...]  # stale by their inputs, but made from the same pack: the file stands
    packs: dict[Path, str]  # every stale output's pack digest, for the manifest
    warnings: dict[Path, tuple[str, ...]]  # each output's warnings (a kept one's from its manifest entry)
    notes: tuple[str, ...]  # warnings about the sources


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with(parent: int, steps: Any = None) -> None:
    """A worker's initializer: steps go to the build's queue; on Linux, ask the kernel to kill
    this worker when the build that started it dies, even by SIGKILL, so that no worker lives
    on holding the build's output. Elsewhere the pool's own shutdown is all there is."""
    global STEPS
    STEPS = steps
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
    manifest: dict[str, Any],
    progress: Callable[[Step], None],
) -> Produced:
    """Analyse, compose, and write each stale output whose pack changed."""
    for fmt in sorted({output.format for output in outputs} & THEME_CHECKS.keys()):
        THEME_CHECKS[fmt](theme)
    jobs, packs, kept, notes = composed_jobs(request, theme, settings, outputs, manifest, progress)
    paths = {(o.audience, o.format): o.path for o in outputs}
    written: dict[Path, bytes] = {}
    warnings = {path: tuple(manifest[path.name].get("warnings", ())) for path in kept}
    tell = Counter(progress, done=len(kept), total=len(outputs))
    workers = max(1, min(request.jobs, len(jobs)))
    if workers > 1:
        # The longest layouts first (by the fullest version's HTML), so that the short ones
        # fill the other worker's gaps instead of one long pack starting last on an idle pool.
        jobs = sorted(jobs, key=lambda job: -len(job.htmls[0]))
    with long_lived(formats={fmt for job in jobs for fmt in job.formats}):
        if workers == 1:
            results = list(map(functools.partial(render_job, tell=tell), jobs))
        else:
            import multiprocessing  # only for worker processes: 10 ms a build with -j 1 never spends

            if multiprocessing.get_start_method() == "fork":
                draw_charts([(job.candidates[0], job.formats) for job in jobs], theme)
            results = render_in_pool(jobs, workers, tell)
    for job, made in zip(jobs, results, strict=True):
        for fmt, (data, output_warnings) in made.items():
            path = paths[(job.audience, fmt)]
            written[path], warnings[path] = data, output_warnings
    return Produced(written, tuple(kept), packs, warnings, notes)


def composed_jobs(
    request: BuildRequest,
    theme: Theme,
    settings: Settings,
    outputs: Sequence[Planned],
    manifest: dict[str, Any],
    progress: Callable[[Step], None],
) -> tuple[list[Job], dict[Path, str], list[Path], tuple[str, ...]]:
    """Each audience's job for its stale formats, with every stale output's pack digest,
    the outputs whose pack is unchanged, and the warnings about the sources. The analysis
    (every source's text and items) ends with this function, before the writers' worker
    processes are forked: they would each carry a copy of it and read none of it."""
    folder = cache_folder(request.state or default_state(request.sources))
    cache = ExtractionCache(folder, extract_document)
    keep_drawings_in(DrawingFolder(folder))
    analysis = analyse(
        request.sources,
        theme=theme,
        encoding=request.encoding,
        max_bytes=request.max_bytes,
        extract_all=functools.partial(cache.extract_all, mapper=functools.partial(in_pool, request.jobs)),
        mapper=functools.partial(in_pool, request.jobs, least=ANALYSIS_POOL_FROM),
    )
    notes = (*analysis.catalog.warnings, *undated_warnings(analysis.catalog.documents))
    progress(
        Step(
            "",
            "extracted",
            f"{len(analysis.catalog.documents)} sources ({cache.misses} new, {cache.hits} cached)",
            total=len(outputs),
        )
    )
    focus = pack_focus(analysis, settings)
    if focus.derived:
        progress(Step("", focus_message(focus.names), total=len(outputs)))
    audiences = list(dict.fromkeys(output.audience for output in outputs))
    candidates = compose_candidates(
        analysis, theme, audiences, settings=settings, source_date_epoch=request.source_date_epoch
    )
    packs: dict[Path, str] = {}
    kept: list[Path] = []
    jobs = []
    for versions in candidates:
        job = Job(
            candidates=versions,
            htmls=tuple(render_html(brief, theme) for brief in versions),
            formats=(),
            theme=theme,
            reference=request.reference_docx,
            epoch=epoch_of(versions[0].date, request.source_date_epoch),
        )
        stale_formats = []
        for output in (o for o in outputs if o.audience == job.audience):
            packs[output.path] = pack_digest(job, output)
            if is_current(manifest.get(output.path.name), packs[output.path], output.path, recorded="pack"):
                kept.append(output.path)
            else:
                stale_formats.append(output.format)
        if stale_formats:
            jobs.append(replace(job, formats=tuple(stale_formats)))
    return jobs, packs, kept, notes


@contextmanager
def long_lived(formats: set[str]) -> Iterator[None]:
    """Render with what lives as long as the build (the code, the analysis, the packs)
    frozen out of the garbage collector: its full collections, which a layout's many boxes
    set off, would walk all of it again each time, and found nothing to free there."""
    if "pdf" in formats:
        importlib.import_module("briefgen.render.pdf")
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# Below this many sources to extract, starting workers costs more than it saves; and below
# this many items to classify or sources to read for their body, which take a fraction of
# a millisecond each, after extraction.
POOL_FROM = 64
ANALYSIS_POOL_FROM = 2048
T = TypeVar("T")
R = TypeVar("R")


def in_pool(jobs: int, function: Callable[[T], R], items: Sequence[T], least: int = POOL_FROM) -> list[R]:
    """Each item's result, in order, spread over `jobs` worker processes in small chunks (so
    that no core idles at the end) once there are at least `least` of them."""
    if jobs < 2 or len(items) < least:
        return list(map(function, items))
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context()
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=die_with, initargs=(os.getpid(),)
    ) as pool:
        return list(pool.map(function, items, chunksize=max(1, len(items) // (jobs * 16))))


class Counter:
    """Passes each step on with how many outputs are made so far."""

    def __init__(self, progress: Callable[[Step], None], done: int, total: int) -> None:
        self.progress, self.done, self.total = progress, done, total

    def __call__(self, step: Step) -> None:
        self.done += step.action == "written"
        self.progress(replace(step, done=self.done, total=self.total))


def render_in_pool(
    jobs: Sequence[Job], workers: int, tell: Callable[[Step], None]
) -> list[dict[str, tuple[bytes, tuple[str, ...]]]]:
    """render_job in worker processes, their steps relayed to tell as they happen. A worker
    puts a step on the pipe before it returns its result (a SimpleQueue writes at once), so
    every step is relayed before the end marker."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context()
    steps = context.SimpleQueue()

    def relay() -> None:
        while (step := steps.get()) is not None:
            tell(step)

    relaying = threading.Thread(target=relay, daemon=True)
    relaying.start()
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=die_with, initargs=(os.getpid(), steps)
        ) as pool:
            return list(pool.map(render_job, jobs))
    finally:
        steps.put(None)
        relaying.join(timeout=5)
