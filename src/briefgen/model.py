"""The document model every stage shares: frozen dataclasses, no behaviour beyond views.

Offsets are Python ``str`` indices into ``Document.text``; for every item,
``document.text[item.start:item.end] == item.text`` holds (see ``extract``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """One source text plus what is known about it. The text is the file decoded (plain
    text, Markdown) or its reader's output (HTML, PDF, Word); every offset indexes it."""

    id: str
    path: Path
    text: str
    sha256: str
    title: str | None = None
    date: dt.date | None = None
    publisher: str | None = None
    url: str | None = None
    boilerplate: tuple[Span, ...] = ()
    # How the date was found: "sidecar", "front matter", "dateline", "text", a reader's own
    # ("page metadata"), or "none" when there is no date.
    date_basis: str = "none"
    reader: str = "text"
    # Markup a reader shows as its text (Markdown's ** and (url)): kept in the text, left out when shown.
    markup: tuple[Span, ...] = ()
    # What kind of source it is ("ministry", "state media", "press", "opinion"), as its sidecar
    # states; None when unstated (a pack then prints no kind).
    kind: str | None = None

    @property
    def text_sha256(self) -> str:
        """The digest of the text every offset indexes (for a converted source, not the file's)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def shown(self, start: int, end: int) -> str:
        """text[start:end] as a reader sees it: the markup inside it left out."""
        return with_insertions(self.text[start:end], start, (), self.markup)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def boilerplate_share(self) -> float:
        if not self.text:
            return 0.0
        return sum(span.end - span.start for span in self.boilerplate) / len(self.text)

    def is_boilerplate(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a boilerplate span."""
        return any(span.start < end and start < span.end for span in self.boilerplate)


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Insertion:
    """Words a pack adds in brackets so that an item reads alone, the editor's convention:
    an antecedent's own words in place of the reference that leans on it ("[Kazakhstan]"
    for "The country"), or the date a relative time word names ("this year [2024]").

    `start`/`end` are the reference (or the time word) in the source. An antecedent's words
    stand at `antecedent_start`/`antecedent_end` in the same source, before the reference."""

    start: int
    end: int
    text: str
    kind: str  # "antecedent" (replaces the reference) or "date" (follows the time word)
    antecedent_start: int = -1
    antecedent_end: int = -1


def with_insertions(
    text: str, start: int, insertions: tuple[Insertion, ...], markup: tuple[Span, ...] = ()
) -> str:
    """text (the source's from offset start) as a pack shows it: its insertions in brackets,
    and the source's markup spans (in source offsets) left out."""

    def plain(first: int, last: int) -> str:
        pieces, position = [], first
        for span in markup:
            if span.end <= position or span.start >= last:
                continue
            pieces.append(text[position - start : max(position, span.start) - start])
            position = max(position, min(span.end, last))
        pieces.append(text[position - start : last - start])
        return "".join(pieces)

    shown, cursor = [], start
    for insertion in sorted(insertions, key=lambda i: i.start):
        if not start <= insertion.start < insertion.end <= start + len(text) or insertion.start < cursor:
            continue
        if insertion.kind == "date":
            shown.append(plain(cursor, insertion.end) + f" [{insertion.text}]")
        else:
            shown.append(plain(cursor, insertion.start) + f"[{insertion.text}]")
        cursor = insertion.end
    shown.append(plain(cursor, start + len(text)))
    return "".join(shown)


@dataclass(frozen=True, slots=True)
class Resolution:
    """How an item reads alone: the bracketed insertions that resolve what it leans on, the
    references left unresolved, and the entity it is about (with how that was found)."""

    insertions: tuple[Insertion, ...] = ()
    unresolved: tuple[Span, ...] = ()
    about: str | None = None
    about_basis: str = "none"  # "reference", "sentence", "paragraph", "document" or "none"

    def leads_unresolved(self, text: str, start: int) -> bool:
        """Whether the item opens on a reference nothing resolves ("It ...", "The country ...")."""
        return any(not text[: span.start - start].strip(" “\"‘'(") for span in self.unresolved)


@dataclass(frozen=True, slots=True)
class Quote:
    """Words between quotation marks that someone said."""

    id: str
    source: str
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_role: str | None
    partial: bool
    # How the speaker was found ("verb", "pronoun", "paragraph", ...); None when no one was.
    speaker_basis: str | None = None
    resolution: Resolution = field(default_factory=Resolution)


@dataclass(frozen=True, slots=True)
class Figure:
    """A number inside a fact, with what it counts or measures."""

    text: str
    start: int
    end: int
    kind: str  # money, percent, quantity, fraction, count, ordinal, year, date, range
    value: float | None
    unit: str | None
    qualifier: str | None = None
    high: float | None = None  # the other value of "20 or 25 kilotons", "between 20 and 25"
    total: float | None = None  # the whole of "85 of 154 members"
    disputed: str | None = None  # the words that call it wrong: "incorrectly", "denied that"

    @property
    def is_amount(self) -> bool:
        """An amount of something with its unit ("$23 billion", "40%", "ten nations"): what a
        figures box or table shows. Dates, years, ranges and ordinals ("the 24th summit") are
        not amounts, whatever noun follows them."""
        return self.unit is not None and self.kind not in {"year", "date", "range", "ordinal"}


@dataclass(frozen=True, slots=True)
class Fact:
    """A sentence that carries at least one figure or date, or reports a decision: then
    `decision` is its verb as printed ("proposed") and `actor` who decided, where named."""

    id: str
    source: str
    start: int
    end: int
    text: str
    figures: tuple[Figure, ...]
    decision: str | None = None
    actor: str | None = None
    resolution: Resolution = field(default_factory=Resolution)


@dataclass(frozen=True, slots=True)
class Acronym:
    short: str
    long: str | None
    source: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    roles: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Extraction:
    """What the extractor found in one document."""

    quotes: tuple[Quote, ...] = ()
    facts: tuple[Fact, ...] = ()
    acronyms: tuple[Acronym, ...] = ()
    people: tuple[Person, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """Everything extracted from a corpus, in document order."""

    documents: tuple[Document, ...]
    quotes: tuple[Quote, ...] = ()
    facts: tuple[Fact, ...] = ()
    acronyms: tuple[Acronym, ...] = ()
    people: tuple[Person, ...] = ()
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class SourceRef:
    """A source as a pack cites it."""

    id: str
    title: str | None
    publisher: str | None
    date: dt.date | None
    url: str | None
    # The source's own title (None when only its lead sentence stands for one): the occasion
    # a pack gives for what the source quotes.
    headline: str | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """A numbered note pointing at the exact span of a source."""

    note: int
    source: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class BriefItem:
    """A quote or a fact as a pack shows it: verbatim text, section, citations, and why."""

    id: str
    kind: str  # "quote" or "fact"
    text: str
    section: str
    citations: tuple[Citation, ...]
    rank_reason: str
    score: float
    speaker: str | None = None
    speaker_role: str | None = None
    partial: bool = False
    figures: tuple[Figure, ...] = ()
    date: dt.date | None = None
    resolution: Resolution = field(default_factory=Resolution)
    in_scope: bool = True
    decision: str | None = None
    # The source's markup inside the span (Markdown's ** and link targets), left out when shown.
    markup: tuple[Span, ...] = ()

    @property
    def shown_text(self) -> str:
        """The text as the pack prints it: its insertions in brackets, its markup left out."""
        return with_insertions(self.text, self.citations[0].start, self.resolution.insertions, self.markup)


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words of a source at [start, end), with the insertions that make them read alone."""

    text: str
    start: int
    end: int
    insertions: tuple[Insertion, ...] = ()

    @property
    def shown(self) -> str:
        return with_insertions(self.text, self.start, self.insertions)


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """A number and the clause around it, with what it measures and the period it is given
    for, all verbatim (see `extract.measures`). `as_of` None: the text names no period, and
    the source's date (`source_date`) stands in."""

    figure: Figure
    context: str
    context_start: int
    context_end: int
    item_id: str
    citation: Citation
    insertions: tuple[Insertion, ...] = ()
    measure: Phrase | None = None
    as_of: Phrase | None = None
    source_date: dt.date | None = None

    @property
    def shown_context(self) -> str:
        return with_insertions(self.context, self.context_start, self.insertions)

    @property
    def value(self) -> str:
        """The figure as printed, less a unit word that ends it ("exceeded 2.76 million")."""
        unit = self.figure.unit or ""
        if unit and self.figure.text.lower().endswith(" " + unit.lower()):
            return self.figure.text[: -len(unit) - 1]
        return self.figure.text

    @property
    def unit(self) -> str:
        """The unit as printed where the figure ends in it ("tons"), else its code ("USD", "%")."""
        return self.figure.text[len(self.value) :].strip() or self.figure.unit or ""


@dataclass(frozen=True)
class Metric:
    """One measure in an investor's metrics table: its values, the first as the pack ranks
    them, and `series`: the dated values of the same measure, oldest first, when the sources
    give two or more (printed verbatim with their periods; nothing computed)."""

    measure: Phrase
    value: KeyFigure
    series: tuple[KeyFigure, ...] = ()


@dataclass(frozen=True)
class KeyDate:
    """A date on a pack's timeline: the date as its source prints it and the clause that
    carries it, both verbatim, with the days it covers. `inserted_year` is the year the text
    leaves out and the source's date supplies; a pack shows it in brackets, as an insertion."""

    when: str
    when_start: int
    when_end: int
    start: dt.date
    end: dt.date
    inserted_year: int | None
    label: str
    label_start: int
    label_end: int
    item_id: str
    citation: Citation
    insertions: tuple[Insertion, ...] = ()

    @property
    def shown_label(self) -> str:
        return with_insertions(self.label, self.label_start, self.insertions)


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One dated value of a series as its source prints it: the amount ("exceeded 2.76
    million tons"), the year it is for as printed ("in 2023" gives "2023", "by 2030") or a
    relative time word ("this year") with the year it names, which a pack shows in brackets;
    and whether the source reports it, forecasts it or sets it as a target."""

    value: Figure
    when: str
    when_start: int
    when_end: int
    year: int
    inserted_year: bool  # True: `when` is a time word and `year` the date it names
    status: str  # "reported", "forecast" or "target"
    citation: Citation


@dataclass(frozen=True)
class Series:
    """Dated values of one measure in one passage of a source, for a chart: at least three
    years, in year order. The measure is the words before the first value, verbatim."""

    measure: str
    measure_start: int
    measure_end: int
    unit: str
    points: tuple[SeriesPoint, ...]
    insertions: tuple[Insertion, ...] = ()

    @property
    def shown_measure(self) -> str:
        return with_insertions(self.measure, self.measure_start, self.insertions)


@dataclass(frozen=True)
class BriefSection:
    name: str
    title: str
    description: str
    items: tuple[BriefItem, ...]  # in the order the pack shows them (the profile's lead first)
    context: tuple[BriefItem, ...] = ()  # items about another body than the pack's focus

    @property
    def facts(self) -> tuple[BriefItem, ...]:
        return tuple(item for item in self.items if item.kind == "fact")

    @property
    def quotes(self) -> tuple[BriefItem, ...]:
        return tuple(item for item in self.items if item.kind == "quote")


@dataclass(frozen=True)
class Disagreement:
    """Different values of one measure: sources that disagree, or a change over time
    (`kind` "change", values oldest first). The notes give each value's publisher and date."""

    measure: str
    values: tuple[tuple[str, Citation], ...]  # (figure text as printed in the source, where)
    kind: str = "disagreement"


@dataclass(frozen=True)
class Brief:
    """Everything a pack shows for one audience. Renderers format it; they add no content."""

    audience: str
    title: str
    subtitle: str
    description: str
    reader: str
    marking: str
    organisation: str
    language: str
    date: dt.date | None  # None: no source has a date, and the pack says "Undated"
    page_budget: tuple[int, int]  # (min, max) pages; 0 means no bound
    lead: str  # "facts" or "quotes": which a section shows first
    sources: tuple[SourceRef, ...]
    key_points: tuple[BriefItem, ...]
    key_figures: tuple[KeyFigure, ...]
    key_dates: tuple[KeyDate, ...]  # in date order
    sections: tuple[BriefSection, ...]
    disagreements: tuple[Disagreement, ...]
    people: tuple[Person, ...]
    glossary: tuple[Acronym, ...]
    notes: tuple[SourceRef, ...]  # note n cites notes[n - 1]
    appendices: tuple[str, ...]
    focus: tuple[str, ...] = ()  # the names and acronyms the pack is about
    focus_derived: bool = False  # True: found in the sources, not set in the settings
    author: str = ""
    contact: str = ""
    disclaimer: str = ""
    # The information cut-off: the newest source's date (the pack's date can be later, from
    # SOURCE_DATE_EPOCH); None when no source has a date.
    cutoff: dt.date | None = None
    metrics: tuple[Metric, ...] = ()  # the investor's metrics table; empty unless the profile asks
    # Which figures the pack draws ("timeline", "series") and the series it may chart.
    charts: tuple[str, ...] = ()
    series: tuple[Series, ...] = ()
    blocks: tuple[str, ...] = ()  # the audience's own blocks (config.profiles.BLOCKS)
    # The press pack's quotable lines after the key points' quotes (those leave the sections).
    quotable_lines: tuple[BriefItem, ...] = ()
    # Dated events after the pack's date, from the timeline, in date order.
    coming: tuple[KeyDate, ...] = ()
