"""Command line: parse options, call the library, print. No behaviour lives here."""

from __future__ import annotations

import gc
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import click

from briefgen import __version__, console
from briefgen import build as build_module
from briefgen.build import DEFAULT_FORMATS, FORMATS, BuildRequest
from briefgen.build.project import Project, add_folder, init_project, open_project, project_templates
from briefgen.config import Theme, load_profiles, load_taxonomy
from briefgen.errors import EXIT_CHECK_FAILED, BriefgenError, InputError
from briefgen.sources import DEFAULT_MAX_BYTES, find_document, load_corpus

# The extraction pipeline and the JSON writers are imported inside the commands that use
# them: a no-op `briefgen build` must start fast and never load them.

F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:  # click >= 8.5 makes ParamType generic; older releases cannot subscript it at run time
    IntParamType = click.ParamType[int]
    FloatParamType = click.ParamType[float]
    FormatsParamType = click.ParamType[tuple[str, ...]]
else:
    IntParamType = FloatParamType = FormatsParamType = click.ParamType


class Seconds(FloatParamType):
    """A finite number of seconds, zero or more: -1 would wait forever and nan never compares."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(seconds) or seconds < 0:
            self.fail(f"{value!r} is not a number of seconds, 0 or more", param, ctx)
        return seconds


class ByteSize(IntParamType):
    """A size such as 10MB, 512k or 1048576 (bytes)."""

    name = "size"
    units: ClassVar[dict[str, int]] = {
        "": 1,
        "b": 1,
        "k": 1024,
        "kb": 1024,
        "m": 1024**2,
        "mb": 1024**2,
        "g": 1024**3,
        "gb": 1024**3,
    }

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"\s*(\d+)\s*([a-zA-Z]*)\s*", str(value))
        if not match or match.group(2).lower() not in self.units:
            self.fail(f"{value!r} is not a size such as 10MB, 512KB or 1048576", param, ctx)
        return int(match.group(1)) * self.units[match.group(2).lower()]


def set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta["briefgen.debug"] = True


def debug_option(function: F) -> F:
    """--debug is accepted before or after the command name."""
    return click.option(
        "--debug",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=set_debug,
        help="Show the full traceback when something fails.",
    )(function)


def source_options(function: F) -> F:
    function = click.option(
        "--max-size",
        type=ByteSize(),
        default=f"{DEFAULT_MAX_BYTES // 1024**2}MB",
        show_default=True,
        help="Refuse source files larger than this.",
    )(function)
    function = click.option(
        "--encoding",
        default="utf-8",
        show_default=True,
        help="Encoding of the source files (a sidecar's `encoding` key wins).",
    )(function)
    return click.argument("paths", nargs=-1, type=click.Path(path_type=Path))(function)


def project_for(paths: Sequence[Path], templates: Path | None = None) -> Project:
    return open_project(paths, templates=templates)


class BriefgenGroup(click.Group):
    """Turns BriefgenError into a one-line message and its documented exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # so that a closed pipe shows here, not as Python exits
            return result
        except BrokenPipeError:
            # The reader closed the pipe (briefgen extract | head): it has all it wanted.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except BriefgenError as error:
            if ctx.meta.get("briefgen.debug"):
                raise
            console.error(*error.lines)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as error:
            if ctx.meta.get("briefgen.debug"):
                raise
            console.error(
                f"internal error: {type(error).__name__}: {error} (run again with --debug for the traceback)"
            )
            ctx.exit(EXIT_CHECK_FAILED)


@click.group(cls=BriefgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
@debug_option
def main() -> None:
    """Turn a folder of source texts into cited briefing packs (PDF and DOCX)."""


def run() -> None:
    """The `briefgen` command: main, in a process that ends with it. What the command made
    is left to the end of the process frozen out of the garbage collector, whose last
    collection would walk every laid-out page again (a quarter of a second after a build)."""
    try:
        main()
    finally:
        gc.freeze()


@main.command(short_help="List the sources with their metadata.")
@source_options
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option(
    "--text",
    "text_of",
    metavar="ID",
    default=None,
    help="Print the text of source ID, the text every offset indexes, and nothing else.",
)
@debug_option
def sources(
    paths: tuple[Path, ...], encoding: str, max_size: int, output_format: str, text_of: str | None
) -> None:
    """List the sources under PATHS (default: the project's sources, else seeds/) with their metadata."""
    corpus = load_corpus(project_for(paths).sources, encoding=encoding, max_bytes=max_size)
    for warning in corpus.warnings:
        console.warn(warning)
    if text_of is not None:
        console.print_text(find_document(corpus, text_of).text)
    elif output_format == "json":
        from briefgen import serialize

        console.print_json({"sources": [serialize.source_details(d) for d in corpus.documents]})
    else:
        console.stdout().print(console.sources_table(corpus.documents))


@main.command(short_help="Save web pages, PDFs or a feed's items as sources.")
@click.argument("urls", nargs=-1, required=True)
@click.option(
    "--to",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The sources folder to save into (default: the project's, else seeds/).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=20.0,
    show_default=True,
    help="Seconds to wait for each page.",
)
@click.option(
    "--max-size",
    type=ByteSize(),
    default=f"{DEFAULT_MAX_BYTES // 1024**2}MB",
    show_default=True,
    help="Refuse pages larger than this.",
)
@debug_option
def add(urls: tuple[str, ...], folder: Path | None, timeout: float, max_size: int) -> None:
    """Save web pages, PDFs or every item of an RSS/Atom feed into the sources folder, each
    with a sidecar recording its URL and when it was fetched; builds then read the saved copies."""
    from briefgen.sources.fetch import add as add_urls

    added = add_urls(list(urls), folder or add_folder(), timeout=timeout, max_bytes=max_size)
    for warning in added.warnings:
        console.warn(warning)
    for saved in added.saved:
        console.progress_line(f"saved {saved.path} ({saved.url})")


def settings_option(function: F) -> F:
    function = click.option(
        "--subject",
        default=None,
        help="The packs' subject (cover, running head, PDF title), over the settings file's.",
    )(function)
    return settings_file_option(function)


def settings_file_option(function: F) -> F:
    return click.option(
        "--settings",
        "settings_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="Project settings (default: ./briefgen.toml or the one beside the sources, "
        "when it is for those sources).",
    )(function)


def cache_dir_option(function: F) -> F:
    return click.option(
        "--cache-dir",
        type=click.Path(path_type=Path, file_okay=False),
        envvar="BRIEFGEN_CACHE_DIR",
        default=None,
        help="The build's cache and locks (default: .briefgen/ beside the sources; env BRIEFGEN_CACHE_DIR).",
    )(function)


def building_project(
    paths: Sequence[Path],
    templates: Path | None,
    settings_path: Path | None,
    subject: str | None,
    cache_dir: Path | None = None,
) -> Project:
    """The project a building command works on, having warned of settings files not applied."""
    project = open_project(paths, settings_path=settings_path, templates=templates, state=cache_dir)
    for note in project.notes:
        console.warn(note)
    return project


def settings_line(project: Project, subject: str | None) -> str:
    return console.settings_line(project.settings_path, project.settings.subject, subject)


def out_option(function: F) -> F:
    return click.option(
        "--out",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("reports"),
        show_default=True,
        help="Folder the packs are written to (and, for serve, served from).",
    )(function)


def templates_option(function: F) -> F:
    return click.option(
        "--templates",
        "templates",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Your templates folder; its files override the shipped ones of the same name.",
    )(function)


@main.command(short_help="Extract quotes, facts, acronyms and people.")
@source_options
@templates_option
@click.option(
    "--format", "output_format", type=click.Choice(["json", "table"]), default="json", show_default=True
)
@click.option(
    "--kind",
    type=click.Choice(console.KINDS),
    default="quotes",
    show_default=True,
    help="What the table shows (JSON always has every kind).",
)
@debug_option
def extract(
    paths: tuple[Path, ...],
    encoding: str,
    max_size: int,
    templates: Path | None,
    output_format: str,
    kind: str,
) -> None:
    """Extract quotes, facts, acronyms and people from PATHS (default: seeds/)."""
    from briefgen import serialize
    from briefgen.analysis import analyse

    project = project_for(paths, templates)
    analysis = analyse(
        project.sources, theme=Theme.with_overlay(project.templates), encoding=encoding, max_bytes=max_size
    )
    for warning in analysis.catalog.warnings:
        console.warn(warning)
    if output_format == "json":
        console.stream_json(serialize.catalog_records(analysis))
    else:
        console.stdout().print(console.catalog_table(serialize.catalog_record(analysis), kind))


@main.command(short_help="List the audience profiles.")
@templates_option
@debug_option
def audiences(templates: Path | None) -> None:
    """List the audience profiles (shipped ones and those in --templates)."""
    theme = Theme.with_overlay(project_templates(templates))
    console.stdout().print(console.audiences_table(load_profiles(theme, load_taxonomy(theme))))


@main.command(short_help="Show what one audience's pack will hold.")
@source_options
@templates_option
@click.option("--audience", required=True, help="The profile to compose (see `briefgen audiences`).")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@settings_option
@debug_option
def outline(
    paths: tuple[Path, ...],
    encoding: str,
    max_size: int,
    templates: Path | None,
    audience: str,
    output_format: str,
    settings_path: Path | None,
    subject: str | None,
) -> None:
    """Show what the pack for one audience will hold, before rendering it."""
    project = building_project(paths, templates, settings_path, subject)
    theme = Theme.with_overlay(project.templates)
    from briefgen import serialize
    from briefgen.analysis import analyse
    from briefgen.classify import overview_share
    from briefgen.compose import compose_briefs, focus_message

    analysis = analyse(project.sources, theme=theme, encoding=encoding, max_bytes=max_size)
    (brief,) = compose_briefs(
        analysis,
        theme,
        [audience],
        settings=build_module.settings_for(project.settings_path, subject),
        source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"),
    )
    console.progress_line(settings_line(project, subject))
    if brief.focus_derived:
        console.progress_line(focus_message(brief.focus))
    share = overview_share(analysis.catalog, analysis.sections, analysis.taxonomy)
    if share.too_many:
        console.warn(console.overview_warning(share))
    if output_format == "json":
        console.print_json(serialize.brief_record(brief))
    else:
        print(console.outline_text(brief))


@main.command(name="explain", short_help="Show why an item landed in its section.")
@click.argument("item_id")
@source_options
@templates_option
@settings_file_option
@debug_option
def explain_command(
    item_id: str,
    paths: tuple[Path, ...],
    encoding: str,
    max_size: int,
    templates: Path | None,
    settings_path: Path | None,
) -> None:
    """Show why ITEM_ID (e.g. 000_b21f912d4337dd37#f3) landed in its section, what it is
    about, and what was merged into it."""
    project = project_for(paths, templates)
    theme = Theme.with_overlay(project.templates)
    from briefgen.analysis import analyse, explain, explain_merges, quote_of, resolution_of
    from briefgen.compose import pack_focus

    analysis = analyse(project.sources, theme=theme, encoding=encoding, max_bytes=max_size)
    text, classification = explain(analysis, item_id)
    merges = explain_merges(analysis, item_id)
    focus = pack_focus(analysis, build_module.settings_for(settings_path or project.settings_path))
    scope = focus.why(resolution_of(analysis, item_id))
    print(
        console.explanation_text(
            item_id, text, classification, analysis.taxonomy, quote_of(analysis, item_id), merges, scope
        )
    )


class FormatList(FormatsParamType):
    """Comma-separated formats: pdf,docx,html."""

    name = "formats"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        formats = tuple(part.strip().lower() for part in str(value).split(",") if part.strip())
        unknown = [fmt for fmt in formats if fmt not in FORMATS]
        if unknown or not formats:
            self.fail(f"{value!r}: choose from {', '.join(FORMATS)} (comma-separated)", param, ctx)
        return formats


def pack_options(function: F) -> F:
    function = click.option(
        "--format",
        "formats",
        type=FormatList(),
        default=",".join(DEFAULT_FORMATS),
        show_default=True,
        help="Formats to write, comma-separated: pdf, docx, html.",
    )(function)
    return click.option(
        "--audience", "audiences", multiple=True, help="Build only this audience (repeatable)."
    )(function)


@main.command(short_help="Render each audience's pack (PDF and DOCX).")
@source_options
@templates_option
@pack_options
@out_option
@settings_option
@cache_dir_option
@click.option(
    "--reference-docx",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="A pandoc-style reference .docx whose styles, page size, headers and footers to use.",
)
@click.option(
    "--wait",
    type=Seconds(),
    default=0.0,
    show_default=True,
    help="Seconds to wait for another build's lock before giving up (exit 3).",
)
@click.option(
    "--check", "check_only", is_flag=True, help="Build nothing; exit 1 if any output is stale or missing."
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 if a pack has a layout warning (a page over budget, a stranded heading...).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    help="Audiences rendered in parallel processes.",
)
@debug_option
def build(
    paths: tuple[Path, ...],
    encoding: str,
    max_size: int,
    templates: Path | None,
    audiences: tuple[str, ...],
    formats: tuple[str, ...],
    out: Path,
    settings_path: Path | None,
    subject: str | None,
    cache_dir: Path | None,
    reference_docx: Path | None,
    wait: float,
    check_only: bool,
    strict: bool,
    jobs: int,
) -> None:
    """Render the briefing packs for every audience into --out (default: reports/)."""
    project = building_project(paths, templates, settings_path, subject, cache_dir)
    request = BuildRequest(
        sources=project.sources,
        out=out,
        audiences=tuple(dict.fromkeys(audiences)),
        formats=tuple(dict.fromkeys(formats)),
        templates=project.templates,
        settings_path=project.settings_path,
        subject=subject,
        reference_docx=reference_docx,
        encoding=encoding,
        max_bytes=max_size,
        source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"),
        wait=wait,
        jobs=jobs,
        state=project.state,
    )
    if check_only:
        report = build_module.check(request)
        console.print_check(report, out)
        build_module.require_current(report, out)
        return
    with console.build_progress(first=settings_line(project, subject)) as progress:
        report = build_module.build(request, progress=progress)
    for warning in report.warnings:
        console.warn(warning)
    console.print_outcomes(report, out)
    if strict:
        build_module.require_clean_layout(request)


@main.command(short_help="Preview the packs in a browser, rebuilt on change.")
@source_options
@templates_option
@pack_options
@out_option
@settings_option
@cache_dir_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@debug_option
def serve(
    paths: tuple[Path, ...],
    encoding: str,
    max_size: int,
    templates: Path | None,
    audiences: tuple[str, ...],
    formats: tuple[str, ...],
    out: Path,
    settings_path: Path | None,
    subject: str | None,
    cache_dir: Path | None,
    host: str,
    port: int,
) -> None:
    """Preview the packs in a browser, rebuilding when a source, template or profile changes."""
    from briefgen.serve import serve_forever

    project = building_project(paths, templates, settings_path, subject, cache_dir)
    request = BuildRequest(
        sources=project.sources,
        out=out,
        audiences=tuple(dict.fromkeys(audiences)),
        formats=tuple(dict.fromkeys(formats)),
        templates=project.templates,
        settings_path=project.settings_path,
        subject=subject,
        encoding=encoding,
        max_bytes=max_size,
        source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"),
        jobs=os.cpu_count() or 1,
        state=project.state,
    )
    console.progress_line(settings_line(project, subject))
    serve_forever(request, host, port, announce=console.progress_line, on_build=console.print_rebuild)


@main.command(short_help="Remove the build's cache and locks.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@out_option
@settings_file_option
@cache_dir_option
@debug_option
def clean(paths: tuple[Path, ...], out: Path, settings_path: Path | None, cache_dir: Path | None) -> None:
    """Remove the build state (the extraction cache and the locks in .briefgen/, or
    --cache-dir) and what older briefgen releases left in --out (.cache/, .briefgen.lock).
    The packs stay."""
    from briefgen.build.state import clean as clean_state

    state = cache_dir or open_project(paths, settings_path=settings_path).state
    console.print_cleaned(clean_state(state, out), state)


@main.command(short_help="Start a project: briefgen.toml, sources/, templates/.")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), default=Path("."))
@click.option("--subject", default="Briefing pack", show_default=True, help="What the packs are about.")
@debug_option
def init(folder: Path, subject: str) -> None:
    """Start a project in FOLDER (default: here): a briefgen.toml naming its sources folder
    and templates folder, an empty sources/, and a templates/ overlay of the shipped theme."""
    started = init_project(folder, subject)
    console.print_started(started)


@main.command(short_help="Check the PDF stack: Pango, HarfBuzz, fonts, LibreOffice.")
@debug_option
def doctor() -> None:
    """Check what the PDF and Word packs need from the system (Pango, HarfBuzz, fontconfig,
    the theme's fonts; LibreOffice for the tests), draw a test page with WeasyPrint, and say
    which package installs what is missing. Exit 2 when something a build needs is missing."""
    from briefgen.render import system

    findings = system.findings()
    console.print_findings(findings)
    missing = [finding for finding in findings if finding.needed and not finding.ok]
    if missing:
        raise InputError(*(f"{f.name} is missing ({f.purpose}): {f.install}" for f in missing))
    drawn, how = system.trial_render()
    if not drawn:
        raise InputError(how)
    print(f"ok: {how}; `briefgen build` can write PDF and Word packs")
