"""The figures a pack draws: its key dates on a time axis and a series as a bar chart.

`pack_charts` says what each figure shows (plain data, its alt text made from the same data)
without drawing anything, so HTML is rendered without a plotting library; `drawn` draws a
chart with matplotlib, once per process for each distinct chart, as SVG for the PDF and as
PNG for the DOCX. Text is drawn as outlines of the theme's own font file and the SVG's ids
are salted with a constant, so the bytes depend on the data and the theme alone.

A build keeps its drawings in its cache folder (`keep_drawings_in`), named by a digest of
the chart's data, its style, the font file, this module's code and matplotlib's version: a
chart drawn by an earlier build is read back and matplotlib is not even imported.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.util
import io
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from briefgen.config import Theme
from briefgen.config.charts import ChartStyle, load_chart_style
from briefgen.model import Brief, KeyDate, Series, SeriesPoint

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


@dataclass(frozen=True)
class Drawn:
    svg: bytes
    png: bytes


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


DRAWN: dict[tuple[Chart, ChartStyle], Drawn] = {}
# The folder where drawings outlive the process (the build's cache folder), once a build names it.
KEPT_IN: list[Path] = []


def keep_drawings_in(folder: Path) -> None:
    KEPT_IN[:] = [folder]


def drawn(chart: Chart, style: ChartStyle) -> Drawn:
    """The chart's SVG and PNG, drawn the first time this process asks for them unless a
    build kept them."""
    key = (chart, style)
    if key not in DRAWN:
        DRAWN[key] = kept_or_drawn(chart, style)
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


def kept_or_drawn(chart: Chart, style: ChartStyle) -> Drawn:
    if not KEPT_IN:
        return draw(chart, style)
    base = KEPT_IN[0] / drawing_name(chart, style)
    svg, png = base.with_suffix(".svg"), base.with_suffix(".png")
    with contextlib.suppress(OSError):
        return Drawn(svg.read_bytes(), png.read_bytes())
    made = draw(chart, style)
    # A drawing that cannot be kept costs time next build, never correctness.
    with contextlib.suppress(OSError):
        keep(svg, made.svg)
        keep(png, made.png)
    return made


def keep(path: Path, data: bytes) -> None:
    """Write beside path and rename, so another build reads a whole drawing or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def pack_images(brief: Brief, theme: Theme) -> dict[str, Drawn]:
    """Each chart of a pack by its src, drawn (the writers' side of `pack_charts`)."""
    charts = pack_charts(brief, theme)
    if not charts:
        return {}
    style = load_chart_style(theme)
    return {chart.src: drawn(chart, style) for chart in charts.values()}


def draw(chart: Chart, style: ChartStyle) -> Drawn:
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
    return Drawn(svg.getvalue(), png.getvalue())


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
