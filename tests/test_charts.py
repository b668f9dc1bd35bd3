"""The timeline and the series chart: drawn from the pack's data with the theme's font and
colours, the same bytes every time, SVG in the PDF and PNG at print resolution in the DOCX,
each with alt text made from the data it shows."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import lxml.etree
import pypdf
import pytest
from PIL import Image

from briefgen import render
from briefgen.analysis import analyse
from briefgen.build.drawings import DrawingFolder
from briefgen.compose import compose_briefs
from briefgen.config import Settings, Theme
from briefgen.config.charts import load_chart_style
from briefgen.errors import ConfigError
from briefgen.render.charts import (
    MM_PER_INCH,
    STORES,
    draw,
    draw_bars,
    draw_timeline,
    keep_drawings_in,
    kept_or_drawn,
    pack_charts,
)
from briefgen.render.html import render_html

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EPOCH = 1740096000
EMU_PER_INCH = 914400
TIMELINE_ALT = (
    "Timeline: July 4, 2023; July 5, 2023 to June 2024; 2024-2025; June 2024; July 3 [2024]; 2025-2027."
)
SERIES_ALT = (
    "Bar chart: Cargo transportation along [the Trans-Caspian International Transport Route]: "
    "2023: exceeded 2.76 million tons; this year [2024]: 4.2 million tons, forecast; "
    "by 2030: 10 million tons, target."
)


@pytest.fixture(scope="module")
def press():
    analysis = analyse([SEEDS])
    (brief,) = compose_briefs(analysis, Theme(), ["press"], settings=Settings(), source_date_epoch=str(EPOCH))
    return brief


@pytest.fixture(scope="module")
def written(press):
    pack = render.Pack(press, render_html(press, Theme()), Theme(), EPOCH)
    return render.WRITERS["pdf"](pack).data, render.WRITERS["docx"](pack).data


def test_the_press_pack_charts_its_key_dates_and_the_cargo_series(press):
    charts = pack_charts(press, Theme())
    assert sorted(charts) == ["series-1", "timeline"]
    assert charts["timeline"].alt == TIMELINE_ALT
    assert charts["series-1"].alt == SERIES_ALT
    assert [(bar.label, bar.value_text) for bar in charts["series-1"].bars] == [
        ("2023", "exceeded 2.76 million tons"),
        ("this year [2024] (forecast)", "4.2 million tons"),
        ("by 2030 (target)", "10 million tons"),
    ]


def test_a_pack_whose_profile_draws_nothing_has_no_chart(press):
    assert pack_charts(replace(press, charts=()), Theme()) == {}
    assert pack_charts(replace(press, charts=("timeline",), key_dates=press.key_dates[:1]), Theme()) == {}


def test_a_chart_is_the_same_bytes_drawn_twice_and_in_another_process(press):
    style = load_chart_style(Theme())
    charts = pack_charts(press, Theme())
    first = [draw(charts["timeline"], style, kind) for kind in ("svg", "png")]
    assert first == [draw(charts["timeline"], style, kind) for kind in ("svg", "png")]
    script = (
        "import sys, hashlib\n"
        "from pathlib import Path\n"
        "from briefgen.analysis import analyse\n"
        "from briefgen.compose import compose_briefs\n"
        "from briefgen.config import Settings, Theme\n"
        "from briefgen.config.charts import load_chart_style\n"
        "from briefgen.render.charts import draw, pack_charts\n"
        f"(b,) = compose_briefs(analyse([Path({str(SEEDS)!r})]), Theme(), ['press'], settings=Settings(),"
        f" source_date_epoch='{EPOCH}')\n"
        "c = pack_charts(b, Theme())['timeline']\n"
        "print(*(hashlib.sha256(draw(c, load_chart_style(Theme()), k)).hexdigest() for k in ('svg', 'png')))\n"
    )
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert other.stdout.split() == [hashlib.sha256(drawing).hexdigest() for drawing in first]


def test_the_svg_draws_its_text_as_outlines_and_carries_no_date(press):
    svg = draw(pack_charts(press, Theme())["series-1"], load_chart_style(Theme()), "svg")
    root = lxml.etree.fromstring(svg)
    assert root.findall(".//{http://www.w3.org/2000/svg}text") == []
    assert b"<dc:date>" not in svg
    assert b"#8fa9c4" in svg  # the forecast's fill from charts.toml


def test_a_theme_recolours_the_charts_and_a_bad_colour_is_reported_with_its_line(press, tmp_path):
    (tmp_path / "charts.toml").write_text('[colours]\nforecast = "#ff0000"\n', encoding="utf-8")
    theme = Theme.with_overlay(tmp_path)
    svg = draw(pack_charts(press, theme)["series-1"], load_chart_style(theme), "svg")
    assert b"#ff0000" in svg and b"#8fa9c4" not in svg
    (tmp_path / "charts.toml").write_text('png_dpi = 90\n[colours]\nink = "navy"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as failure:
        load_chart_style(theme)
    assert list(failure.value.problems) == [
        f"{tmp_path / 'charts.toml'}:1: png_dpi: must be at least 200, not 90",
        f"{tmp_path / 'charts.toml'}:3: colours.ink: must be a colour such as \"#16324f\", not 'navy'",
    ]


def test_the_pdf_tags_both_charts_as_figures_with_their_alt_text(written):
    reader = pypdf.PdfReader(io.BytesIO(written[0]))
    alts = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, pypdf.generic.DictionaryObject):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt")))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert alts == [SERIES_ALT, TIMELINE_ALT]


def test_the_docx_holds_each_chart_as_a_png_at_print_resolution_described_by_its_alt_text(written):
    with zipfile.ZipFile(io.BytesIO(written[1])) as package:
        body = lxml.etree.fromstring(package.read("word/document.xml"))
        relations = lxml.etree.fromstring(package.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in relations}
        ns = {
            "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
            "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
            "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        }
        found = []
        for inline in body.iterfind(".//wp:inline", ns):
            alt = inline.find("wp:docPr", ns).get("descr")
            width_inches = int(inline.find("wp:extent", ns).get("cx")) / EMU_PER_INCH
            blip = inline.find(".//a:blip", ns).get(f"{{{ns['r']}}}embed")
            image = Image.open(io.BytesIO(package.read(f"word/{targets[blip]}")))
            found.append((alt, image.format, image.width / width_inches >= 200))
    assert found == [(SERIES_ALT, "PNG", True), (TIMELINE_ALT, "PNG", True)]


def test_a_pack_with_one_key_date_shows_its_table_and_no_timeline(press):
    html = render_html(replace(press, key_dates=press.key_dates[:1]), Theme())
    assert 'id="key-dates"' in html
    assert "chart:timeline" not in html
    assert 'src="chart:series-1"' in html


KEPT_SCRIPT = (
    "import sys, hashlib\n"
    "from pathlib import Path\n"
    "from briefgen.analysis import analyse\n"
    "from briefgen.compose import compose_briefs\n"
    "from briefgen.config import Settings, Theme\n"
    "from briefgen.build.drawings import DrawingFolder\n"
    "from briefgen.render.charts import keep_drawings_in, pack_images\n"
    f"(b,) = compose_briefs(analyse([Path({str(SEEDS)!r})]), Theme(), ['press'], settings=Settings(),"
    f" source_date_epoch='{EPOCH}')\n"
    "keep_drawings_in(DrawingFolder(Path(sys.argv[1])))\n"
    "svgs, pngs = pack_images(b, Theme(), 'svg'), pack_images(b, Theme(), 'png')\n"
    "print('matplotlib' in sys.modules)\n"
    "for src in sorted(svgs):\n"
    "    print(src, hashlib.sha256(svgs[src]).hexdigest(), hashlib.sha256(pngs[src]).hexdigest())\n"
)


def test_a_kept_chart_is_read_back_without_importing_matplotlib_and_a_changed_one_is_drawn(press, tmp_path):
    def run() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", KEPT_SCRIPT, str(tmp_path)], capture_output=True, text=True, check=True
        )
        return done.stdout.splitlines()

    first, second = run(), run()
    assert first[0] == "True"
    assert second == ["False", *first[1:]]
    style = load_chart_style(Theme())
    charts = pack_charts(press, Theme())
    timeline = draw(charts["timeline"], style, "svg")
    assert f"chart:timeline {hashlib.sha256(timeline).hexdigest()}" in " ".join(first)
    assert len(list(tmp_path.glob("chart-*.svg"))) == len(list(tmp_path.glob("chart-*.png"))) == 2

    changed = replace(charts["series-1"], bars=charts["series-1"].bars[:2])
    keep_drawings_in(DrawingFolder(tmp_path))
    try:
        redrawn = kept_or_drawn(changed, style, "svg")
    finally:
        STORES.clear()
    assert redrawn == draw(changed, style, "svg")
    assert len(list(tmp_path.glob("chart-*.svg"))) == 3


def both_from_one_figure(chart, style) -> tuple[bytes, bytes]:
    """The reference: the SVG and then the PNG saved from one figure, as charts were drawn
    before each format was drawn on its own (so that a PDF-only build renders no PNG)."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=str(style.font), size=style.font_size)
    with matplotlib.rc_context({"svg.hashsalt": "briefgen", "svg.fonttype": "path", "path.simplify": False}):
        figure = Figure(figsize=(style.width_mm / MM_PER_INCH, 1.0))
        if chart.events:
            draw_timeline(figure, chart.events, style, font)
        else:
            draw_bars(figure, chart.bars, style, font)
        svg, png = io.BytesIO(), io.BytesIO()
        figure.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        figure.savefig(png, format="png", dpi=style.png_dpi, metadata={"Software": None})
    return svg.getvalue(), png.getvalue()


def test_each_format_drawn_on_its_own_is_what_one_figure_saved_as_both_gives(press):
    style = load_chart_style(Theme())
    charts = pack_charts(press, Theme())
    timeline, series = charts["timeline"], charts["series-1"]
    varied = [
        timeline,
        series,
        replace(timeline, events=timeline.events[:2]),
        replace(timeline, events=timeline.events[::-1]),
        replace(series, bars=series.bars[:1]),
        replace(series, bars=tuple(replace(bar, value=bar.value * 7.5) for bar in series.bars)),
    ]
    for chart in varied:
        assert (draw(chart, style, "svg"), draw(chart, style, "png")) == both_from_one_figure(chart, style)
