"""The Word side of a theme: docx/styles.toml and docx/classes.toml, read and validated.

A user's templates folder overlays the shipped theme file by file, but these two files are
tables a user wants to extend, not copy: a user's file merges over the shipped one key by
key. Every problem in either file is reported at once, naming the file that set the key and
its line, as config.py does for the other theme files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from briefgen.config import Problems, Theme, read_toml
from briefgen.errors import ConfigError
from briefgen.render.docx.styles import (
    Border,
    Numbering,
    ParagraphProps,
    RunProps,
    StyleBook,
    StyleSpec,
    TableProps,
    WordStyles,
)

STYLES_FILE = "docx/styles.toml"
CLASSES_FILE = "docx/classes.toml"

KeyPath = tuple[str, ...]  # the keys leading to a value, as TOML nests them


@dataclass(frozen=True)
class StyleMap:
    """What the HTML's classes and tags turn into: Word style names and column widths."""

    classes: Mapping[str, str]  # "" for a class that only steers the walker
    headings: Mapping[str, str]
    inline: Mapping[str, str]
    column_widths: Mapping[str, float]
    table_widths: Mapping[str, tuple[float, ...]]
    compact: Mapping[str, str]  # style -> the style a compact pack (a short one) uses instead
    # (table, key) -> "file:line: table.key", for a problem's message: found when one is
    # reported, since searching every key's line up front costs a build ~15 ms. Not part of
    # what the map says (its repr keys the prepared base documents).
    origin: Callable[[tuple[str, str]], str] = field(repr=False, compare=False)


@dataclass(frozen=True)
class DocxTheme:
    styles: WordStyles
    style_map: StyleMap


def dotted(path: KeyPath) -> str:
    """A key as TOML writes it: bare where it can be, quoted where it must be."""
    return ".".join(part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else json.dumps(part) for part in path)


def _merge(
    target: dict[str, Any],
    layer: Mapping[str, Any],
    file: Problems,
    path: KeyPath,
    setters: dict[KeyPath, Problems],
) -> None:
    for key, value in layer.items():
        here = (*path, key)
        setters[here] = file
        if isinstance(value, dict):
            if not isinstance(target.get(key), dict):
                target[key] = {}
            _merge(target[key], value, file, here, setters)
        else:
            target[key] = value


class Layers:
    """One theme data file merged from every folder of the theme, the user's last, with the
    file that set each key, so that a problem names the file a user would edit."""

    def __init__(self, theme: Theme, name: str) -> None:
        theme.find(name)  # the shipped file is always there; this names the folders if not
        self.data: dict[str, Any] = {}
        self.setters: dict[KeyPath, Problems] = {}
        self.files: list[Problems] = []
        for folder in reversed(theme.folders):
            path = folder / name
            if path.is_file():
                data, problems = read_toml(path)
                self.files.append(problems)
                _merge(self.data, data, problems, (), self.setters)

    def file(self, path: KeyPath) -> Problems:
        for depth in range(len(path), 0, -1):
            if path[:depth] in self.setters:
                return self.setters[path[:depth]]
        return self.files[-1]

    def add(self, path: KeyPath, message: str) -> None:
        self.file(path).add(dotted(path), message)

    def origin(self, path: KeyPath) -> str:
        file = self.file(path)
        return f"{file.path}:{file.line(dotted(path))}: {dotted(path)}"

    def problems(self) -> list[str]:
        return [item for file in self.files for item in file.items]

    # value checks: each reports a problem and returns None for a value it cannot use ----------

    def table(self, path: KeyPath, value: Any, allowed: Iterable[str] | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.add(path, f"must be a table, not {type(value).__name__}")
            return {}
        if allowed is not None:
            allowed = tuple(allowed)
            for key in value:
                if key not in allowed:
                    self.add((*path, key), f"unknown key (expected one of: {', '.join(allowed)})")
        return value

    def string(self, path: KeyPath, value: Any, *, empty: bool = False) -> str | None:
        if not isinstance(value, str) or (not empty and not value.strip()):
            self.add(path, f"must be a{'' if empty else ' non-empty'} string, not {value!r}")
            return None
        return value

    def boolean(self, path: KeyPath, value: Any) -> bool | None:
        if not isinstance(value, bool):
            self.add(path, f"must be true or false, not {value!r}")
            return None
        return value

    def whole(self, path: KeyPath, value: Any, *, maximum: int | None = None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.add(path, f"must be a whole number of at least 0, not {value!r}")
            return None
        if maximum is not None and value > maximum:
            self.add(path, f"must be at most {maximum}, not {value}")
            return None
        return value

    def share(self, path: KeyPath, value: Any) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
            self.add(path, f"must be a share of the width, above 0 and at most 1, not {value!r}")
            return None
        return float(value)

    def choice(self, path: KeyPath, value: Any, allowed: tuple[str, ...]) -> str | None:
        if value not in allowed:
            self.add(path, f"must be one of: {', '.join(allowed)}, not {value!r}")
            return None
        return str(value)


# --- docx/styles.toml ----------------------------------------------------------------------

HEX = re.compile(r"[0-9A-Fa-f]{6}|auto")
KINDS = ("paragraph", "character", "table")
LEADERS = ("none", "dot", "hyphen", "underscore", "middleDot")
ALIGNMENTS = ("left", "center", "right", "both")
NUMBER_FORMATS = ("bullet", "decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman")
STYLE_KEYS = ("kind", "based_on", "style_id", "paragraph", "run", "table", "numbering")


@dataclass(frozen=True)
class Palette:
    """The theme's named fonts and colours, which styles refer to by name."""

    fonts: Mapping[str, str]
    colors: Mapping[str, str]


def _color(layers: Layers, palette: Palette, path: KeyPath, value: Any) -> str | None:
    if isinstance(value, str) and value in palette.colors:
        return palette.colors[value]
    if not isinstance(value, str) or not HEX.fullmatch(value):
        names = ", ".join(palette.colors)
        layers.add(path, f"must be a colour as RRGGBB or one of the [colors] ({names}), not {value!r}")
        return None
    return value.upper() if value != "auto" else value


def _font(layers: Layers, palette: Palette, path: KeyPath, value: Any) -> str | None:
    name = layers.string(path, value)
    return palette.fonts.get(name, name) if name is not None else None


def _border(layers: Layers, palette: Palette, path: KeyPath, value: Any) -> Border | None:
    table = layers.table(path, value, ("size", "color"))
    size = layers.whole((*path, "size"), table.get("size"), maximum=96)
    color = _color(layers, palette, (*path, "color"), table.get("color"))
    return Border(size, color) if size is not None and color is not None else None


def _size(layers: Layers, path: KeyPath, value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 1 <= value <= 1638:
        layers.add(path, f"must be a size in points, from 1 to 1638, not {value!r}")
        return None
    return value


def _padding(layers: Layers, path: KeyPath, value: Any) -> tuple[int, int, int, int] | None:
    if not isinstance(value, list) or len(value) != 4:
        layers.add(path, f"must be four margins in twips, [top, left, bottom, right], not {value!r}")
        return None
    margins = [layers.whole(path, margin) for margin in value]
    top, left, bottom, right = margins
    if top is None or left is None or bottom is None or right is None:
        return None
    return (top, left, bottom, right)


Field = Callable[[Layers, Palette, KeyPath, Any], Any]

RUN_FIELDS: dict[str, Field] = {
    "font": _font,
    "size": lambda layers, _, path, value: _size(layers, path, value),
    "bold": lambda layers, _, path, value: layers.boolean(path, value),
    "italic": lambda layers, _, path, value: layers.boolean(path, value),
    "caps": lambda layers, _, path, value: layers.boolean(path, value),
    "color": _color,
    "underline": lambda layers, _, path, value: layers.boolean(path, value),
    "superscript": lambda layers, _, path, value: layers.boolean(path, value),
}


def _twips(layers: Layers, _: Palette, path: KeyPath, value: Any) -> int | None:
    return layers.whole(path, value, maximum=31680)


PARAGRAPH_FIELDS: dict[str, Field] = {
    "keep_next": lambda layers, _, path, value: layers.boolean(path, value),
    "keep_lines": lambda layers, _, path, value: layers.boolean(path, value),
    "border_bottom": _border,
    "border_left": _border,
    "right_tab": lambda layers, _, path, value: layers.choice(path, value, LEADERS),
    "before": _twips,
    "after": _twips,
    "line": _twips,
    "left": _twips,
    "hanging": _twips,
    "align": lambda layers, _, path, value: layers.choice(path, value, ALIGNMENTS),
    "outline": lambda layers, _, path, value: layers.whole(path, value, maximum=9),
}

TABLE_FIELDS: dict[str, Field] = {
    "rules": _border,
    "header_rule": _border,
    "edge": _border,
    "padding": lambda layers, _, path, value: _padding(layers, path, value),
    "fill": _color,
}


def _props(
    layers: Layers, palette: Palette, path: KeyPath, value: Any, fields: Mapping[str, Field]
) -> dict[str, Any]:
    """The arguments of a properties dataclass, each checked by its field's reader."""
    table = layers.table(path, value, fields)
    found = {key: fields[key](layers, palette, (*path, key), table[key]) for key in fields if key in table}
    return {key: parsed for key, parsed in found.items() if parsed is not None}


def _numbering(layers: Layers, path: KeyPath, value: Any) -> Numbering | None:
    table = layers.table(path, value, ("format", "text"))
    number_format = layers.choice((*path, "format"), table.get("format"), NUMBER_FORMATS)
    text = layers.string((*path, "text"), table.get("text"))
    return Numbering(number_format, text) if number_format and text else None


def _style(layers: Layers, palette: Palette, name: str, value: Any) -> StyleSpec:
    path = ("styles", name)
    table = layers.table(path, value, STYLE_KEYS)
    kind = layers.choice((*path, "kind"), table.get("kind", "paragraph"), KINDS) or "paragraph"
    for key, kinds in (("paragraph", ("paragraph",)), ("numbering", ("paragraph",)), ("table", ("table",))):
        if key in table and kind not in kinds:
            layers.add(
                (*path, key), f"only a {' or '.join(kinds)} style has {key} settings, not a {kind} style"
            )
    style_id = table.get("style_id")
    if style_id is not None and not (
        isinstance(style_id, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", style_id)
    ):
        layers.add((*path, "style_id"), f"must be letters and digits, such as Heading1, not {style_id!r}")
        style_id = None
    based_on = table.get("based_on")
    if based_on is not None:
        based_on = layers.string((*path, "based_on"), based_on)
    return StyleSpec(
        name=name,
        kind=kind,
        based_on=based_on,
        style_id=style_id,
        paragraph=ParagraphProps(
            **_props(layers, palette, (*path, "paragraph"), table.get("paragraph", {}), PARAGRAPH_FIELDS)
        ),
        run=RunProps(**_props(layers, palette, (*path, "run"), table.get("run", {}), RUN_FIELDS)),
        table=TableProps(**_props(layers, palette, (*path, "table"), table.get("table", {}), TABLE_FIELDS)),
        numbering=_numbering(layers, (*path, "numbering"), table["numbering"])
        if "numbering" in table
        else None,
    )


def bases_first(layers: Layers, specs: Iterable[StyleSpec]) -> tuple[StyleSpec, ...]:
    """The styles in file order, except that a style comes after the one it is based on,
    which a user's added style may well be."""
    by_name = {spec.name.lower(): spec for spec in specs}
    ordered: dict[str, StyleSpec] = {}
    visiting: set[str] = set()

    def visit(spec: StyleSpec) -> None:
        key = spec.name.lower()
        if key in ordered or key in visiting:
            if key in visiting:
                layers.add(("styles", spec.name, "based_on"), "styles are based on each other in a circle")
            return
        visiting.add(key)
        base = by_name.get((spec.based_on or "").lower())
        if base is not None:
            visit(base)
        visiting.discard(key)
        ordered[key] = spec

    for spec in by_name.values():
        visit(spec)
    return tuple(ordered.values())


def read_styles(theme: Theme) -> tuple[WordStyles, list[str]]:
    layers = Layers(theme, STYLES_FILE)
    data = layers.table((), layers.data, ("fonts", "colors", "defaults", "styles"))
    fonts = layers.table(("fonts",), data.get("fonts", {}))
    colors = layers.table(("colors",), data.get("colors", {}))
    for name, value in fonts.items():
        layers.string(("fonts", name), value)
    for name, value in colors.items():
        if not isinstance(value, str) or not HEX.fullmatch(value):
            layers.add(("colors", name), f"must be a colour as RRGGBB, not {value!r}")
    palette = Palette(
        fonts={k: v for k, v in fonts.items() if isinstance(v, str)},
        colors={k: v.upper() for k, v in colors.items() if isinstance(v, str) and HEX.fullmatch(v)},
    )
    defaults = layers.table(("defaults",), data.get("defaults", {}), ("run", "paragraph"))
    styles_table = layers.table(("styles",), data.get("styles", {}))
    seen: dict[str, str] = {}
    for name in styles_table:
        if name.lower() in seen:
            layers.add(
                ("styles", name), f'same name as "{seen[name.lower()]}": Word ignores case in style names'
            )
        seen.setdefault(name.lower(), name)
    specs = [_style(layers, palette, name, value) for name, value in styles_table.items()]
    styles = WordStyles(
        styles=bases_first(layers, specs),
        run_defaults=RunProps(
            **_props(layers, palette, ("defaults", "run"), defaults.get("run", {}), RUN_FIELDS)
        ),
        paragraph_defaults=ParagraphProps(
            **_props(
                layers, palette, ("defaults", "paragraph"), defaults.get("paragraph", {}), PARAGRAPH_FIELDS
            )
        ),
    )
    return styles, layers.problems()


# --- docx/classes.toml ---------------------------------------------------------------------

HEADING_TAGS = ("h1", "h2", "h3")
STYLED_INLINE_TAGS = ("strong", "em", "cite", "sup")


def _names(
    layers: Layers, table_name: str, value: Any, *, keys: tuple[str, ...] | None, empty: bool
) -> dict[str, str]:
    table = layers.table((table_name,), value, keys)
    found = {key: layers.string((table_name, key), style, empty=empty) for key, style in table.items()}
    return {key: style for key, style in found.items() if style is not None}


def read_style_map(theme: Theme) -> tuple[StyleMap, list[str]]:
    layers = Layers(theme, CLASSES_FILE)
    data = layers.table(
        (), layers.data, ("classes", "headings", "inline", "column_widths", "table_widths", "compact")
    )
    classes = _names(layers, "classes", data.get("classes", {}), keys=None, empty=True)
    headings = _names(layers, "headings", data.get("headings", {}), keys=HEADING_TAGS, empty=False)
    for tag in HEADING_TAGS:
        if tag not in headings and ("headings", tag) not in layers.setters:
            layers.add(("headings",), f"must name a style for {tag}")
    inline = _names(layers, "inline", data.get("inline", {}), keys=STYLED_INLINE_TAGS, empty=False)
    column_widths: dict[str, float] = {}
    for name, value in layers.table(("column_widths",), data.get("column_widths", {})).items():
        share = layers.share(("column_widths", name), value)
        if share is not None:
            column_widths[name] = share
    table_widths: dict[str, tuple[float, ...]] = {}
    for name, value in layers.table(("table_widths",), data.get("table_widths", {})).items():
        path = ("table_widths", name)
        if not isinstance(value, list) or not value:
            layers.add(path, f"must be a list of each column's share of the width, not {value!r}")
            continue
        shares = [layers.share(path, share) for share in value]
        if all(share is not None for share in shares):
            if sum(share or 0 for share in shares) > 1 + 1e-9:
                layers.add(path, f"the shares add up to more than the width: {value}")
            else:
                table_widths[name] = tuple(share or 0 for share in shares)
    compact = _names(layers, "compact", data.get("compact", {}), keys=None, empty=False)
    style_map = StyleMap(classes, headings, inline, column_widths, table_widths, compact, layers.origin)
    return style_map, layers.problems()


# Read once per process for each state of a theme's two files (the build checks the theme,
# then writes each pack with it; `serve` sees an edited file as a new state).
LOADED: dict[tuple[Theme, tuple[bytes | None, ...]], DocxTheme] = {}


def load_docx_theme(theme: Theme) -> DocxTheme:
    """Both files, with every problem in either reported at once."""
    paths = (folder / name for folder in theme.folders for name in (STYLES_FILE, CLASSES_FILE))
    key = (theme, tuple(path.read_bytes() if path.is_file() else None for path in paths))
    if key not in LOADED:
        styles, style_problems = read_styles(theme)
        style_map, map_problems = read_style_map(theme)
        if style_problems or map_problems:
            raise ConfigError(style_problems + map_problems)
        LOADED[key] = DocxTheme(styles, style_map)
    return LOADED[key]


def check_mapped_styles(style_map: StyleMap, book: StyleBook) -> None:
    """Every style the class map names exists, from docx/styles.toml or the reference document."""
    missing = [
        f"{style_map.origin((table, key))}: no style named “{style}” "
        f"in {STYLES_FILE} or the reference document"
        for table, names in (
            ("classes", style_map.classes),
            ("headings", style_map.headings),
            ("inline", style_map.inline),
            ("compact", style_map.compact),
        )
        for key, style in names.items()
        if style and book.find(style) is None
    ]
    if missing:
        raise ConfigError(missing)
