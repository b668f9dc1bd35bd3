"""The PDF packs read back with pypdf: quotes verbatim, pages, bookmarks, metadata, notes."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen.analysis import analyse
from briefgen.build import BuildRequest, build
from briefgen.cli import main
from briefgen.compose import compose_briefs
from briefgen.config import Theme
from briefgen.render import Pack, write_pdf
from briefgen.render.html import render_html
from briefgen.render.pdf import GuardedFetcher
from tests.conftest import REPO_ROOT, SEEDS

EPOCH = "1735689600"


def words(text: str) -> str:
    """Text without white space: PDF extraction breaks lines wherever the layout did."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    settings = REPO_ROOT / "briefgen.toml"  # as the command line finds it for the seeds
    build(
        BuildRequest(
            sources=(SEEDS,),
            out=out,
            formats=("pdf", "html"),
            source_date_epoch=EPOCH,
            settings_path=settings,
        )
    )
    return out


@pytest.fixture(scope="module")
def briefs():
    analysis = analyse([SEEDS])
    return {b.audience: b for b in compose_briefs(analysis, Theme(), source_date_epoch=EPOCH)}


def pdf_text(path: Path) -> str:
    return words(" ".join(page.extract_text() for page in PdfReader(path).pages))


@pytest.mark.parametrize("audience", ["executive", "press", "diplomatic", "investor"])
def test_every_quote_and_fact_of_the_brief_is_in_the_pdf_verbatim(packs, briefs, audience):
    text = pdf_text(packs / f"{audience}.pdf")
    brief = briefs[audience]
    items = [*brief.key_points, *(i for s in brief.sections for i in (*s.items, *s.context))]
    assert items
    for item in items:
        # As printed: the source's words with the bracketed insertions verify checked.
        assert words(item.shown_text) in text, item.id


def test_page_counts_keep_to_the_profiles(packs):
    assert len(PdfReader(packs / "executive.pdf").pages) <= 2
    assert 4 <= len(PdfReader(packs / "press.pdf").pages) <= 8


def test_bookmarks_follow_the_headings(packs, briefs):
    reader = PdfReader(packs / "diplomatic.pdf")
    titles = []

    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(entry.title)

    walk(reader.outline)
    expected = [s.title for s in briefs["diplomatic"].sections]
    assert titles[0] == briefs["diplomatic"].subtitle  # the subject is the title
    assert [t for t in titles if t in expected] == expected
    assert {"At a glance", "Key figures", "Sources disagree", "Who’s who", "Glossary", "Sources"} <= set(
        titles
    )
    assert "Notes" not in titles


def test_metadata_comes_from_the_brief(packs):
    meta = PdfReader(packs / "investor.pdf").metadata
    assert meta.title.startswith("Investor brief: ")
    assert meta.author == "briefgen demonstration desk"
    assert meta.subject == "investor"
    assert meta.get("/Keywords").startswith("economy, ")
    assert meta.get("/CreationDate") == "D:20250101000000Z"


def test_every_page_says_page_x_of_y(packs):
    reader = PdfReader(packs / "press.pdf")
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {total}" in page.extract_text()


def test_citation_marks_point_to_notes_naming_the_source(packs, briefs):
    brief = briefs["diplomatic"]
    text = pdf_text(packs / "diplomatic.pdf")
    notes = text[text.rindex("Sources") :]
    positions = [notes.index(f"“{words(ref.title)}”") for ref in brief.notes]
    assert positions == sorted(positions)
    assert len(brief.notes) == len(brief.sources)
    assert "https://www.gov.kz/memleket/entities/mfa/press/news/details/941854" in notes


def test_two_builds_in_different_processes_and_settings_give_identical_bytes(tmp_path):
    """Nothing of the process may leak into a pack: not the hash seed (set and dict order),
    the time zone, the locale, the output folder or the number of workers."""
    runs = [
        ("a", {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"}, "1"),
        ("b", {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Auckland", "LC_ALL": "C"}, "2"),
    ]
    digests = []
    for name, env, jobs in runs:
        out = tmp_path / name / "packs"
        command = [sys.executable, "-m", "briefgen", "build", str(SEEDS), "--out", str(out), "-j", jobs]
        command += ["--audience", "executive", "--format", "pdf,html"]
        result = subprocess.run(
            command, capture_output=True, text=True, env={**os.environ, **env}, check=False
        )
        assert result.returncode == 0, result.stderr
        digests.append(
            {
                path.name: hashlib.sha256(path.read_bytes()).hexdigest()
                for path in out.iterdir()
                if path.is_file() and not path.name.startswith(".")
            }
        )
    assert digests[0] == digests[1]
    assert sorted(digests[0]) == ["executive.html", "executive.pdf", "manifest.json"]


EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def embedded_fonts(path: Path) -> set[str]:
    """The fonts a PDF embeds, without the subset tag (ABCDEF+)."""
    names = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(font.get_object()["/BaseFont"].split("+", 1)[-1])
    return names


def test_a_machine_without_fonts_makes_the_same_pdfs(packs, tmp_path):
    """The theme ships its fonts: with fontconfig pointed at no font at all, the packs are
    byte for byte the ones a machine with fonts makes."""
    config = tmp_path / "fonts.conf"
    config.write_text(EMPTY_FONTCONFIG.format(cache=tmp_path / "cache"), encoding="utf-8")
    out = tmp_path / "bare"
    command = [sys.executable, "-m", "briefgen", "build", str(SEEDS), "--out", str(out)]
    command += ["--audience", "executive", "--audience", "diplomatic", "--format", "pdf"]
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "SOURCE_DATE_EPOCH": EPOCH}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    for audience in ("executive", "diplomatic"):
        assert (out / f"{audience}.pdf").read_bytes() == (packs / f"{audience}.pdf").read_bytes()


@pytest.mark.parametrize("audience", ["executive", "press", "diplomatic", "investor"])
def test_the_pdf_embeds_only_the_shipped_fonts(packs, audience):
    shipped = {
        "Briefgen-DejaVu-Serif",
        "Briefgen-DejaVu-Serif-Bold",
        "Briefgen-DejaVu-Serif-Italic",
        "Briefgen-DejaVu-Sans",
        "Briefgen-DejaVu-Sans-Bold",
    }
    fonts = embedded_fonts(packs / f"{audience}.pdf")
    assert {"Briefgen-DejaVu-Serif", "Briefgen-DejaVu-Sans-Bold"} <= fonts <= shipped


def test_the_shipped_fonts_come_with_their_licence():
    fonts = REPO_ROOT / "templates" / "fonts"
    assert sorted(p.name for p in fonts.glob("*.ttf")) == [
        "DejaVuSans-Bold.ttf",
        "DejaVuSans.ttf",
        "DejaVuSerif-Bold.ttf",
        "DejaVuSerif-Italic.ttf",
        "DejaVuSerif.ttf",
    ]
    licence = (fonts / "LICENSE").read_text(encoding="utf-8")
    assert "Bitstream Vera Fonts Copyright" in licence and "Arev Fonts Copyright" in licence


def test_hostile_source_text_prints_literally_and_fetches_nothing(tmp_path):
    source = tmp_path / "hostile.txt"
    source.write_text(
        "Hostile source\n\n"
        'A report listed 40 ships <script>alert(1)</script> and {{ 7*7 }} plus <img src="file:///etc/passwd"> '
        'and <img src="http://example.org/x.png"> in 2024.\n',
        encoding="utf-8",
    )
    analysis = analyse([tmp_path])
    (brief,) = compose_briefs(analysis, Theme(), ["diplomatic"], source_date_epoch=EPOCH)
    html = render_html(brief, Theme())
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "{{ 7*7 }}" in html and "49" not in html
    written = write_pdf(Pack(brief, html, Theme(), int(EPOCH)))
    assert written.warnings == ()
    pdf = written.data
    out = tmp_path / "hostile.pdf"
    out.write_bytes(pdf)
    text = pdf_text(out)
    assert "<script>alert(1)</script>" in text and "{{7*7}}" in text
    assert '<imgsrc="file:///etc/passwd">' in text


def test_the_fetcher_serves_theme_files_and_data_urls_only():
    fetcher = GuardedFetcher(Theme())
    css = (Theme().folders[0] / "print.css").resolve().as_uri()
    assert fetcher.allowed(css)
    assert fetcher.allowed("data:text/plain,hello")
    for url in ("file:///etc/passwd", "http://example.org/a.png", "https://example.org/", f"{css}/../../x"):
        assert not fetcher.allowed(url)
    with pytest.raises(ValueError, match="refuses"):
        fetcher.fetch("file:///etc/passwd")
    assert fetcher.refused == ["file:///etc/passwd"]


@pytest.mark.parametrize(
    ("template", "content", "message"),
    [
        (
            "brief.html",
            '{% extends "base.html" %}{% block body %}{% if %}{% endblock %}',
            "template syntax error",
        ),
        ("partials/cover.html", "<section><h1>{{ brief.no_such_field }}</h1></section>", "undefined name"),
        ("partials/cover.html", '{% include "partials/missing.html" %}', "template not found"),
    ],
)
def test_template_errors_exit_1_naming_file_and_line(tmp_path, template, content, message):
    (tmp_path / template).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / template).write_text(content)
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(SEEDS),
            "--templates",
            str(tmp_path),
            "--out",
            str(tmp_path / "out"),
            "--format",
            "html",
            "--audience",
            "press",
        ],
    )
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert f"{tmp_path / template}:1" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "press.html").exists()


def test_a_template_cannot_reach_python_internals(tmp_path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "cover.html").write_text(
        '<section><p>{{ cycler.__init__.__globals__.os.popen("id").read() }}</p></section>\n'
    )
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(SEEDS),
            "--templates",
            str(tmp_path),
            "--out",
            str(tmp_path / "out"),
            "--format",
            "html",
            "--audience",
            "press",
        ],
    )
    assert result.exit_code == 1
    assert f"{tmp_path / 'partials' / 'cover.html'}:1" in result.stderr
    assert not (tmp_path / "out" / "press.html").exists()


def test_a_theme_stylesheet_is_applied_and_what_it_asks_for_outside_the_theme_is_refused(tmp_path, packs):
    """print.css is parsed once per theme and shared by the packs; it still goes through the
    guarded fetcher, and a reference outside the theme is refused and reported."""
    shipped = (REPO_ROOT / "templates" / "print.css").read_text(encoding="utf-8")
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "print.css").write_text(
        '@import url("file:///etc/hosts");\n' + shipped + "\nh2 { text-transform: uppercase; }\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    report = build(
        BuildRequest(
            sources=(SEEDS,), out=out, templates=tmp_path / "theme", audiences=("press",), formats=("pdf",)
        )
    )
    assert "press.pdf: refused to fetch file:///etc/hosts" in report.warnings

    def text(path: Path) -> str:
        return " ".join(page.extract_text() for page in PdfReader(path).pages)

    assert "AT A GLANCE" in text(out / "press.pdf")
    assert "AT A GLANCE" not in text(packs / "press.pdf")


def laid_out_page(body: str):
    from briefgen.render.pdf import lay_out

    html = f'<!DOCTYPE html><html lang="en"><head><link rel="stylesheet" href="print.css"></head><body>{body}</body></html>'
    return lay_out(html, Theme())


def test_a_heading_left_at_the_foot_of_a_page_is_a_warning_naming_the_page():
    from briefgen.render.pdf import layout_warnings

    text = "<p>" + "A line of body text that fills the page. " * 40 + "</p>"
    forced = laid_out_page(f'{text}<h2>Stranded heading</h2><p style="break-before: page">{text}</p>')
    assert forced.pages == 2
    assert layout_warnings(forced) == [
        "page 1: the heading “Stranded heading” is left at the foot of the page"
    ]
    kept = laid_out_page(f"{text}<h2>Kept heading</h2>{text}")
    assert layout_warnings(kept) == []


def test_a_nearly_empty_last_page_is_a_warning_naming_the_page():
    from briefgen.render.pdf import layout_warnings

    text = "<p>" + "A line of body text that fills the page. " * 40 + "</p>"
    short = laid_out_page(f'{text}<p style="break-before: page">One last line.</p>')
    assert short.pages == 2
    (warning,) = layout_warnings(short)
    assert re.fullmatch(r"page 2: the last page is \d+% full", warning)
    full = laid_out_page(f'{text}<div style="break-before: page">{text * 4}</div>')
    assert layout_warnings(full) == []
    assert layout_warnings(laid_out_page("<p>One page, one line.</p>")) == []


def test_a_table_row_split_across_pages_is_a_warning_naming_the_page():
    from briefgen.render.pdf import layout_warnings

    text = "<p>" + "A line of body text that fills the page. " * 40 + "</p>"
    head = "<thead><tr><th>Name</th><th>Text</th></tr></thead>"
    long_row = (
        '<tr style="break-inside: auto"><td>Long row</td><td>' + "A cell of many lines. " * 60 + "</td></tr>"
    )
    split = laid_out_page(
        f"{text * 2}<table>{head}<tbody><tr><td>First</td><td>short</td></tr>{long_row}</tbody></table>"
    )
    assert split.pages == 2
    assert layout_warnings(split) == ["page 1: a table row (“Long row”) runs onto page 2"]
    kept = laid_out_page(
        f"{text * 2}<table>{head}<tbody>" + "<tr><td>Row</td><td>short</td></tr>" * 30 + "</tbody></table>"
    )
    assert kept.pages == 2
    assert layout_warnings(kept) == []


@pytest.mark.parametrize("audience", ["executive", "press", "diplomatic", "investor"])
def test_the_seed_packs_lay_out_without_layout_warnings(packs, briefs, audience):
    from briefgen.render import svg_images
    from briefgen.render.pdf import lay_out, layout_warnings

    html = (packs / f"{audience}.html").read_text(encoding="utf-8")
    laid_out = lay_out(html, Theme(), svg_images(briefs[audience], Theme()))
    assert laid_out.refused == []
    assert layout_warnings(laid_out) == []


def test_layout_warnings_come_up_as_the_pdf_writers_warnings(briefs):
    brief = briefs["executive"]
    html = render_html(brief, Theme()).replace(
        "</body>", '<p style="break-before: page">A line pushed to a page of its own.</p></body>'
    )
    written = write_pdf(Pack(brief, html, Theme(), int(EPOCH)))
    assert [w for w in written.warnings if "last page" in w] == ["page 3: the last page is 2% full"]


def test_key_figures_and_the_metrics_table_read_back_with_their_measures(packs):
    executive = pdf_text(packs / "executive.pdf")
    for row in (
        "$23 billion3 foreign direct investment (2023)",
        "exceeded 2.76 million tons3 Cargo transportation along [the Trans-Caspian International "
        "Transport Route] (2023)",
        "more than 40%1 world’s population (published 10 July 2024)",
    ):
        assert words(row) in executive
    investor = pdf_text(packs / "investor.pdf")
    assert words("Measure Value Unit Period Change Source") in investor
    series = (
        "exceeded 2.76 million tons (2023) → 4.2 million tons (this year [2024]) → 10 million tons (by 2030)2"
    )
    assert words(series) in investor
