"""Brief -> HTML through the theme's Jinja2 templates: the one layout both formats share.

Autoescaping is always on and undefined names are errors, so a source containing
`<script>` or `{{ 7*7 }}` prints literally and a template typo fails the build.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefgen.config import Theme
from briefgen.errors import CheckFailed
from briefgen.model import Brief, BriefItem, Figure, SourceRef
from briefgen.render.charts import pack_charts
from briefgen.render.vocabulary import check_vocabulary, parse_html


def _where(error: BaseException) -> str:
    """file:line of the innermost template frame, from Jinja's rewritten traceback."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".html")]
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return f"{error.filename}:{error.lineno}"
    if frames:
        return f"{frames[-1].filename}:{frames[-1].lineno}"
    return "template"


def long_date(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "undated"


def note_text(ref: SourceRef) -> str:
    """A note's citation as plain text; the template adds the link."""
    parts = [
        f"“{ref.title}”" if ref.title else ref.id,
        ref.publisher or "publisher not stated",
        long_date(ref.date),
    ]
    return ", ".join(parts)


def measured_figures(items: Sequence[BriefItem]) -> list[tuple[Figure, BriefItem]]:
    """Amounts with a unit (not dates or years), each with the item that states it."""
    return [(figure, item) for item in items for figure in item.figures if figure.is_amount]


def source_dates(sources: Sequence[SourceRef]) -> list[dt.date]:
    """The sources' dates, earliest first."""
    return sorted(source.date for source in sources if source.date)


def publishers_named(sources: Sequence[SourceRef]) -> list[str]:
    """Each publisher the sources name, in their order, once whatever its case (as Jinja's
    `unique` filter keeps the first)."""
    seen: dict[str, str] = {}
    for source in sources:
        if source.publisher:
            seen.setdefault(source.publisher.lower(), source.publisher)
    return list(seen.values())


def class_name(name: str) -> str:
    """A name (an audience's file name may hold spaces and '<b>&amp;') as one HTML class."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "unnamed"


class ThemeLoader(jinja2.FileSystemLoader):
    """Templates from the theme's folders, following a link only when it leads into one of
    them: the rule the PDF's URL fetcher applies, so partials/leak.html -> /etc/passwd is
    refused, not included."""

    def __init__(self, theme: Theme) -> None:
        super().__init__([str(folder) for folder in theme.folders])
        self.roots = tuple(folder.resolve() for folder in theme.folders)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.searchpath:
            candidate = Path(folder, *split_template_path(template))
            if candidate.is_file():
                target = candidate.resolve()
                if not any(target.is_relative_to(root) for root in self.roots):
                    raise SecurityError(f"{candidate} links to {target}, outside the theme folders")
                break
        return super().get_source(environment, template)


# What a template may read of a date: its fields and its formats. A date's class methods
# (today, now, fromtimestamp) reach the clock, which a pack never reads.
DATE_VALUES = frozenset({"year", "month", "day", "isoformat", "strftime", "weekday", "isoweekday"})


class PackSandbox(ImmutableSandboxedEnvironment):
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, dt.date | dt.time) and attr not in DATE_VALUES:
            return False
        return bool(super().is_safe_attribute(obj, attr, value))


# One environment per theme, so each template is compiled once per process; Jinja still
# reloads a template whose file changed (the preview server relies on that).
@functools.cache
def environment(theme: Theme) -> jinja2.Environment:
    # Sandboxed: a theme folder is data a user may have downloaded, so a template may format
    # the Brief but never reach Python's internals (os, subprocess) through it.
    env = PackSandbox(
        loader=ThemeLoader(theme),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    env.filters["class_name"] = class_name
    env.filters["note_text"] = note_text
    env.filters["notes"] = lambda citations: sorted({c.note for c in citations})
    env.globals["measured_figures"] = measured_figures
    return env


def render_html(brief: Brief, theme: Theme) -> str:
    """The pack as one HTML document in the semantic vocabulary (DESIGN.md), checked here so
    that a template outside it fails every format, not only the DOCX."""
    env = environment(theme)
    context: dict[str, Any] = {
        "brief": brief,
        "source_count": len(brief.sources),
        "compact": 0 < brief.page_budget[1] <= 2,
        "charts": pack_charts(brief, theme),
        # A large catalog's sources are sorted and sifted here, once for each version of a
        # pack, not by the template's filters, through the sandbox's checks on each source.
        "source_dates": source_dates(brief.sources),
        "publishers_named": publishers_named(brief.sources),
    }
    try:
        html = env.get_template("brief.html").render(context)
    except jinja2.TemplateSyntaxError as error:
        raise CheckFailed(f"{_where(error)}: template syntax error: {error.message}") from error
    except jinja2.TemplateNotFound as error:
        raise CheckFailed(f"{_where(error)}: template not found: {error.name}") from error
    except jinja2.UndefinedError as error:
        raise CheckFailed(f"{_where(error)}: undefined name in template: {error.message}") from error
    except SecurityError as error:
        raise CheckFailed(f"{_where(error)}: template tried something unsafe: {error}") from error
    except jinja2.TemplateError as error:
        raise CheckFailed(f"{_where(error)}: template error: {error}") from error
    except Exception as error:
        where = _where(error)
        if where == "template":
            raise  # not raised by a template's own code: a defect of briefgen's
        # e.g. range(10**9): the sandbox refuses it with an OverflowError.
        raise CheckFailed(f"{where}: template error: {type(error).__name__}: {error}") from error
    check_vocabulary(parse_html(html))
    return html
