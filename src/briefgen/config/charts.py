"""The theme's chart style (templates/charts.toml): font, size, colours and the words the
charts print ("forecast", "target"), so a theme restyles both formats' figures as data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.config.schema import Colour, Number, Schema, Table, Text, read_toml, validate
from briefgen.config.theme import Theme

CHARTS_FILE = "charts.toml"

COLOURS: Schema = {
    "ink": Colour(default="#16324f"),
    "muted": Colour(default="#6b7785"),
    "reported": Colour(default="#16324f"),
    "forecast": Colour(default="#8fa9c4"),
    "target": Colour(default="#ffffff"),
    "event": Colour(default="#16324f"),
}
LABELS: Schema = {
    "reported": Text(default="reported"),
    "forecast": Text(default="forecast"),
    "target": Text(default="target"),
    "timeline": Text(default="Timeline"),
    "series": Text(default="Bar chart"),
}
CHART_STYLE: Schema = {
    "font": Text(default="fonts/DejaVuSans.ttf"),
    "font_size": Number(default=8.5, minimum=5, maximum=14),
    "width": Number(default=160, minimum=40, maximum=400),
    "png_dpi": Number(default=220, minimum=200, maximum=600),
    "colours": Table(default={}, schema=COLOURS, example='{ ink = "#16324f" }'),
    "labels": Table(default={}, schema=LABELS, example='{ forecast = "forecast" }'),
}


@dataclass(frozen=True)
class ChartStyle:
    """How the charts look: the font file (a theme path), sizes, colours and labels."""

    font: Path
    font_size: float
    width_mm: float
    png_dpi: float
    colours: tuple[tuple[str, str], ...]
    labels: tuple[tuple[str, str], ...]

    def colour(self, name: str) -> str:
        return dict(self.colours)[name]

    def label(self, name: str) -> str:
        return dict(self.labels)[name]


def load_chart_style(theme: Theme) -> ChartStyle:
    """The theme's charts.toml, every problem reported at once; the font must be a theme file."""
    path = theme.find(CHARTS_FILE)
    data, problems = read_toml(path)
    values = validate(problems, data, CHART_STYLE)
    colours = {**{k: f.default for k, f in COLOURS.items()}, **values["colours"]}
    labels = {**{k: f.default for k, f in LABELS.items()}, **values["labels"]}
    font = next(
        (
            candidate
            for folder in theme.folders
            if (candidate := (folder / values["font"]).resolve()).is_relative_to(folder.resolve())
            and candidate.is_file()
        ),
        None,
    )
    if font is None:
        problems.add("font", f"{values['font']!r} is not a font file in the theme's folders")
    problems.raise_if_any()
    return ChartStyle(
        font=font or Path(),
        font_size=values["font_size"],
        width_mm=values["width"],
        png_dpi=values["png_dpi"],
        colours=tuple(colours.items()),
        labels=tuple(labels.items()),
    )
