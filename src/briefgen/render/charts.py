"""The figures a pack draws: its key dates on a time axis and a series as a bar chart.

`pack_charts` says what each figure shows (plain data, its alt text made from the same data)
without drawing anything, so HTML is rendered without a plotting library; `drawn` draws a
chart with matplotlib, once per process for each distinct chart and format, as SVG for the
PDF and as PNG for the DOCX. Text is drawn as outlines of the theme's own font file and the SVG's ids
are salted with a constant, so the bytes depend on the data and the theme alone.

A build keeps its drawings in its cache folder (`keep_drawings_in`, with the store that
`build.drawings` reads and writes), named by a digest of
the chart's data, its style, the font file, this module's code and matplotlib's version: a
chart drawn by an earlier build is read back and matplotlib is not even imported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from briefgen.config import Theme
from briefgen.config.charts import ChartStyle, load_chart_style
from briefgen.model import Brief, KeyDate, Series, SeriesPoint
from briefgen.render.collector import collector_paused

SCHEME = "chart:"
MM_PER_INCH = 25.4
# A timeline needs two dates to be a line; one date is a sentence.
MIN_TIMELINE_DATES = 2


@dataclass(frozen=True)
class Event:
    """One row of a timeline: the date as the pack prints it and the days it covers."""

    label: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Bar:
    """One bar of a series chart: its year as printed, the value as printed, and the number."""

    label: str
    value_text: str
    value: float
    status: str


@dataclass(frozen=True)
class Chart:
    """A figure of a pack: the name its <img src> gives, its alt text and what it draws."""

    name: str
    alt: str
    events: tuple[Event, ...] = ()
    bars: tuple[Bar, ...] = ()

    @property
    def src(self) -> str:
        return f"{SCHEME}{self.name}"


def date_text(key_date: KeyDate) -> str:
    return f"{key_date.when} [{key_date.inserted_year}]" if key_date.inserted_year else key_date.when


def when_text(point: SeriesPoint) -> str:
    return f"{point.when} [{point.year}]" if point.inserted_year else point.when


def timeline_chart(key_dates: tuple[KeyDate, ...], style: ChartStyle) -> Chart:
    events = tuple(Event(date_text(k), k.start, k.end) for k in key_dates)
    alt = f"{style.label('timeline')}: " + "; ".join(event.label for event in events) + "."
    return Chart("timeline", alt, events=events)


def bar_label(point: SeriesPoint, style: ChartStyle) -> str:
    when = when_text(point)
    return when if point.status == "reported" else f"{when} ({style.label(point.status)})"


def series_chart(series: Series, index: int, style: ChartStyle) -> Chart:
    bars = tuple(
        Bar(bar_label(p, style), p.value.text, p.value.value or 0.0, p.status) for p in series.points
    )
    values = "; ".join(
        f"{when_text(p)}: {p.value.text}" + ("" if p.status == "reported" else f", {style.label(p.status)}")
        for p in series.points
    )
    measure = series.shown_measure or series.unit
    return Chart(f"series-{index}", f"{style.label('series')}: {measure}: {values}.", bars=bars)


def pack_charts(brief: Brief, theme: Theme) -> dict[str, Chart]:
    """The charts a pack's profile asks for and its data can fill, by name."""
    if not brief.charts:
        return {}
    style = load_chart_style(theme)
    charts: dict[str, Chart] = {}
    if "timeline" in brief.charts and len(brief.key_dates) >= MIN_TIMELINE_DATES:
        charts["timeline"] = timeline_chart(brief.key_dates, style)
    if "series" in brief.charts:
        for index, series in enumerate(brief.series, start=1):
            chart = series_chart(series, index, style)
            charts[chart.name] = chart
    return charts


class DrawingStore(Protocol):
    """Where drawings outlive the process, by name: the build's cache folder (its reading
    and writing are the build's, `build.drawings`). A drawing that cannot be kept or read
    back is drawn again; `read` gives None then."""

    def read(self, name: str) -> bytes | None: ...

    def write(self, name: str, data: bytes) -> None: ...


# The store a build names, once it names one.
STORES: list[DrawingStore] = []


def keep_drawings_in(store: DrawingStore) -> None:
    STORES[:] = [store]


# Each format is drawn on its own, when a writer first asks for it: a PDF-only build never
# renders a PNG (nor loads the raster backend), a DOCX-only one never writes an SVG.
DRAWN: dict[tuple[Chart, ChartStyle, str], bytes] = {}


def drawn(chart: Chart, style: ChartStyle, kind: str) -> bytes:
    """The chart as SVG or PNG, drawn the first time this process asks for it unless a build
    kept it."""
    key = (chart, style, kind)
    if key not in DRAWN:
        DRAWN[key] = kept_or_drawn(chart, style, kind)
    return DRAWN[key]


@cache
def drawing_code() -> bytes:
    """This module's code and matplotlib's version, without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    version = Path(spec.origin).with_name("_version.py") if spec and spec.origin else None
    if version is None or not version.is_file():
        from importlib.metadata import version as installed

        stamp = installed("matplotlib").encode()
    else:
        stamp = version.read_bytes()
    return Path(__file__).read_bytes() + b"\0" + stamp


def drawing_name(chart: Chart, style: ChartStyle) -> str:
    digest = hashlib.sha256(repr((chart, style)).encode("utf-8"))
    digest.update(b"\0" + style.font.read_bytes() + b"\0" + drawing_code())
    return f"chart-{digest.hexdigest()[:32]}"


def kept_or_drawn(chart: Chart, style: ChartStyle, kind: str) -> bytes:
    if not STORES:
        return draw(chart, style, kind)
    name = f"{drawing_name(chart, style)}.{kind}"
    kept = STORES[0].read(name)
    if kept is not None:
        return kept
    made = draw(chart, style, kind)
    STORES[0].write(name, made)
    return made


def pack_images(brief: Brief, theme: Theme, kind: str) -> dict[str, bytes]:
    """Each chart of a pack by its src, drawn as `kind` (the writers' side of `pack_charts`)."""
    charts = pack_charts(brief, theme)
    if not charts:
        return {}
    style = load_chart_style(theme)
    return {chart.src: drawn(chart, style, kind) for chart in charts.values()}


def draw(chart: Chart, style: ChartStyle, kind: str) -> bytes:
    """The chart drawn on a figure of its own as SVG (for the PDF) or PNG (for the DOCX)."""
    with collector_paused():
        return draw_figure(chart, style, kind)


def draw_figure(chart: Chart, style: ChartStyle, kind: str) -> bytes:
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
        out = io.BytesIO()
        if kind == "svg":
            figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
        else:
            figure.savefig(out, format="png", dpi=style.png_dpi, metadata={"Software": None})
    return out.getvalue()


ROW_INCHES = 0.24
AXIS_INCHES = 0.32
# The share of a point size one character of a label takes, to leave room for the labels.
CHARACTER_WIDTH = 0.56


def label_margin(labels: list[str], style: ChartStyle, width: float) -> float:
    """The share of the figure's width the longest row label needs, left of the axis."""
    longest = max((len(label) for label in labels), default=0)
    return min(0.6, (longest * style.font_size * CHARACTER_WIDTH / 72 + 0.15) / width)


def plain_axes(axes: Any, style: ChartStyle) -> None:
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_color(style.colour("muted"))
    axes.tick_params(colors=style.colour("muted"), length=2, labelcolor=style.colour("ink"))


def draw_timeline(figure: Any, events: tuple[Event, ...], style: ChartStyle, font: Any) -> None:
    """One row per key date, oldest at the top: a dot for a day, a bar for a longer span,
    the date as printed beside its row, years along the axis."""
    width, height = figure.get_figwidth(), ROW_INCHES * len(events) + AXIS_INCHES
    figure.set_figheight(height)
    left = label_margin([event.label for event in events], style, width)
    axes = figure.add_axes((left, AXIS_INCHES * 0.7 / height, 0.97 - left, 1 - AXIS_INCHES / height))
    colour = style.colour("event")
    rows = range(len(events) - 1, -1, -1)
    for row, event in zip(rows, events, strict=True):
        start, end = event.start.toordinal(), event.end.toordinal() + 1
        if end - start <= 31:
            axes.plot([start + (end - start) / 2], [row], "o", color=colour, markersize=4)
        else:
            axes.barh([row], [end - start], left=[start], height=0.45, color=colour)
    first = min(event.start for event in events).year
    last = max(event.end for event in events).year + 1
    years = range(first, last + 1)
    axes.set_xlim(dt.date(first, 1, 1).toordinal() - 20, dt.date(last, 1, 1).toordinal() + 20)
    axes.set_xticks([dt.date(year, 1, 1).toordinal() for year in years])
    axes.set_xticklabels([str(year) for year in years], fontproperties=font)
    axes.set_yticks(list(rows))
    axes.set_yticklabels([event.label for event in events], fontproperties=font)
    axes.set_ylim(-0.6, len(events) - 0.4)
    axes.grid(axis="x", color=style.colour("muted"), linewidth=0.3, alpha=0.5)
    axes.set_axisbelow(True)
    plain_axes(axes, style)


def draw_bars(figure: Any, bars: tuple[Bar, ...], style: ChartStyle, font: Any) -> None:
    """One horizontal bar per year, oldest at the top, its length the value and the value as
    the source prints it at its end; a forecast in a lighter fill, a target as an outline."""
    width, height = figure.get_figwidth(), ROW_INCHES * 1.3 * len(bars) + 0.12
    figure.set_figheight(height)
    left = label_margin([bar.label for bar in bars], style, width)
    axes = figure.add_axes((left, 0.06 / height, 0.97 - left, 1 - 0.12 / height))
    ink = style.colour("ink")
    longest = max(bar.value for bar in bars)
    rows = range(len(bars) - 1, -1, -1)
    for row, bar in zip(rows, bars, strict=True):
        axes.barh(
            [row], [bar.value], height=0.6, color=style.colour(bar.status), edgecolor=ink, linewidth=0.6
        )
        axes.text(
            bar.value + longest * 0.01, row, bar.value_text, va="center", color=ink, fontproperties=font
        )
    axes.set_xlim(0, longest * 1.45)
    axes.set_xticks([])
    axes.set_yticks(list(rows))
    axes.set_yticklabels([bar.label for bar in bars], fontproperties=font)
    axes.set_ylim(-0.6, len(bars) - 0.4)
    plain_axes(axes, style)
    axes.spines["bottom"].set_visible(False)
