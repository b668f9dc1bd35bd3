"""Fitting a page budget: blocks measured once, leaner versions ruled out by their heights,
the one chosen laid out to make sure, and a build that writes no PDF laying nothing out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import render
from briefgen.analysis import analyse
from briefgen.build.produce import Job, fit
from briefgen.compose import compose_candidates
from briefgen.config import Theme
from briefgen.render.html import render_html
from briefgen.render.measure import PAGE_HEIGHT, blocks, pages_needed
from tests.conftest import SEEDS

CITED = (
    '<p class="fact">Grain exports rose by a third.<sup class="cite"><a href="#note-{n}">{n}</a></sup></p>'
)


def page(body: str, compact: bool = True) -> str:
    return (
        f'<!DOCTYPE html><html><head></head><body class="{"compact" if compact else ""}">{body}</body></html>'
    )


def test_a_block_is_the_same_block_whatever_its_citation_numbers():
    first, second = blocks(page(CITED.format(n=1))), blocks(page(CITED.format(n=7)))
    assert [b.key for b in first] == [b.key for b in second] == ["p:Grain exports rose by a third."]


def test_a_full_cover_has_its_own_page_and_a_compact_one_does_not():
    cover = '<section class="cover"><h1 class="title">Pack</h1></section>'
    compact = '<section class="cover cover-compact"><h1 class="title">Pack</h1></section>'
    assert pages_needed(blocks(page(cover + CITED.format(n=1), compact=False))) == 2
    assert pages_needed(blocks(page(compact + CITED.format(n=1)))) == 1


def test_measured_heights_stand_in_for_the_estimates_and_runs_round_up():
    pack = blocks(page("".join(f"<p>Paragraph {n}.</p>" for n in range(3))))
    tall = {block.key: 400.0 for block in pack}
    assert pages_needed(pack) == 1
    assert pages_needed(pack, tall, page_height=1000) == 2  # 1,200 of 1,000: a second page
    assert pages_needed(pack, {pack[0].key: 2500.0}, page_height=1000) == 3  # the rest estimated


def test_long_text_needs_more_pages_than_short():
    long = page("".join(f"<p>{'word ' * 120}{n}</p>" for n in range(40)))
    assert pages_needed(blocks(long)) > pages_needed(blocks(page("<p>One line.</p>")))


@pytest.fixture(scope="module")
def press() -> Job:
    theme = Theme()
    [versions] = compose_candidates(analyse([SEEDS]), theme, ["press"])
    assert len(versions) >= 3
    return Job(versions, tuple(render_html(b, theme) for b in versions), ("pdf",), theme, None, 0)


def stub_layout(monkeypatch, pages_of: dict[int, int], job: Job, fill: float | None = None) -> list[int]:
    """Laid-out page counts by version number; the fullest version's blocks measured as
    filling `fill` pages (default: as many as it was laid out on), so that the leaner ones
    are estimated from it."""
    laid_out: list[int] = []
    number = {html: n for n, html in enumerate(job.htmls, start=1)}

    def count(html: str, theme: Theme, brief: object) -> int:
        laid_out.append(number[html])
        return pages_of[number[html]]

    def measure(html: str, theme: Theme, brief: object) -> tuple[dict[str, float], float]:
        pack = blocks(html)
        share = (fill or pages_of[number[html]]) * PAGE_HEIGHT / len(pack)
        return {block.key: share for block in pack}, PAGE_HEIGHT

    monkeypatch.setitem(render.PAGE_COUNTERS, "pdf", count)
    monkeypatch.setitem(render.BLOCK_HEIGHTS, "pdf", measure)
    return laid_out


def needed(job: Job, number: int, pages: int) -> int:
    pack = blocks(job.htmls[0])
    heights = {block.key: pages * PAGE_HEIGHT / len(pack) for block in pack}
    return pages_needed(blocks(job.htmls[number - 1]), heights)


def test_a_pack_that_fits_is_laid_out_once(press, monkeypatch):
    laid_out = stub_layout(monkeypatch, {1: 8}, press)
    fitted = fit(press, lambda step: None)
    assert (fitted.brief, fitted.pages, laid_out) == (press.candidates[0], 8, [1])


def test_versions_the_measure_rules_out_are_never_laid_out(press, monkeypatch):
    budget = press.candidates[0].page_budget[1]
    over = 3 * budget  # so tall that the first leaner version cannot fit either
    assert needed(press, 2, over) > budget
    pages_of = {1: over, **{n: budget for n in range(2, len(press.candidates) + 1)}}
    laid_out = stub_layout(monkeypatch, pages_of, press)
    fitted = fit(press, lambda step: None)
    first_possible = next(
        n
        for n in range(2, len(press.candidates) + 1)
        if needed(press, n, over) <= budget or n == len(press.candidates)
    )
    assert laid_out == [1, first_possible]
    assert fitted.brief is press.candidates[first_possible - 1]


def test_a_version_the_measure_lets_through_is_laid_out_to_make_sure(press, monkeypatch):
    budget = press.candidates[0].page_budget[1]
    pages_of = {1: budget + 1, 2: budget + 1, **{n: budget for n in range(3, len(press.candidates) + 1)}}
    # Its blocks fill the budget (the cover's page and one page less of the rest); what lies
    # between them (margins, breaks) makes a page more.
    laid_out = stub_layout(monkeypatch, pages_of, press, fill=budget - 1)
    steps = []
    fitted = fit(press, steps.append)
    assert laid_out == [1, 2, 3]  # the measure said version 2 might fit; its layout said not
    assert fitted.brief is press.candidates[2] and fitted.laid_out
    assert [s.detail for s in steps if s.action == "fitting the page budget"] == [
        f"{budget + 1} pages, over {budget}: a shorter version"
    ] * 2


def test_a_build_that_writes_no_pdf_lays_nothing_out(press, monkeypatch):
    laid_out = stub_layout(monkeypatch, {}, press)
    job = Job(press.candidates, press.htmls, ("docx",), press.theme, None, 0)
    fitted = fit(job, lambda step: None)
    assert laid_out == []
    assert fitted.brief is press.candidates[0] and not fitted.laid_out
    assert fitted.pages == pages_needed(blocks(press.htmls[0]))


def test_a_word_only_build_never_imports_weasyprint(tmp_path: Path):
    out, state = tmp_path / "out", tmp_path / "state"
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from briefgen.build import BuildRequest, build\n"
        f"build(BuildRequest(sources=(Path({str(SEEDS)!r}),), out=Path({str(out)!r}), formats=('docx',),"
        f" state=Path({str(state)!r})))\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.glob("*.docx")) == [
        "diplomatic.docx",
        "executive.docx",
        "investor.docx",
        "press.docx",
    ]


def test_the_measure_of_a_laid_out_pack_never_claims_more_pages_than_a_layout_takes(press):
    from briefgen.render import svg_images
    from briefgen.render.pdf import block_heights, lay_out

    fullest = lay_out(press.htmls[0], press.theme, svg_images(press.candidates[0], press.theme))
    heights, page_height = block_heights(fullest)
    assert heights[blocks(press.htmls[0])[-1].key] > 0  # the last block was found and measured
    assert fullest.pages - 1 <= pages_needed(blocks(press.htmls[0]), heights, page_height) <= fullest.pages
    leanest = press.htmls[-1]
    leanest_pages = lay_out(leanest, press.theme, svg_images(press.candidates[-1], press.theme)).pages
    assert pages_needed(blocks(leanest), heights, page_height) <= leanest_pages
