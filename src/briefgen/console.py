"""What the command line shows a person: rich tables on stdout, one-line errors on stderr.

Rich is imported by the functions that draw tables and progress bars, never by the plain
lines a no-op build prints: `briefgen build` with nothing to do must start fast.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from briefgen.build import BuildReport, Step
    from briefgen.build.project import Started
    from briefgen.build.state import Cleaned
    from briefgen.classify import Classification, OverviewShare
    from briefgen.config import AudienceProfile, Taxonomy
    from briefgen.model import Brief, BriefItem, Document, KeyDate, Quote
    from briefgen.render.system import Finding


def stdout() -> Console:
    from rich.console import Console

    console = Console()
    if console.is_terminal:
        return console
    # A pipe or a file has no width to fit; 80 columns would fold every title. COLUMNS, when
    # set, is the width the reader asked for.
    columns = os.environ.get("COLUMNS", "")
    return Console(width=int(columns) if columns.isdigit() and int(columns) > 0 else 120)


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


ANSI_COLOURS = {"red": 31, "yellow": 33}


def coloured(text: str, colour: str) -> str:
    """text in an ANSI colour on a terminal that takes colour (NO_COLOR, TERM=dumb: none)."""
    if not sys.stderr.isatty() or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return text
    return f"\x1b[{ANSI_COLOURS[colour]}m{text}\x1b[0m"


def say(line: str) -> None:
    """A line on stderr, without Rich: messages are printed as they are, never as markup."""
    print(line, file=sys.stderr, flush=True)


def print_json(data: object) -> None:
    """JSON for other tools: plain text, no colour, stable key order as given."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def stream_json(parts: Iterable[tuple[str, Iterable[object]]]) -> None:
    """An object of lists written out one element at a time, the same text `print_json`
    prints for it, so that output as large as its input is never one string in memory."""
    write = sys.stdout.write
    write("{")
    number = -1
    for number, (key, elements) in enumerate(parts):
        write(("," if number else "") + f"\n  {json.dumps(key, ensure_ascii=False)}: [")
        empty = True
        for element in elements:
            text = json.dumps(element, ensure_ascii=False, indent=2).replace("\n", "\n    ")
            write(("\n    " if empty else ",\n    ") + text)
            empty = False
        write("]" if empty else "\n  ]")
    write("}\n" if number < 0 else "\n}\n")


def print_text(text: str) -> None:
    """A source's text exactly, as UTF-8, whatever the terminal's encoding: offsets index it."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


# C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a line shows.
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """text with its control characters written as escapes (\\n, \\x1b): a file name with a
    newline keeps a message on one line, and one with an escape sequence cannot drive the terminal."""
    return CONTROLS.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def cell(text: str) -> str:
    """A table cell: its lines kept, each made printable and free of Rich markup."""
    from rich.markup import escape

    return "\n".join(escape(printable(line)) for line in text.split("\n"))


def warn(message: str) -> None:
    say(f"{coloured('briefgen: warning:', 'yellow')} {printable(message)}")


def error(*lines: str) -> None:
    """One line per problem."""
    for line in lines or ("",):
        say(f"{coloured('briefgen: error:', 'red')} {printable(line)}")


def sources_table(documents: Sequence[Document]) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(
        title=f"{len(documents)} sources", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False
    )
    # An id is typed back into `sources --text ID` and `explain`: it is never shortened.
    widest = max((len(document.id) for document in documents), default=2)
    table.add_column("id", no_wrap=True, overflow="fold", min_width=widest)
    table.add_column("title", ratio=1, min_width=16)
    table.add_column("date", no_wrap=True)
    table.add_column("basis", no_wrap=True)
    table.add_column("publisher", min_width=9, max_width=20)
    table.add_column("words", justify="right", no_wrap=True)
    table.add_column("boilerplate", justify="right", no_wrap=True, header_style="bold")
    for document in documents:
        table.add_row(
            cell(document.id),
            cell(document.title or "—"),
            document.date.isoformat() if document.date else "—",
            cell(document.date_basis),
            cell(document.publisher or "—"),
            f"{document.words:,}",
            f"{document.boilerplate_share:.1%}",
        )
    return table


KINDS = ("quotes", "facts", "acronyms", "people", "conflicts")


def catalog_table(record: dict[str, Any], kind: str) -> Table:
    """One kind of extracted item as a table, from the same record the JSON prints."""
    from rich import box
    from rich.table import Table

    rows: list[dict[str, Any]] = record[kind]
    table = Table(title=f"{len(rows)} {kind}", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    columns = {
        "quotes": ("id", "speaker", "text", "section"),
        "facts": ("id", "text", "figures", "section"),
        "acronyms": ("short", "long", "source"),
        "people": ("name", "roles", "sources"),
        "conflicts": ("measure", "values"),
    }[kind]
    for column in columns:
        if column == "id":
            # The id leads to `briefgen explain ID`: whole, on one line; its source is its prefix.
            widest = max((len(row["id"]) for row in rows), default=2)
            table.add_column(column, no_wrap=True, overflow="fold", min_width=widest)
        else:
            table.add_column(column, ratio=3 if column in {"text", "long", "values", "roles"} else 1)
    for row in rows:
        table.add_row(*(cell(_cell(column, row)) for column in columns))
    return table


def _cell(column: str, row: dict[str, Any]) -> str:
    value = row.get(column)
    if column == "speaker":
        role = row.get("speaker_role")
        return f"{value or '—'}" + (f"\n{role}" if role else "")
    if column == "text" and row.get("partial"):
        return f"…{value}…"
    if column == "figures":
        return "\n".join(figure["text"] for figure in value or [])
    if column == "values":
        return "\n".join(f"{item['text']} ({item['source']})" for item in value or [])
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return "—" if value is None else str(value)


def outline_text(brief: Brief) -> str:
    """The composed Brief as plain text: what each section will hold, with notes and reasons."""
    lines = [
        f"{brief.title} — {brief.subtitle}",
        f"audience: {brief.audience}   marking: {brief.marking}   "
        f"date: {brief.date.isoformat() if brief.date else 'undated'}",
        "",
    ]

    def item_line(item: BriefItem) -> str:
        notes = ",".join(str(c.note) for c in item.citations)
        speaker = (
            f" — {item.speaker}" + (f", {item.speaker_role}" if item.speaker_role else "")
            if item.speaker
            else ""
        )
        text = f"“{item.shown_text}”{speaker}" if item.kind == "quote" else item.shown_text
        return f"  [{item.id}] {text} [{notes}]  ({item.score:g}: {item.rank_reason})"

    def key_date_line(key_date: KeyDate) -> str:
        year = f" [{key_date.inserted_year}]" if key_date.inserted_year else ""
        return (
            f"  [{key_date.item_id}] {key_date.when}{year}: {key_date.shown_label} [{key_date.citation.note}]"
        )

    if brief.key_points:
        lines += ["Key points", *map(item_line, brief.key_points), ""]
    if brief.quotable_lines:
        lines += ["Quotable lines", *map(item_line, brief.quotable_lines), ""]
    if brief.key_figures:
        lines += [
            "Key figures",
            *(f"  {kf.figure.text}: {kf.shown_context} [{kf.citation.note}]" for kf in brief.key_figures),
            "",
        ]
    for section in brief.sections:
        lines += [f"{section.title}", *map(item_line, section.items)]
        if section.context:
            lines += ["  Context", *map(item_line, section.context)]
        lines.append("")
    if brief.key_dates:
        lines += ["Key dates", *map(key_date_line, brief.key_dates), ""]
    if brief.disagreements:
        lines += ["Sources disagree"]
        for d in brief.disagreements:
            lines.append(f"  {d.measure}: " + "; ".join(f"{text} [{c.note}]" for text, c in d.values))
        lines.append("")
    if brief.people:
        lines += ["Who's who", *(f"  {p.name}: {'; '.join(p.roles)}" for p in brief.people), ""]
    if brief.glossary:
        lines += ["Glossary", *(f"  {a.short}: {a.long}" for a in brief.glossary), ""]
    lines += [
        "Notes",
        *(
            f"  {n}. {ref.title} — {ref.publisher or 'publisher unknown'}, "
            f"{ref.date.isoformat() if ref.date else 'undated'}" + (f", {ref.url}" if ref.url else "")
            for n, ref in enumerate(brief.notes, start=1)
        ),
    ]
    return "\n".join(printable(line) for line in lines)


def overview_warning(share: OverviewShare) -> str:
    terms = ", ".join(share.terms) or "none shared by two items"
    return (
        f"{share.overview} of {share.total} items ({share.overview / share.total:.0%}) land in Overview: "
        f"the sections do not name this subject. Terms that would place them: {terms}. "
        "Add a section with such terms in your templates folder's sections.toml (see README)."
    )


def audiences_table(profiles: Sequence[AudienceProfile]) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(
        title=f"{len(profiles)} audiences", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False
    )
    for column in ("name", "title", "reader", "pages", "description"):
        table.add_column(column, ratio=3 if column == "description" else 1)
    for profile in profiles:
        low, high = profile.pages
        pages = f"{low}–{high}" if low and high else f"≤ {high}" if high else f"≥ {low}" if low else "any"
        table.add_row(
            *(cell(v) for v in (profile.name, profile.title, profile.reader, pages, profile.description))
        )
    return table


def explanation_text(
    item_id: str,
    text: str,
    classification: Classification,
    taxonomy: Taxonomy,
    quote: Quote | None = None,
    merges: Sequence[tuple[str, str]] = (),
    scope: str = "",
) -> str:
    """Why an item landed in its section, naming the rule of sections.toml that decided, and
    why it is cited to more than one source."""
    lines = [item_id, f"  {text}"]
    if quote is not None:
        lines.append(f"  speaker: {quote.speaker or '—'} (basis: {quote.speaker_basis or 'none found'})")
    lines.append(f"  section: {classification.section} — {section_rule(classification, taxonomy)}")
    lines += [
        f"  {section} {score:g}: {', '.join(terms)}"
        for (section, score), (_, terms) in zip(classification.scores, classification.terms, strict=True)
    ]
    if scope:
        lines.append(f"  entity: {scope}")
    if merges and merges[0][1] == "this item is merged into it":
        lines.append(f"  merged into {merges[0][0]}, which carries its citation (explain that item)")
    elif merges:
        lines.append(
            f"  cited to {len(merges) + 1} sources: "
            "each item merged into it states the same value of the same measure"
        )
        lines += [f"  merged: {other}: {why}" for other, why in merges]
    return "\n".join(printable(line) for line in lines)


def section_rule(classification: Classification, taxonomy: Taxonomy) -> str:
    """The rule of sections.toml that chose the section, with the numbers it compared."""
    scores = classification.scores
    if classification.rule == "no terms":
        return "no term of sections.toml appears in it"
    if classification.rule == "threshold":
        return (
            f"its best section, {scores[0][0]}, scores {scores[0][1]:g}, "
            f"below the threshold of {taxonomy.threshold:g} (sections.toml: threshold)"
        )
    if classification.rule == "mixed":
        (best, top), (runner_up, second) = scores[:2]
        return (
            f"mixed: {runner_up} scores {second:g}, at least {taxonomy.mixed_ratio:g} of "
            f"{best}'s {top:g} (sections.toml: mixed_ratio)"
        )
    if len(scores) > 1:
        return (
            f"the highest score, {classification.score:g}; the runner-up, {scores[1][0]} "
            f"{scores[1][1]:g}, is below {taxonomy.mixed_ratio:g} of it (sections.toml: mixed_ratio)"
        )
    return f"the only section whose terms appear, scoring {classification.score:g}"


def progress_line(message: str) -> None:
    say(f"briefgen: {printable(message)}")


def settings_line(path: Path | None, subject: str, override: str | None) -> str:
    """Which settings file a build uses, and the subject it puts on every pack."""
    if override is not None:
        return f"settings: {path or 'the defaults'}; subject “{override}” (--subject)"
    if path is None:
        return (
            f"settings: the defaults (no briefgen.toml for these sources); subject “{subject}” "
            "(set it with --subject, or start a project with `briefgen init`)"
        )
    return f"settings: {path}; subject “{subject}”"


def interactive() -> bool:
    """A terminal that redraws: not CI's log, not a pipe, not TERM=dumb (where Rich draws nothing)."""
    return (
        sys.stderr.isatty()
        and os.environ.get("CI", "").lower() not in {"true", "1", "yes"}
        and os.environ.get("TERM") != "dumb"
    )


@contextmanager
def build_progress(first: str = "") -> Iterator[Callable[[Step], None]]:
    """On a terminal, a bar for the build and a line per audience saying what it is doing
    (laying out, fitting the page budget, writing); in CI logs and pipes, a plain line per
    step. Nothing shows until the first step, which `first` (a line saying which settings
    the packs take) precedes: a build with nothing to do, or one that fails on its input,
    prints no more than its one line."""
    said = False

    def announce() -> None:
        nonlocal said
        if first and not said:
            progress_line(first)
        said = True

    if not interactive():

        def line(step: Step) -> None:
            announce()
            progress_line(str(step))

        yield line
        return
    bar: Any = None
    tasks: dict[str, Any] = {}

    def update(step: Step) -> None:
        nonlocal bar
        if bar is None:
            announce()
            bar = start_bar()
            tasks[""] = bar.add_task("packs", total=step.total or None)
        from rich.markup import escape

        if step.audience and step.audience not in tasks:
            tasks[step.audience] = bar.add_task("", total=None)
        if step.audience:
            text = "done" if step.action == "written" and step.done == step.total else str(step)
            bar.update(tasks[step.audience], description=escape(printable(f"  {text}")))
        else:
            bar.update(tasks[""], description=escape(printable(str(step))))
        # Drawn at once: a step can last seconds, and the next may come from another process.
        bar.update(tasks[""], completed=step.done, total=step.total or None, refresh=True)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


def start_bar() -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr(),
        transient=True,
    )
    bar.start()
    return bar


def summary(report: BuildReport, out: Path) -> str:
    total = len(report.outcomes)
    written = len(report.with_status("written"))
    folder = f"{printable(str(out))}/"
    if not written:
        return f"{total} packs in {folder} are up to date (nothing to rebuild)"
    if written == total:
        return f"wrote {total} packs in {folder}"
    current = total - written
    were = "was" if current == 1 else "were"
    return f"wrote {written} of {total} packs in {folder}; {current} {were} up to date"


def written_reason(reason: str) -> str:
    return " (new)" if reason == "missing" else f" — {reason}" if reason else ""


def print_outcomes(report: BuildReport, out: Path) -> None:
    """Each pack written and why, then how many were written and how many were current."""
    for outcome in report.with_status("written"):
        reason = written_reason(outcome.reason)
        print(f"wrote {printable(str(outcome.path))}{printable(reason)}")
    print(summary(report, out))


def print_check(report: BuildReport, out: Path) -> None:
    """Once per stale or missing pack, which input changed; the whole when all are current."""
    problems = report.with_status("stale", "missing")
    for outcome in problems:
        reason = f" — {outcome.reason}" if outcome.reason and outcome.reason != outcome.status else ""
        print(f"{printable(str(outcome.path))}: {outcome.status}{printable(reason)}")
    if not problems:
        print(f"{len(report.outcomes)} packs in {printable(str(out))}/ are up to date")


def print_rebuild(report: BuildReport | None, problem: str, seconds: float, out: Path) -> None:
    """What one of the preview's builds did: the packs it wrote and why, or why it failed."""
    if report is None:
        error(f"rebuild failed after {seconds:.1f} s: {problem}")
        return
    for warning in report.warnings:
        warn(warning)
    for outcome in report.with_status("written"):
        progress_line(f"wrote {outcome.path}{written_reason(outcome.reason)}")
    progress_line(f"{summary(report, out)} in {seconds:.1f} s")


def print_cleaned(cleaned: Cleaned, state: Path) -> None:
    if not cleaned.removed:
        print(f"nothing to clean: no build state in {printable(str(state))}")
        return
    print(
        f"removed the build state in {printable(str(state))}: {cleaned.entries} cache entries "
        f"and {cleaned.locks} locks; the packs are untouched"
    )


def print_started(started: Started) -> None:
    folder = started.folder
    for path in started.created:
        print(f"created {printable(str(path))}{'/' if path.is_dir() else ''}")
    here = "" if folder == Path(".") else f"cd {printable(str(folder))} && "
    print(
        "next: put sources (.txt, .md, .html, .pdf, .docx) in sources/ or save web pages with "
        f"`{here}briefgen add URL`, then `briefgen build`; set the packs' subject in briefgen.toml"
    )


def print_findings(findings: Sequence[Finding]) -> None:
    """One line per thing the writers need: found (and where) or missing (and the package)."""
    width = max(len(finding.name) for finding in findings)
    for finding in findings:
        if finding.ok:
            print(f"ok       {finding.name:<{width}}  {finding.found} — {finding.purpose}")
        else:
            status = "MISSING" if finding.needed else "missing"
            print(f"{status}  {finding.name:<{width}}  {finding.purpose}; install: {finding.install}")
