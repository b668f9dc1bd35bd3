"""Facts: the sentences of a source that carry a figure or a date, or report a decision or
an outcome ("Kazakhstan proposed an agreement", "Belarus was admitted"), cited verbatim."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from briefgen import lexicon
from briefgen.extract.figures import anchors, find_figures
from briefgen.extract.verbs import trie_pattern
from briefgen.model import Document, Fact, Span
from briefgen.text import UPPER, sentences

# The verbs are data (lexicon/en/decision_verbs.txt); "to adopt" plans, "adopted" reports.
DECISION_VERBS = lexicon.wordset("decision_verbs")
DECISION = re.compile(rf"(?<![\w’'-])(?<!to )(?P<verb>{trie_pattern(DECISION_VERBS)})(?![\w’'-])")
# DECISION's matches after the character before them: a pattern led by letters is tried at
# nearly every position, one led by a character that ends a word only at those.
DECISION_AFTER = re.compile(rf"[^\w’'-](?<!to )(?P<verb>{trie_pattern(DECISION_VERBS)})(?![\w’'-])")
# A quotation within one paragraph; an opening mark ends the search for the close, so that
# marks that never close cost a scan of their own paragraph, not of everything after them.
QUOTED = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"")
_NAME = rf"{UPPER}[\w-]*(?:[ \u00a0]+(?:of[ \u00a0]+(?:the[ \u00a0]+)?)?{UPPER}[\w-]*)*"
# Who decided: a name right before the verb, across auxiliaries and adverbs ("Kazakhstan
# has also proposed"), or after "by" in the passive ("was signed by the ministers").
ACTOR_BEFORE = re.compile(
    rf"(?P<actor>{_NAME})(?:[ \u00a0]+(?:has|have|had|also|formally|jointly|"
    rf"officially|unanimously|finally|[a-z]+ly))*[ \u00a0]+$"
)
FUNCTION_WORDS = lexicon.wordset("function_words")
ACTOR_AFTER = re.compile(rf"[ \u00a0]+by[ \u00a0]+(?:the[ \u00a0]+)?(?P<actor>{_NAME})")


def decision_in(text: str, start: int, end: int) -> tuple[str, str | None] | None:
    """The verb that reports a decision in text[start:end], outside quotation marks, and
    the actor where the sentence names one; None when it reports none."""
    quoted: list[tuple[int, int]] | None = None  # found at the first verb: most sentences have none
    for verb_start, verb_end, verb in decision_matches(text, start, end):
        if quoted is None:
            quoted = [(m.start(), m.end()) for m in QUOTED.finditer(text, start, end)]
        if any(low <= verb_start < high for low, high in quoted):
            continue
        before = ACTOR_BEFORE.search(text, start, verb_start)
        after = ACTOR_AFTER.match(text, verb_end, end)
        actor = before.group("actor") if before else after.group("actor") if after else None
        return verb, None if actor is None or actor.lower() in FUNCTION_WORDS else actor
    return None


def decision_matches(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """The spans and words of DECISION.finditer(text, start, end): the match at start, then
    those of DECISION_AFTER (no verb holds a character that ends a word)."""
    first = DECISION.match(text, start, end)
    if first is not None:
        yield first.start(), first.end(), first.group("verb")
    for match in DECISION_AFTER.finditer(text, first.end() if first else start, end):
        yield match.start("verb"), match.end(), match.group("verb")


def outside_boilerplate(document: Document, sentence: Span) -> Span | None:
    """The sentence less boilerplate at its edges (" date 2024-07-10 As the chair...");
    None when boilerplate covers it or sits in its middle."""
    start, end = sentence.start, sentence.end
    for span in document.boilerplate:
        if span.end <= start or span.start >= end:
            continue
        if span.start <= start:
            start = span.end
        elif span.end >= end:
            end = span.start
        else:
            return None
    if (start, end) == (sentence.start, sentence.end):
        return sentence
    text = document.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None


def extract_facts(document: Document) -> tuple[Fact, ...]:
    text = document.text
    facts: list[Fact] = []
    # One scan for digits and number words; most sentences have none and are passed over.
    starts = anchors(text)
    decisions = figure_facts = 0
    for candidate in sentences(text):
        sentence = outside_boilerplate(document, candidate)
        if sentence is None:
            continue
        inside = starts[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]
        figures = tuple(find_figures(text, sentence.start, sentence.end, inside)) if inside else ()
        decision = decision_in(text, sentence.start, sentence.end)
        if not figures and decision is None:
            continue
        # Decisions without a figure are numbered on their own, so that adding them keeps
        # the ids of the facts with figures.
        if figures:
            figure_facts += 1
            fact_id = f"{document.id}#f{figure_facts}"
        else:
            decisions += 1
            fact_id = f"{document.id}#d{decisions}"
        facts.append(
            Fact(
                id=fact_id,
                source=document.id,
                start=sentence.start,
                end=sentence.end,
                text=text[sentence.start : sentence.end],
                figures=figures,
                decision=decision[0] if decision else None,
                actor=decision[1] if decision else None,
            )
        )
    return tuple(facts)
