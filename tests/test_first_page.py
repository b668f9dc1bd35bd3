"""Each pack's first page and its audience's own block, read back from the built PDF, DOCX
and HTML: the subject as title, the masthead, at a glance, key figures; no profile text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import lxml.html
import pytest
from pypdf import PdfReader

from briefgen.analysis import analyse
from briefgen.build import BuildRequest, build
from briefgen.compose import compose_briefs
from briefgen.config import Theme, load_settings
from briefgen.config.profiles import load_profile
from briefgen.config.taxonomy import load_taxonomy
from tests.conftest import REPO_ROOT, SEEDS

EPOCH = "1735689600"
HEALTH = Path(__file__).parent / "cases" / "health_board"
AUDIENCES = ("executive", "press", "diplomatic", "investor")
SETTINGS = load_settings(REPO_ROOT / "briefgen.toml")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    build(
        BuildRequest(
            sources=(SEEDS,),
            out=out,
            formats=("pdf", "docx", "html"),
            source_date_epoch=EPOCH,
            settings_path=REPO_ROOT / "briefgen.toml",
        )
    )
    return out


def pages(path: Path) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(path).pages]


def profile(name: str):
    return load_profile(Theme(), name, load_taxonomy(Theme()))


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_first_page_holds_title_masthead_at_a_glance_and_key_figures(packs, audience):
    first = pages(packs / f"{audience}.pdf")[0]
    wanted = profile(audience)
    for text in (
        flat(SETTINGS.subject),
        f"{wanted.title} · for {wanted.reader}",
        SETTINGS.author,
        SETTINGS.contact,
        "information cut-off 21 February 2025",
        flat(SETTINGS.disclaimer),
        "At a glance",
        "Key figures",
    ):
        assert text in first, (text, first)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_docx_first_page_holds_the_same_blocks(packs, audience):
    paragraphs = [flat(p.text) for p in docx.Document(str(packs / f"{audience}.docx")).paragraphs]
    wanted = profile(audience)
    assert paragraphs.index(flat(SETTINGS.subject)) < paragraphs.index("At a glance")
    assert f"{wanted.title} · for {wanted.reader}" in paragraphs
    assert any(SETTINGS.contact in p and SETTINGS.author in p for p in paragraphs)
    assert any(flat(SETTINGS.disclaimer) in p for p in paragraphs)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_page_prints_the_profile_description_or_the_page_budget(packs, audience):
    text = " ".join(pages(packs / f"{audience}.pdf"))
    paragraphs = " ".join(p.text for p in docx.Document(str(packs / f"{audience}.docx")).paragraphs)
    for shown in (text, flat(paragraphs)):
        assert flat(profile(audience).description) not in shown
        assert not re.search(r"\d+–\d+ pages|at most \d+ pages", shown)


def test_the_executive_pack_stays_on_two_pages_and_the_press_pack_has_its_contents_after_page_one(packs):
    assert len(PdfReader(packs / "executive.pdf").pages) <= 2
    press = pages(packs / "press.pdf")
    assert "Contents" not in press[0] and "Contents" in press[1]


def test_every_quotable_line_has_a_speaker_a_date_and_no_stray_attribution_comma(packs):
    root = lxml.html.fromstring((packs / "press.html").read_text())
    rows = root.xpath("//table[contains(@class, 'quotes-table')]/tbody/tr")
    assert len(rows) >= 4
    for row in rows:
        quote, speaker, _occasion, date, _source = (flat(cell.text_content()) for cell in row)
        assert speaker and not quote.endswith((",”", ":”")), quote
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}|not stated", date), date
    dated = [flat(row[3].text_content()) for row in rows]
    assert "2 July 2024" in dated
    # The lead-sentence stand-in for a title is no occasion; a source's own headline is.
    occasions = {flat(row[2].text_content()) for row in rows}
    assert "Expert Discusses Kazakhstan’s Priorities as SCO Chair" in occasions
    assert not any(o.endswith("…") for o in occasions)
    notes = flat(root.xpath("//*[@id='notes-to-editors']")[0].text_content())
    assert f"Media contact: {SETTINGS.contact}" in notes and "5 sources dated" in notes


def test_the_diplomatic_pack_puts_changes_first_and_notes_each_sources_kind(packs):
    text = " ".join(pages(packs / "diplomatic.pdf"))
    first_section = text.index("Defence, terrorism")
    assert text.index("Changes over time", 200) < first_section
    root = lxml.html.fromstring((packs / "diplomatic.html").read_text())
    rows = [
        [flat(c.text_content()) for c in row]
        for row in root.xpath("//table[contains(@class, 'sources-table')]/tbody/tr")
    ]
    assert [row[1:] for row in rows if row[1] == "gov.kz"] == [["gov.kz", "ministry", "21 February 2025"]]
    assert {row[2] for row in rows} == {"press", "opinion", "ministry"}


def test_a_source_without_a_stated_kind_prints_none(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Ministry update\n\nNorthshire Health Board approved 12 new clinics on 3 May 2024.\n"
    )
    (tmp_path / "a.toml").write_text('publisher = "Health Ministry"\n')
    out = tmp_path / "out"
    build(BuildRequest(sources=(tmp_path,), out=out, formats=("html",), audiences=("diplomatic",)))
    root = lxml.html.fromstring((out / "diplomatic.html").read_text())
    assert [
        [flat(c.text_content()) for c in row]
        for row in root.xpath("//table[contains(@class, 'sources-table')]/tbody/tr")
    ] == [["1", "Health Ministry", "", "3 May 2024"]]


def test_a_second_corpus_gets_a_sensible_first_page(tmp_path):
    out = tmp_path / "out"
    build(BuildRequest(sources=(HEALTH,), out=out, formats=("pdf",), audiences=("executive", "press")))
    for audience, subtitle in (
        ("executive", "Executive brief · for ministers and chief executives"),
        ("press", "Press pack · for journalists and spokespeople"),
    ):
        first = pages(out / f"{audience}.pdf")[0]
        assert "At a glance" in first and subtitle in first and "information cut-off" in first
    assert len(PdfReader(out / "executive.pdf").pages) <= 2


def test_what_comes_next_shows_the_dated_events_after_the_packs_date_only(tmp_path):
    (tmp_path / "update.txt").write_text(
        "Clinic programme update\n\n"
        "Northshire Health Board opened 12 new clinics on 3 March 2024 across the region.\n\n"
        "Northshire Health Board approved a budget of 40 million euros for the clinics on 2 May 2024.\n\n"
        "Northshire Health Board will open 9 more clinics on 15 September 2024, the health minister said.\n"
    )
    (tmp_path / "update.toml").write_text("date = 2024-05-20\n")
    brief = compose_briefs(analyse([tmp_path]), Theme(), ["executive"])[0]
    assert [key_date.when for key_date in brief.coming] == ["15 September 2024"]
    out = tmp_path / "out"
    build(BuildRequest(sources=(tmp_path,), out=out, formats=("html",), audiences=("executive",)))
    root = lxml.html.fromstring((out / "executive.html").read_text())
    assert [flat(c.text_content()) for c in root.xpath("//*[@id='what-comes-next']//td[@class='date']")] == [
        "15 September 2024"
    ]
    without = tmp_path / "past"
    without.mkdir()
    (without / "update.txt").write_text(
        "Update\n\nNorthshire Health Board opened 12 new clinics on 3 March 2024.\n"
    )
    build(BuildRequest(sources=(without,), out=out, formats=("html",), audiences=("executive",)))
    assert "What comes next" not in (out / "executive.html").read_text()


def test_what_comes_next_holds_at_most_the_profiles_key_dates_soonest_first(tmp_path):
    # Twelve planned openings after the pack's date: the block shows the profile's eight key
    # dates (trimmed with the rest of the pack), not every event a large corpus names.
    towns = [
        "Arden",
        "Brill",
        "Corby",
        "Dunmore",
        "Elston",
        "Fenwick",
        "Garth",
        "Hale",
        "Ilford",
        "Jarrow",
        "Kelso",
        "Lydd",
    ]
    (tmp_path / "plan.txt").write_text(
        "Clinic building plan\n\n"
        + "\n\n".join(
            f"Northshire Health Board will open a clinic in {town} on {day} October 2024, the board said."
            for day, town in enumerate(towns, start=1)
        )
        + "\n"
    )
    (tmp_path / "plan.toml").write_text("date = 2024-05-20\n")
    brief = compose_briefs(analyse([tmp_path]), Theme(), ["executive"])[0]
    assert len(brief.coming) == 8
    assert all(key_date.start > dt.date(2024, 5, 20) for key_date in brief.coming)
    assert [key_date.start for key_date in brief.coming] == sorted(
        key_date.start for key_date in brief.coming
    )
