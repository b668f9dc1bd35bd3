"""Quotations: words between quote marks that someone said, with who said them.

Three steps, each linear in the text: pair the quote marks paragraph by paragraph, index
the people mentioned outside those spans, then judge each span (speech, or a title, name
or term?) and find its speaker from the clause around it, the sentence before it, or the
paragraph before it.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from briefgen import lexicon
from briefgen.extract.mentions import PeopleIndex, build_index
from briefgen.extract.quote_marks import QUOTE_CHARS, Span, find_spans
from briefgen.extract.speakers import NOBODY, Speaker, speaker_of_verb
from briefgen.extract.verbs import GAP, VERB
from briefgen.model import Document, Quote
from briefgen.model import Span as Paragraph
from briefgen.text import (
    MINOR_WORDS,
    WORD,
    is_title_cased,
    paragraph_sentence_ends,
    paragraphs,
    sentence_ends,
)

NAMING_NOUNS = lexicon.wordset("naming_nouns")
CLAUSE_OPENERS = lexicon.wordset("clause_openers")
# Words right before a span that make it a name, title or term rather than speech.
NAMING_CUE = re.compile(
    r"(?i:so[- ]called|known\s+as|referred\s+to\s+as|dubbed|nicknamed|titled|entitled|named|"
    r"branded\s+as|coined|under\s+the\s+(?:name|title|slogan|motto|banner|theme|heading|headline)|"
    r"the\s+(?:words?|terms?|phrases?|expressions?|slogans?|motto|hashtag|label|notion|title|"
    r"theme|topic|headline|caption|name)|chant(?:ed|ing|s)?|reading|inscribed|"
    r"(?:on\s+)?the\s+topic)"
    r"(?:\s+(?:of|the|a|an))*\s*[:,]?\s*$"
)
# A programme's name after "told", "said on" or "an episode of", with or without its
# broadcaster's possessive ("on Channel 4's “Evening News,”"), is a show, not words spoken.
SHOW_CUE = re.compile(
    r"(?i:\b(?:told|on|to|with|appeared\s+on|interview\s+with|in|(?:episode|edition)\s+of))"
    r"(?:\s+(?:[\w.&-]+\s+){0,2}[\w.&-]+[’']s)?\s*$"
)
NAMING_NOUN_BEFORE = re.compile(r"(?<![\w’'-])(?P<noun>[A-Za-z]+)\s*(?P<punct>[:,]?)\s*$")
AFTER_PUNCT = re.compile(r"[\s,;:—–-]*")
TERMINAL = ".,!?…"
CONTEXT = 400  # characters of clause looked at on either side of a quote
LATER_REACH = 100  # characters after a quote within which its reporting verb may come
STOPS = re.compile(r"[!?;:“”\"\n]")


@dataclass(frozen=True)
class Frame:
    """The clause around a span: the words before it and after it in its sentence."""

    before: tuple[int, int]
    after: tuple[int, int]
    sentence_start: int
    previous_sentence: tuple[int, int] | None


@dataclass(frozen=True)
class Judged:
    span: Span
    speaker: Speaker | None
    attributed: bool  # a reporting verb stands in the clause
    partial: bool


def _inside(spans_open: Sequence[int], spans: Sequence[Span], position: int) -> bool:
    slot = bisect.bisect_left(spans_open, position) - 1
    return slot >= 0 and position < spans[slot].outer_end


def _sentence_starts(
    text: str, paragraph: Paragraph, ends: Sequence[int], opens: Sequence[int], spans: Sequence[Span]
) -> list[int]:
    """Where the paragraph's sentences start, given where they end (`sentence_ends`); a full
    stop inside a quotation ends none of them."""
    starts = [paragraph.start]
    for end in ends:
        if _inside(opens, spans, end - 1) and text[end - 1] not in QUOTE_CHARS:
            continue
        starts.append(end)
    return starts


def frames(text: str, spans: Sequence[Span]) -> list[Frame]:
    """The clause around each span; spans number their paragraphs as `paragraphs(text)` does."""
    found_paragraphs = paragraphs(text)
    ends = paragraph_sentence_ends(text)
    opens = [span.open for span in spans]
    by_paragraph: dict[int, list[int]] = {}
    for position, span in enumerate(spans):
        by_paragraph.setdefault(span.paragraph, []).append(position)
    result: list[Frame | None] = [None] * len(spans)
    for number, members in by_paragraph.items():
        paragraph = found_paragraphs[number]
        starts = _sentence_starts(text, paragraph, ends[number], opens, spans)
        for order, position in enumerate(members):
            span = spans[position]
            sentence = bisect.bisect_right(starts, span.open) - 1
            previous_close = spans[members[order - 1]].outer_end if order else paragraph.start
            before = (max(starts[sentence], previous_close, span.open - CONTEXT), span.open)
            next_open = spans[members[order + 1]].open if order + 1 < len(members) else paragraph.end
            after = (span.outer_end, min(next_open, span.outer_end + CONTEXT))
            previous = (starts[sentence - 1], starts[sentence]) if sentence > 0 else None
            result[position] = Frame(before, after, starts[sentence], previous)
    return [frame for frame in result if frame is not None]


def _after_speaker(index: PeopleIndex, span: Span, frame: Frame) -> Speaker | None:
    """“…,” said X / “…,” X said / “…,” he added / “…,” according to X."""
    text = index.text
    start, end = frame.after
    cursor = AFTER_PUNCT.match(text, start, end)
    position = cursor.end() if cursor else start
    if text[span.start : span.end].rstrip().endswith(".") and text[position : position + 1].isupper():
        return None  # the quote closed its sentence; what follows starts another
    verb = VERB.match(text, position, end)
    if verb is not None:
        return speaker_of_verb(index, verb, position, end)
    mention = index.starting_at(position)
    if mention is not None and mention.start == position:
        gap = GAP.match(text, mention.tail, end)
        verb = VERB.match(text, gap.end() if gap else mention.tail, end)
        if verb is not None:
            return speaker_of_verb(index, verb, position, end)
    pronoun = re.match(r"(?i:he|she)\b", text[position : position + 4])
    if pronoun is not None:
        gap = GAP.match(text, position + len(pronoun.group()), end)
        verb = VERB.match(text, gap.end() if gap else position, end)
        if verb is not None:
            return speaker_of_verb(index, verb, position, end)
    verb = _later_verb(text, position, min(end, position + LATER_REACH))
    return None if verb is None else speaker_of_verb(index, verb, position, end)


def _later_verb(text: str, start: int, end: int) -> re.Match[str] | None:
    """“…,” Tulsa police Chief Jo Poe said / “…” for the rest, she said: the first reporting
    verb after a few words, in the same sentence; speaker_of_verb judges its subject."""
    verb = VERB.search(text, start, end)
    if verb is None or STOPS.search(text, start, verb.start()):
        return None
    if any(word.lower() in CLAUSE_OPENERS for word in WORD.findall(text, start, verb.start())):
        return None  # “…,” when Roe said: a clause of its own, whose subject did not say the quote
    if next(sentence_ends(text, Paragraph(start, verb.start())), None) is not None:
        return None
    return verb


def _verbs(
    index: PeopleIndex, bounds: tuple[int, int], opens: Sequence[int], spans: Sequence[Span]
) -> list[re.Match[str]]:
    return [verb for verb in VERB.finditer(index.text, *bounds) if not _inside(opens, spans, verb.start())]


def _clause_speaker(
    index: PeopleIndex, bounds: tuple[int, int], opens: Sequence[int], spans: Sequence[Span]
) -> tuple[Speaker | None, bool]:
    """The speaker of the last reporting verb in bounds that has one, and whether any verb stands there."""
    verbs = _verbs(index, bounds, opens, spans)
    for verb in reversed(verbs):
        speaker = speaker_of_verb(index, verb, bounds[0], bounds[1])
        if speaker is not None:
            return speaker, True
    return None, bool(verbs)


def _words(text: str) -> list[str]:
    return WORD.findall(text) or text.split()  # WORD has no capturing group: whole matches


def _first_letter(text: str) -> str:
    return next((char for char in text if char.isalpha()), "")


def _naming_noun_before(before: str) -> tuple[bool, bool]:
    """(a naming noun stands right before, and it is followed by a colon)."""
    match = NAMING_NOUN_BEFORE.search(before[-60:])
    if match is None:
        return False, False
    noun = match.group("noun").lower()
    return noun in NAMING_NOUNS, match.group("punct") == ":"


def _naming_noun_after(after: str) -> bool:
    """“Peace Mission” series, “Nurly Zhol” economic policy: the span modifies a noun."""
    for word in re.findall(r"[\w’'-]+|[^\w\s]", after[:60])[:4]:
        lowered = word.lower()
        if lowered in NAMING_NOUNS:
            return True
        if not word[0].isalnum() or lowered in MINOR_WORDS or lowered in {"that", "which", "who"}:
            return False
    return False


def rejected(
    text: str,
    span: Span,
    frame: Frame,
    after_speaker: Speaker | None,
    attributed: bool,
    continued: frozenset[int],
) -> bool:
    """True when a quoted span is a title, name, slogan or term rather than someone's words."""
    quoted = text[span.start : span.end]
    words = _words(quoted)
    before = text[frame.before[0] : frame.before[1]]
    after = text[frame.after[0] : frame.after[1]]
    title_cased = is_title_cased(words)  # once: the rules below ask three times
    clause = len(words) >= 3 and not title_cased  # several words, some of them not capitalised
    ends_like_speech = quoted.rstrip()[-1:] in TERMINAL
    if NAMING_CUE.search(before[-80:]):
        return True
    if title_cased and len(words) <= 8 and SHOW_CUE.search(before[-30:]):
        return True
    if span.close is None or span.open in continued:
        return False  # one paragraph of a speech that runs on over several
    naming_before, colon = _naming_noun_before(before)
    if naming_before and not (clause and (colon or after_speaker is not None)):
        return True
    if len(words) <= 6 and not ends_like_speech and _naming_noun_after(after):
        return True
    if title_cased and len(words) <= 14:
        return not (ends_like_speech and after_speaker is not None)
    fragment = _first_letter(quoted).islower() or len(words) <= 2
    return fragment and not attributed


def is_partial(text: str, span: Span, frame: Frame) -> bool:
    """A fragment woven into the writer's sentence rather than a sentence of its own."""
    quoted = text[span.start : span.end]
    if _first_letter(quoted).islower():
        return True
    before = text[frame.before[0] : frame.before[1]].strip()
    if not before or before[-1] in ":—–-":
        return False
    verbs = list(VERB.finditer(before))
    if not verbs:
        return True
    last = verbs[-1]
    tail = before[last.end() :]
    if before.endswith(","):
        return False
    return bool(tail.strip()) and not re.fullmatch(r"\s+[\w’'.-]+(?:\s+[\w’'.-]+){0,3}", tail)


def _quote_only(span: Span, paragraph: Paragraph) -> bool:
    return span.open == paragraph.start and span.outer_end >= paragraph.end - 1


@dataclass(frozen=True)
class Analysis:
    """The quote marks and the mentions of people in one text, shared by quotes and people."""

    paragraphs: tuple[Paragraph, ...]
    spans: tuple[Span, ...]
    index: PeopleIndex


@functools.lru_cache(maxsize=4)
def analyse(text: str) -> Analysis:
    """Cached because the quote and the people extractors both need it for the same text."""
    found_paragraphs = paragraphs(text)
    spans = find_spans(text, found_paragraphs)
    index = build_index(text, [(span.open, span.outer_end) for span in spans])
    return Analysis(tuple(found_paragraphs), tuple(spans), index)


def extract_quotes(document: Document) -> tuple[Quote, ...]:
    text = document.text
    analysis = analyse(text)
    found_paragraphs, spans, index = analysis.paragraphs, analysis.spans, analysis.index
    span_frames = frames(text, spans)
    opens = [span.open for span in spans]
    continued = _continuations(spans)
    judged: list[Judged] = []
    paragraph_speakers: dict[int, Speaker | None] = {}
    for span, frame in zip(spans, span_frames, strict=True):
        if document.is_boilerplate(span.open, span.outer_end):
            continue
        after_speaker = _after_speaker(index, span, frame)
        before_speaker, before_verb = _clause_speaker(index, frame.before, opens, spans)
        if not before_verb and judged and _same_sentence(judged[-1].span, span, frame):
            # “A,” he said, and added that “b”: one sentence, one speaker
            before_speaker = _carried(judged[-1].speaker, "sentence")
            before_verb = before_verb or judged[-1].attributed
        if (
            not before_verb
            and frame.sentence_start < frame.before[0]
            and not index.any_between(*frame.before)
        ):
            # concerns about “a” and general “b”: the verb before an earlier span of the sentence
            # (a term or title it did not keep) governs this one, unless someone is named between.
            before_speaker, before_verb = _clause_speaker(
                index, (frame.sentence_start, span.open), opens, spans
            )
            before_speaker = _carried(before_speaker, "sentence")
        own = after_speaker or before_speaker
        attributed = own is not None or before_verb
        if rejected(text, span, frame, after_speaker, attributed, continued):
            continue
        speaker = own or _inherited(
            index, span, frame, found_paragraphs, judged, paragraph_speakers, opens, spans
        )
        judged.append(Judged(span, speaker, attributed, is_partial(text, span, frame)))
        if speaker is not None:
            paragraph_speakers[span.paragraph] = speaker
    judged = _share_within_groups(judged)
    return tuple(
        Quote(
            id=f"{document.id}#q{number}",
            source=document.id,
            start=item.span.start,
            end=item.span.end,
            text=text[item.span.start : item.span.end],
            speaker=(item.speaker.name or None) if item.speaker else None,  # NOBODY has no name
            speaker_role=index.role_of(item.speaker.name) if item.speaker else None,
            partial=item.partial,
            speaker_basis=item.speaker.basis if item.speaker else None,
        )
        for number, item in enumerate(judged, start=1)
    )


def _inherited(
    index: PeopleIndex,
    span: Span,
    frame: Frame,
    found_paragraphs: Sequence[Paragraph],
    judged: Sequence[Judged],
    paragraph_speakers: dict[int, Speaker | None],
    opens: Sequence[int],
    spans: Sequence[Span],
) -> Speaker | None:
    """A quote with no attribution of its own: the speaker just before it, if there is one."""
    if judged and judged[-1].span.group == span.group and judged[-1].speaker is not None:
        return _carried(judged[-1].speaker, "continued")
    if frame.previous_sentence is not None:
        if (
            judged
            and judged[-1].span.paragraph == span.paragraph
            and judged[-1].speaker is not None
            and judged[-1].span.open >= frame.previous_sentence[0]
        ):
            return _carried(judged[-1].speaker, "sentence")
        speaker, _ = _clause_speaker(index, frame.previous_sentence, opens, spans)
        if speaker is None and judged and judged[-1].span.paragraph == span.paragraph:
            # “A,” Poe said after meeting Roe. He did not say more. “B.”: no one else took
            # the floor since the last quote of the paragraph, so it is still Poe's.
            earlier = judged[-1].speaker
            if earlier is not None and earlier is not NOBODY:
                others = index.subjects_between(judged[-1].span.outer_end, span.open) - {earlier.name}
                return None if others else _carried(earlier, "paragraph")
        return _carried(speaker, "sentence")
    paragraph = found_paragraphs[span.paragraph]
    if not _quote_only(span, paragraph) or span.paragraph == 0:
        return None
    previous = span.paragraph - 1
    if previous in paragraph_speakers:
        return _carried(paragraph_speakers[previous], "paragraph")
    bounds = (found_paragraphs[previous].start, found_paragraphs[previous].end)
    speaker, _ = _clause_speaker(index, bounds, opens, spans)
    return _carried(speaker, "paragraph")


def _carried(speaker: Speaker | None, basis: str) -> Speaker | None:
    """A speaker found for an earlier quote or sentence, marked as carried over; nobody stays nobody."""
    if speaker is None or speaker is NOBODY:
        return speaker
    return replace(speaker, basis=basis)


def _same_sentence(earlier: Span, span: Span, frame: Frame) -> bool:
    return earlier.paragraph == span.paragraph and earlier.open >= frame.sentence_start


def _continuations(spans: Sequence[Span]) -> frozenset[int]:
    """Opening marks of the last pieces of quotes that ran over paragraphs."""
    return frozenset(
        later.open
        for earlier, later in itertools.pairwise(spans)
        if earlier.close is None and later.group == earlier.group
    )


def _share_within_groups(judged: Sequence[Judged]) -> list[Judged]:
    """Pieces of one quote running over paragraphs share the speaker found in any piece."""
    speakers: dict[int, Speaker] = {}
    for item in judged:
        if item.speaker is not None:
            speakers.setdefault(item.span.group, item.speaker)
    return [
        item
        if item.speaker is not None or item.span.group not in speakers
        else replace(item, speaker=_carried(speakers[item.span.group], "continued"))
        for item in judged
    ]
