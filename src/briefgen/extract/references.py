"""References an item leans on and what resolves them, for every item of a document.

A sentence that opens on "It", "He", "The country" or "This route", or leans on one inside,
reads alone only when the pack says what the reference stands for. The antecedent is found
in the text before it: a person through the people index (`mentions`), anything else
through the entities of `entities` (a country for "the country", a named body for "the
organisation", a phrase with the same head noun for "the summit"). A resolved reference is
an insertion: the antecedent's own words, from the same source, shown in brackets in its
place. Relative time words ("tomorrow", "this year") get the date they name from the
source's date. A reference nothing resolves is kept as unresolved, so that the item is
never a key point, and never shown at all when it opens on it.

Each sentence is also given the entity it is about: the one its opening reference stands
for, else the first body it names, else the paragraph's (the sentence before), else a
country in its subject's place, else the document's most named entity.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple, TypeVar

from briefgen.extract.entities import (
    COUNTRY_KIND,
    FUNCTION_WORDS,
    REFERENCE_NOUNS,
    Entity,
    document_subject,
    entities,
    sentence_entity,
)
from briefgen.extract.mentions import ROLE_NOUNS, Mention, build_index, name_text
from briefgen.extract.names import POSSESSIVE, verb_follows
from briefgen.extract.reference_words import (
    EXPLETIVE,
    LEAD_CLAUSAL,
    LEAD_DEMONSTRATIVE,
    LEAD_DESCRIPTION,
    LEAD_PRONOUN,
    MID_DEMONSTRATIVE,
    MID_PRONOUN,
    MID_PRONOUN_PARTS,
    MID_THE,
    PREPOSITIONS,
    VERB_FORMS,
    relative_date,
    time_scan,
)
from briefgen.model import Document, Insertion, Resolution, Span
from briefgen.text import Scan, paragraphs, sentences

# Kinds a description may stand for by kind alone ("the organisation" for the SCO); other
# descriptions need an antecedent with their own head noun ("this route", "the summit").
BY_KIND = frozenset({"country", "organisation", "event"})
LOOK_BACK = 4  # sentences
# How far back "the document's most named entity" is counted: every sentence of an article,
# but not all of a 5 MB source for each of its references.
DOCUMENT_REACH = 400  # sentences

_Spanned = TypeVar("_Spanned", Span, Insertion)


class Candidate(NamedTuple):
    """Something a later reference may stand for: where it is named (or referred to) and the
    words that name it, which a bracket shows. A named tuple, as one is made for every
    entity of a document."""

    position: int
    sentence: int
    key: str
    kind: str
    head: str
    start: int
    end: int
    subject: bool
    word: str  # the head noun, else the name's last word, lower-cased: what "the X" matches


@dataclass(frozen=True)
class DocumentReferences:
    insertions: tuple[Insertion, ...]
    unresolved: tuple[Span, ...]
    about: tuple[tuple[int, int, str, str], ...]  # sentence start, end, entity, basis

    # Start offsets, for bisection: each item looks up only the references in its own span,
    # and scanning them all for every item made a document of many quotes quadratic.
    @functools.cached_property
    def _insertion_starts(self) -> list[int]:
        return [i.start for i in self.insertions]

    @functools.cached_property
    def _unresolved_starts(self) -> list[int]:
        return [s.start for s in self.unresolved]

    @functools.cached_property
    def _about_starts(self) -> list[int]:
        return [a[0] for a in self.about]

    def resolution(self, start: int, end: int) -> Resolution:
        """What the item at [start, end) leans on, and what it is about (its sentence's)."""
        inside = _within(self.insertions, self._insertion_starts, start, end)
        loose = _within(self.unresolved, self._unresolved_starts, start, end)
        slot = bisect.bisect_right(self._about_starts, start) - 1
        about, basis = (self.about[slot][2], self.about[slot][3]) if slot >= 0 else (None, "none")
        return Resolution(inside, loose, about or None, basis if about else "none")


def _within(spans: tuple[_Spanned, ...], starts: list[int], start: int, end: int) -> tuple[_Spanned, ...]:
    """The spans (sorted by start) that lie inside [start, end), in their order."""
    low, high = bisect.bisect_left(starts, start), bisect.bisect_right(starts, end)
    return tuple(span for span in spans[low:high] if span.end <= end)


def _opening(text: str, start: int, end: int) -> int:
    """Where a sentence's words start, after its opening quotation marks or bracket."""
    while start < end and (text[start].isspace() or text[start] in "“\"‘'("):
        start += 1
    return start


class _Resolver:
    """Walks a document's sentences in order, remembering what each named."""

    def __init__(self, document: Document, quotes: Sequence[tuple[int, int]]) -> None:
        self.text = document.text
        self.date = document.date if document.date_basis != "none" else None
        self.quotes = sorted(quotes)
        self.people = build_index(self.text, [(max(0, a - 1), b + 1) for a, b in self.quotes])
        # Each person's mentions, and the last words of what was named: looked up for every
        # reference, they were found by scanning the whole document each time.
        self.mentions_of: dict[str, list[Mention]] = {}
        for mention in self.people.mentions:
            self.mentions_of.setdefault(mention.key, []).append(mention)
        self.mention_starts_of = {key: [m.start for m in found] for key, found in self.mentions_of.items()}
        self.last_words: dict[tuple[int, int], str] = {}
        self.found = entities(self.text)
        self.starts = [e.start for e in self.found]
        self.by_bare_start = sorted(self.found, key=lambda e: e.bare_start)
        self.bare_starts = [e.bare_start for e in self.by_bare_start]
        # The candidates of each sentence: every look-up is of one sentence or the few before
        # it, and scanning all that were seen for each made a long document quadratic.
        self.seen_in: dict[int, list[Candidate]] = {}
        self.insertions: list[Insertion] = []
        self.unresolved: list[Span] = []
        # One scan of the text for each pattern, looked up per sentence: most sentences
        # hold none of these references, and scanning each sentence for each was costlier.
        # A pattern the whole text never matches matches in none of its sentences.
        scans = (
            Scan.of(MID_DEMONSTRATIVE, self.text),
            Scan.of(MID_THE, self.text),
            Scan.of(MID_PRONOUN, self.text, MID_PRONOUN_PARTS),
        )
        self.mid_scans = tuple(scan for scan in scans if scan.matches)
        times = time_scan(self.text) if self.date is not None else None
        self.time_scan = times if times is not None and times.matches else None

    def in_quote(self, position: int) -> bool:
        return any(a <= position < b for a, b in self.quotes)

    def sentence_entities(self, start: int, end: int) -> list[Entity]:
        low, high = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return list(self.found[low:high])

    def see(self, candidate: Candidate) -> None:
        self.seen_in.setdefault(candidate.sentence, []).append(candidate)

    def named_within(self, start: int, end: int) -> list[Entity]:
        """The entities whose names start inside [start, end)."""
        low = bisect.bisect_left(self.bare_starts, start)
        high = bisect.bisect_left(self.bare_starts, end)
        return self.by_bare_start[low:high]

    def candidates_before(self, sentence: int, start: int, end: int, position: int) -> list[Candidate]:
        earlier = [c for c in self.seen_in.get(sentence, ()) if c.position < position]
        own = [
            Candidate(e.start, sentence, e.key, e.kind, e.head, e.start, e.end, False, self.word(e))
            for e in self.sentence_entities(start, position)
            if e.end <= position
        ]
        return [*earlier, *own]

    def previous(self, sentence: int) -> list[list[Candidate]]:
        """The candidates of the sentences before, nearest first."""
        return [
            sorted(self.seen_in[number], key=lambda c: c.position)
            for number in range(sentence - 1, sentence - LOOK_BACK - 1, -1)
            if number in self.seen_in
        ]

    def run(self) -> DocumentReferences:
        about: list[tuple[int, int, str, str]] = []
        paragraph_starts = [p.start for p in paragraphs(self.text)]
        previous_about: tuple[int, str] | None = None  # (paragraph, entity)
        subject = document_subject(self.text)
        for number, span in enumerate(sentences(self.text)):
            before = len(self.insertions), len(self.unresolved)
            # Where its words start: the sentence's own reading stops at its end, the
            # subjects' reading does not (as each was first written).
            opening = _opening(self.text, span.start, len(self.text))
            lead_key = self.sentence(number, span.start, span.end, min(opening, span.end))
            paragraph = bisect.bisect_right(paragraph_starts, span.start)
            named = self.named_within(span.start, span.end)
            if named and (len(self.insertions), len(self.unresolved)) != before:
                references = [(i.start, i.end) for i in self.insertions[before[0] :]] + [
                    (u.start, u.end) for u in self.unresolved[before[1] :]
                ]
                named = [e for e in named if not any(a <= e.bare_start < b for a, b in references)]
            resolved = [
                Entity(c.position, c.position, c.key, c.kind, c.head)
                for c in self.seen_in.get(number, ())
                if not c.head and c.kind != COUNTRY_KIND
            ]
            own, is_body = (
                sentence_entity(
                    self.text, tuple(sorted((*named, *resolved), key=lambda e: e.start)), span.start, span.end
                )
                if named or resolved
                else (None, False)  # what sentence_entity says of a sentence that names nothing
            )
            if lead_key:
                entity, basis = lead_key, "reference"
            elif own and is_body:
                entity, basis = own, "sentence"
            elif previous_about and previous_about[0] == paragraph:
                entity, basis = previous_about[1], "paragraph"
            elif own:
                entity, basis = own, "sentence"
            else:
                entity, basis = subject, "document"
            about.append((span.start, span.end, entity, basis))
            if entity:
                previous_about = (paragraph, entity)
            self.remember(number, span.start, span.end, opening)
        return DocumentReferences(
            tuple(sorted(self.insertions, key=lambda i: i.start)),
            tuple(sorted(set(self.unresolved), key=lambda s: s.start)),
            tuple(about),
        )

    def remember(self, number: int, start: int, end: int, opening: int) -> None:
        text = self.text
        found = self.sentence_entities(start, end)
        if not found:
            return
        seen = self.seen_in.setdefault(number, [])
        for entity in found:
            subject = entity.start <= opening + 1 or (
                verb_follows(text, entity.end) and not POSSESSIVE.match(text, entity.end)
            )
            word = entity.head or self.word(entity)
            seen.append(
                Candidate(
                    entity.start,
                    number,
                    entity.key,
                    entity.kind,
                    entity.head,
                    entity.start,
                    entity.end,
                    subject,
                    word,
                )
            )

    def sentence(self, number: int, start: int, end: int, opening: int) -> str | None:
        """Resolve the references of one sentence, whose words start at opening; the key its
        opening reference stands for."""
        text = self.text
        lead_key: str | None = None
        references: list[tuple[int, int, str, str, bool]] = []  # start, end, word, head, leading
        # The LEAD_ patterns open with these letters; most sentences open otherwise.
        pronoun = text.startswith(("It", "He", "She"), opening)
        lead = LEAD_PRONOUN.match(text, opening, end) if pronoun else None
        if lead and not EXPLETIVE.match(text, opening, end):
            references.append((lead.start(), lead.end(), lead.group("ref").lower(), "", True))
        elif text.startswith("Th", opening):
            lead = LEAD_CLAUSAL.match(text, opening, end)
            if lead:
                references.append((lead.start(), lead.end(), lead.group("det").lower(), "", True))
            for pattern in (LEAD_DEMONSTRATIVE, LEAD_DESCRIPTION):
                lead = None if references else pattern.match(text, opening, end)
                if lead is None:
                    continue
                words = [*lead.group("words").split(), lead.group("head")]
                if not any(w in PREPOSITIONS or w in FUNCTION_WORDS or w in VERB_FORMS for w in words):
                    references.append(
                        (lead.start(), lead.end(), lead.group("det").lower(), words[-1].lower(), True)
                    )
        taken = [(a, b) for a, b, *_ in references]
        for scan in self.mid_scans:
            pattern = scan.pattern
            for match in scan.within(opening, end):
                ref_start, ref_end = match.span("ref")
                if any(a <= ref_start < b for a, b in taken) or self.in_quote(ref_start):
                    continue
                if pattern is MID_PRONOUN and EXPLETIVE.match(text, ref_start, end):
                    continue
                words = (match.groupdict().get("words") or "").split()
                if any(w in FUNCTION_WORDS or w in PREPOSITIONS for w in words):
                    continue
                head = match.group("head").lower() if "head" in match.groupdict() else ""
                word = match.group("ref").split()[0].lower()
                references.append((ref_start, ref_end, word, head, False))
                taken.append((ref_start, ref_end))
        for ref_start, ref_end, word, head, leading in sorted(references):
            key = self.resolve(number, start, end, ref_start, ref_end, word, head, leading)
            if leading:
                lead_key = key
        if self.time_scan is not None and self.date is not None:
            for match in self.time_scan.within(start, end):
                self.insertions.append(
                    Insertion(match.start(), match.end(), relative_date(match.group(), self.date), "date")
                )
        return lead_key

    def resolve(
        self,
        number: int,
        start: int,
        end: int,
        ref_start: int,
        ref_end: int,
        word: str,
        head: str,
        leading: bool,
    ) -> str | None:
        """Resolve one reference; the entity key it stands for (None for a person or nothing)."""
        person = word in {"he", "she"} or head in ROLE_NOUNS
        if person:
            self.resolve_person(ref_start, ref_end, word, head, start)
            return None
        kind = REFERENCE_NOUNS.get(head) if head else None
        if (head and kind is None) or (word in {"this", "that", "these", "those"} and not head):
            if leading or word in {"this", "that"}:
                self.unresolved.append(Span(ref_start, ref_end))
            return None

        def fits(candidate: Candidate) -> bool:
            if word == "it":
                return candidate.kind != "place"
            return self.same_head(candidate, head) or (kind in BY_KIND and candidate.kind == kind)

        if any(fits(c) for c in self.candidates_before(number, start, end, ref_start)):
            return None  # named earlier in the same sentence: it reads alone
        chosen = self.antecedent(number, fits, word == "it", head, kind)
        if chosen is None:
            if leading or word in {"it", "this", "that"}:
                self.unresolved.append(Span(ref_start, ref_end))
            return None
        a_start = chosen.start
        self.insertions.append(
            Insertion(ref_start, ref_end, self.text[a_start : chosen.end], "antecedent", a_start, chosen.end)
        )
        self.see(
            Candidate(
                ref_start,
                number,
                chosen.key,
                chosen.kind,
                chosen.head,
                a_start,
                chosen.end,
                leading,
                chosen.word,
            )
        )
        # A name decides what the sentence is about; a description ("Kazakhstan’s
        # chairmanship", "the 24th summit of the Council") leaves that to its paragraph.
        return None if chosen.head else chosen.key

    def same_head(self, candidate: Candidate, head: str) -> bool:
        """A phrase with that head noun, or a name ending in it ("the Shanghai Cooperation
        Organization" for "the organization")."""
        return bool(head) and candidate.word == head

    def word(self, entity: Entity) -> str:
        """What a description matches an entity by: its head noun, else its name's last word."""
        if entity.head:
            return entity.head
        span = entity.start, entity.end
        last = self.last_words.get(span)
        if last is None:
            last = self.last_words[span] = self.text[span[0] : span[1]].split()[-1].lower()
        return last

    def antecedent(
        self, number: int, fits: Callable[[Candidate], bool], pronoun: bool, head: str, kind: str | None
    ) -> Candidate | None:
        """What a reference stands for, from the sentences before it.

        "it" continues the subject of the sentence before; failing one, the one thing named
        there that is not a country ("mentioned Tokayev’s initiative. It has received").
        A description takes, nearest first, a phrase with its head noun, else the subject
        of its kind, else the document's most named entity of its kind, else anything named
        before with its head noun."""
        groups = self.previous(number)
        if pronoun:
            for group in groups:
                matching = [c for c in group if fits(c)]
                if matching:
                    subjects = [c for c in matching if c.subject]
                    others = [c for c in matching if c.kind != COUNTRY_KIND]
                    return subjects[0] if subjects else others[0] if len(others) == 1 else None
            return None
        window = [c for group in groups for c in group if fits(c)]
        same_head = [c for c in window if self.same_head(c, head)]
        subjects = [c for c in window if c.subject]
        if same_head or subjects:
            return (same_head or subjects)[0]
        by_kind = kind if kind in BY_KIND else None
        earlier = [  # fits(c), spelled out: this scan of many sentences is the costly one
            c
            for before in range(max(0, number - DOCUMENT_REACH), number)
            for c in self.seen_in.get(before, ())
            if (head and c.word == head) or c.kind == by_kind
        ]
        if not earlier:
            return None
        counts = Counter(c.key for c in earlier)
        first: dict[str, int] = {}
        for c in earlier:
            first[c.key] = min(first.get(c.key, c.position), c.position)
        most = max(counts, key=lambda key: (counts[key], -first[key]))
        named = [c for c in earlier if self.same_head(c, head)] or [c for c in earlier if c.key == most]
        return named[-1]

    def resolve_person(self, ref_start: int, ref_end: int, word: str, head: str, sentence_start: int) -> None:
        index = self.people
        if word in {"he", "she"}:
            mention = index.antecedent(ref_start, word)
        else:
            at = bisect.bisect_left(index.starts, ref_start)
            mention = index.mentions[at] if at < len(index.starts) and index.starts[at] == ref_start else None
            role_words = " ".join(index.roles.get(mention.key, ())).lower() if mention else ""
            if mention is not None and head not in role_words:
                mention = None  # "The author": a role the text never gave that person
            self.unresolved.append(Span(ref_start, ref_end))
            return
        if mention is None:
            self.unresolved.append(Span(ref_start, ref_end))
            return
        if sentence_start <= mention.start < ref_start and word in {"he", "she"}:
            return  # named earlier in the same sentence
        key = mention.key
        named = name_text(
            index, self.mentions_of.get(key, []), self.mention_starts_of.get(key, []), key, ref_start
        )
        if named is None:
            self.unresolved.append(Span(ref_start, ref_end))
            return
        if sentence_start <= named[0] < ref_start:
            return
        self.insertions.append(
            Insertion(ref_start, ref_end, self.text[named[0] : named[1]], "antecedent", named[0], named[1])
        )


@lru_cache(maxsize=64)
def _antecedents(document: Document, quotes: tuple[tuple[int, int], ...]) -> frozenset[tuple[int, int]]:
    people = build_index(document.text, [(max(0, a - 1), b + 1) for a, b in quotes])
    return frozenset(
        [(e.start, e.end) for e in entities(document.text)]
        + [(m.start, m.end) for m in people.mentions]
        + [
            (start, start + len(m.key))
            for m in people.mentions
            if (start := document.text.find(m.key, m.start, m.end)) >= 0
        ]
        + [
            (start, start + len(m.key.split()[-1]))
            for m in people.mentions
            if (start := document.text.find(m.key.split()[-1], m.start, m.end)) >= 0
        ]
    )


@lru_cache(maxsize=16)
def _cached(document: Document, quotes: tuple[tuple[int, int], ...]) -> DocumentReferences:
    return _Resolver(document, quotes).run()


def document_references(document: Document, quotes: Sequence[tuple[int, int]] = ()) -> DocumentReferences:
    """Every reference of a document resolved (or not), and each sentence's entity."""
    return _cached(document, tuple(quotes))


def antecedent_spans(
    document: Document, quotes: Sequence[tuple[int, int]] = ()
) -> frozenset[tuple[int, int]]:
    """Where the document names someone or something a reference may stand for: what
    `compose.verify` accepts as an insertion's antecedent."""
    return _antecedents(document, tuple(quotes))
