"""What one document names that an item can be about, or a reference can stand for: bodies
(by acronym or by a name with a body noun: "Organization of Turkic States"), countries,
routes, programmes and events, each with its kind, and the noun phrases that name one of
them by a head noun ("Kazakhstan’s chairmanship", "the 24th summit of the Council").

An acronym defined in the document ("Shanghai Cooperation Organization (SCO)") is the key
of its long form too, so the two spellings count as one entity.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

from briefgen import lexicon
from briefgen.extract.names import POSSESSIVE, match_start, verb_follows
from briefgen.extract.verbs import led_trie_pattern, trie_pattern
from briefgen.text import UPPER

BODY_NOUNS = dict(lexicon.table("body_nouns"))
REFERENCE_NOUNS = dict(lexicon.table("reference_nouns"))
COUNTRIES = lexicon.words("countries")
COUNTRY_SET = frozenset(COUNTRIES)
NON_ENTITY_ACRONYMS = lexicon.wordset("non_entity_acronyms")
FUNCTION_WORDS = lexicon.wordset("function_words")
TITLE_WORDS = frozenset(word.title() for word in lexicon.words("title_words")) | frozenset(
    word.title() for word in lexicon.words("role_nouns")
)
LEADING_WORDS = FUNCTION_WORDS | lexicon.wordset("prepositions")
MONTHS = frozenset(word.split()[0].lower() for word in lexicon.words("months"))
# "Nurses' Union": a plural's apostrophe stays inside a name; "Kazakhstan’s" ends one.
_TOKEN = rf"{UPPER}[\w-]*(?:[’'](?!s\b)[\w-]+)*(?:(?<=s)[’'](?=[ \u00a0]{UPPER}))?"
# A capitalised name, small joining words allowed inside: "Council of Heads of State".
NAME_RUN = re.compile(rf"{_TOKEN}(?:[ \u00a0]+(?:(?:of|for|and|on|in|the|de)[ \u00a0]+)*{_TOKEN})*")
# The look-behind (no word before the capital) follows the first capital: a pattern that
# opens with a character class is scanned for at C speed, one that opens with a look-behind
# is tried at every position.
ACRONYM = re.compile(r"[A-Z](?<![\w’'-][A-Z])[A-Z0-9]{1,6}(?!\w)(?![’'](?!s\b))")
DEFINED_ACRONYM = re.compile(r"[ \u00a0]*\(([A-Z][A-Z0-9]{1,6})\)")
WORD_RUN = re.compile(r"\S+")
ROMAN = re.compile(r"[IVXLC]+")
COUNTRY = re.compile(led_trie_pattern(frozenset(COUNTRIES), r"[\w-]") + r"(?![\w-])")
HEADS = trie_pattern(frozenset(REFERENCE_NOUNS))
ARTICLE = re.compile(r"(?:[Tt]he)[ \u00a0]+$")
# Noun phrases that name something by a head noun, and what names it.
OWNED = re.compile(
    rf"(?P<name>{NAME_RUN.pattern})[’']s[ \u00a0]+(?:[a-z][\w-]*[ \u00a0]+){{0,2}}"
    rf"(?P<head>{HEADS})\b(?![’'-])"
)
HEAD_OF = re.compile(
    rf"(?:(?:[Tt]he)[ \u00a0]+)?(?:\d+(?:st|nd|rd|th)[ \u00a0]+)?(?P<head>{HEADS})[ \u00a0]+of[ \u00a0]+"
    rf"(?:the[ \u00a0]+)?(?P<name>{NAME_RUN.pattern})"
)
NAMED_HEAD = re.compile(
    rf"(?:(?:[Tt]he)[ \u00a0]+)?(?P<name>{NAME_RUN.pattern})[ \u00a0]+(?P<head>{HEADS})\b(?![’'-])"
)
ORGANISATION = "organisation"
COUNTRY_KIND = "country"
# The three phrase patterns start with optional words, so the regex engine tries them at
# every position; they are searched for only near a head noun found first.
HEAD_WORDS = frozenset(REFERENCE_NOUNS)
# The lengths of the head nouns by how they end: most words before " of " end as none does.
ENDING = min(3, *(len(word) for word in HEAD_WORDS))
HEAD_LENGTHS_BY_ENDING = {
    ending: tuple(sorted({len(word) for word in HEAD_WORDS if word.endswith(ending)}))
    for ending in {word[-ENDING:] for word in HEAD_WORDS}
}
HEAD_AFTER_SPACE = re.compile(rf"[ \u00a0](?:{HEADS})\b(?![’'-])")
# HEAD_AFTER_SPACE after each space: a pattern led by one character is scanned for far
# faster than one led by a class, and a text seldom holds a no-break space.
HEAD_AFTER_SPACE_PARTS = tuple(re.compile(rf"{space}(?:{HEADS})\b(?![’'-])") for space in (" ", "\u00a0"))
SPACED_OF = re.compile(r"[ \u00a0]+of(?=[ \u00a0])")
# No phrase match spans a character outside this class (punctuation, line breaks).
PHRASE_BREAK = re.compile(r"[^\w’' \u00a0-]")
NAME_BEFORE_HEAD = re.compile(rf"{UPPER}[\w’'-]*[ \u00a0]+\Z")
OWNER_BEFORE_HEAD = re.compile(r"[’']s[ \u00a0]+(?:[a-z][\w-]*[ \u00a0]+){0,2}\Z")


class Entity(NamedTuple):
    """Something named in running text: `start`/`end` are the words as printed, with "the"
    when the text puts it before them; `key` is what it names (an acronym's short form, else
    the name); `head` is the head noun of a descriptive phrase ("chairmanship"), or "". A
    named tuple, as a document names hundreds."""

    start: int
    end: int
    key: str
    kind: str
    head: str = ""
    name_start: int = -1  # where the name itself starts ("Trans-Caspian", not "the")

    @property
    def bare_start(self) -> int:
        return self.name_start if self.name_start >= 0 else self.start


def _with_article(text: str, start: int) -> int:
    article = ARTICLE.search(text, max(0, start - 5), start)
    return article.start() if article else start


@lru_cache(maxsize=4)
def _runs(text: str) -> tuple[tuple[int, int], ...]:
    """Capitalised names, two names joined by "and the" told apart ("SCO and the United
    Nations Environment Programme"), and a month ending none ("Summit on July")."""
    found: list[tuple[int, int]] = []
    for match in NAME_RUN.finditer(text):
        low = match.start()
        for a, b in _run_parts(match.group()):
            found.append((low + a, low + b))
    return tuple(found)


@lru_cache(maxsize=1 << 14)
def _run_parts(run: str) -> tuple[tuple[int, int], ...]:
    """The parts of one run that `_runs` keeps, as offsets into it; cached, as the same
    runs ("Kazakhstan", "The") come again and again."""
    found = []
    low = 0
    for part in run.split(" and the "):
        if part.split()[0] not in TITLE_WORDS:  # "President of the Republic of ...": a person
            found.append((low, low + len(part)))
        low += len(part) + len(" and the ")
    return tuple(found)


def _trimmed(text: str, low: int, high: int) -> tuple[int, int, str] | None:
    """A name less the capitalised words that open a sentence or a phrase ("The", "Under")
    and less a month and what follows it."""
    words = [(m.start(), m.end(), m.group()) for m in WORD_RUN.finditer(text[low:high])]
    for index, (_, _, word) in enumerate(words):
        if index and word.lower() in MONTHS:
            words = words[:index]
            break
    while words and words[0][2].lower() in LEADING_WORDS:
        words = words[1:]
    # "Patients of the Northvale Health Board": a word before "of" that names no body is
    # not part of the name.
    if len(words) > 2 and words[1][2] in {"of", "for"} and words[0][2].lower() not in BODY_NOUNS:
        words = words[2:]
        while words and words[0][2].lower() in LEADING_WORDS:
            words = words[1:]
    while words and (
        words[-1][2].lower() in LEADING_WORDS or words[-1][2] in {"of", "for", "on", "in", "the"}
    ):
        words = words[:-1]
    if not words:
        return None
    return low + words[0][0], low + words[-1][1], text[low + words[0][0] : low + words[-1][1]]


def _body_kind(name: str) -> str | None:
    kinds = [BODY_NOUNS[word.lower()] for word in name.split() if word.lower() in BODY_NOUNS]
    return kinds[0] if kinds else None


@lru_cache(maxsize=1 << 14)
def _body_name(run: str) -> tuple[int, int, str, str] | None:
    """Where in a run the name of a body is, the name with its spaces made single, and its
    kind; cached, as a text's runs depend on nothing but their words and repeat."""
    # Trimming only drops words, so a run with no body noun names no body: most runs
    # ("Kazakhstan", "Monday") are passed over without being trimmed.
    if not any(word.lower() in BODY_NOUNS for word in run.split()):
        return None
    trimmed = _trimmed(run, 0, len(run))
    if trimmed is None:
        return None
    start, end, name = trimmed
    name = " ".join(name.split())
    kind = _body_kind(name)
    return None if kind is None else (start, end, name, kind)


def acronym_definitions(text: str) -> dict[str, str]:
    """Long form -> acronym, for every "Long Form (ACR)" in the text."""
    found: dict[str, str] = {}
    for low, high in _runs(text):
        defined = DEFINED_ACRONYM.match(text, high)
        trimmed = _trimmed(text, low, high) if defined else None
        if defined and trimmed and trimmed[1] == high:
            found.setdefault(" ".join(trimmed[2].split()), defined.group(1))
    return found


def is_acronym(text: str, match: re.Match[str]) -> bool:
    word = match.group()
    if word in NON_ENTITY_ACRONYMS or word in COUNTRY_SET or ROMAN.fullmatch(word):
        return False
    # "ASTANA—", "ASTANA –": the city a report is filed from.
    after = text[match.end() : match.end() + 3].lstrip()
    return not (after[:1] in {"—", "–", "-", ","} and opens_line(text, match.start()))


def opens_line(text: str, position: int) -> bool:
    """Whether only white space stands between the line's start and position; read back
    from position, as a slice from the line's start made a 5 MB line quadratic."""
    index = position - 1
    while index >= 0 and text[index] != "\n":
        if not text[index].isspace():
            return False
        index -= 1
    return True


def inside_run(runs: list[tuple[int, int]], starts: list[int], position: int) -> bool:
    """Whether position falls in one of the runs (sorted, not overlapping), found by bisection."""
    index = bisect.bisect_right(starts, position) - 1
    return index >= 0 and runs[index][0] <= position < runs[index][1]


def heads_after_space(text: str) -> list[int]:
    """Where a head noun starts after a space, as NAMED_HEAD and OWNED have it: the matches
    of HEAD_AFTER_SPACE, found as those of its parts, unless two of those overlap."""
    spaced, unbroken = HEAD_AFTER_SPACE_PARTS
    found = list(spaced.finditer(text))
    if "\u00a0" in text:
        found = sorted([*found, *unbroken.finditer(text)], key=match_start)
        if any(earlier.end() > later.start() for earlier, later in itertools.pairwise(found)):
            found = list(HEAD_AFTER_SPACE.finditer(text))
    return [match.start() + 1 for match in found]


def heads_before_of(text: str) -> list[int]:
    """Where a head noun ends right before " of ", as HEAD_OF has it (inside a word too)."""
    found: set[int] = set()
    for end in spaced_ofs(text):
        lengths = HEAD_LENGTHS_BY_ENDING.get(text[end - ENDING : end], ()) if end >= ENDING else ()
        found.update(end - n for n in lengths if n <= end and text[end - n : end] in HEAD_WORDS)
    return sorted(found)


def spaced_ofs(text: str) -> list[int]:
    """Where each match of SPACED_OF starts, found with str.find: a scan led by a class of
    spaces tries every character. A match starts at the first of the spaces before "of"."""
    found = set()
    for space in (" ", "\u00a0"):
        at = text.find(f"{space}of")
        while at >= 0:
            if text[at + 3 : at + 4] in (" ", "\u00a0"):
                start = at
                while start and text[start - 1] in " \u00a0":
                    start -= 1
                found.add(start)
            at = text.find(f"{space}of", at + 1)
    return sorted(found)


def _phrase_start(reverse: str, position: int, head: int) -> int:
    """Where the phrase holding the head noun at head starts, not before position: after the
    last phrase break before head. Searched for in the reversed text, as no pattern searches
    back; listing every break of the text cost more than all these searches."""
    size = len(reverse)
    found = PHRASE_BREAK.search(reverse, size - head, size - position)
    return size - found.start() if found else position


def head_led_matches(
    pattern: re.Pattern[str],
    text: str,
    heads: list[int],
    reverse: str,
    before_head: re.Pattern[str] | None = None,
) -> list[re.Match[str]]:
    """The matches of `pattern.finditer(text)`, given every position where a match's head
    noun can start (sorted) and the text reversed: each is searched for from the phrase
    break before a head, if what stands before the head (`before_head`, ending at it) allows one.

    The search stops at the break after the head: no match holds a break, and at a break
    the patterns' look-aheads see what they see at the end of a text. Unbounded, a search
    whose phrase held no match ran on through the text to the next phrase that did."""
    found: list[re.Match[str]] = []
    position = 0
    for head in heads:
        while head >= position:
            low = _phrase_start(reverse, position, head)
            if before_head is not None and before_head.search(text, low, head) is None:
                break
            after = PHRASE_BREAK.search(text, head)
            high = after.start() if after else len(text)
            match = pattern.search(text, low, high)
            if match is None:
                position = high
                break
            found.append(match)
            position = match.end()
            if match.start() > head:
                break
    return found


def phrase_matches(text: str) -> tuple[tuple[re.Pattern[str], re.Match[str]], ...]:
    """OWNED, HEAD_OF and NAMED_HEAD matches, each pattern's in text order."""
    reverse = text[::-1]
    after_space = heads_after_space(text)
    return tuple(
        (pattern, match)
        for pattern, heads, before in (
            (OWNED, after_space, OWNER_BEFORE_HEAD),
            (HEAD_OF, heads_before_of(text), None),
            (NAMED_HEAD, after_space, NAME_BEFORE_HEAD),
        )
        for match in head_led_matches(pattern, text, heads, reverse, before)
    )


@lru_cache(maxsize=16)
def entities(text: str) -> tuple[Entity, ...]:
    """Every body, country, route, programme, event and descriptive phrase, in text order."""
    definitions = acronym_definitions(text)
    kinds_of_acronym = {short: _body_kind(long) or ORGANISATION for long, short in definitions.items()}
    found: list[Entity] = []
    runs: list[tuple[int, int]] = []
    for low, high in _runs(text):
        body = _body_name(text[low:high])
        if body is None:
            continue
        start, end, name, kind = low + body[0], low + body[1], body[2], body[3]
        if " " not in name and name not in definitions:
            continue  # "Plan", "Agreement" alone name nothing
        key = definitions.get(name, name)
        found.append(Entity(_with_article(text, start), end, key, kind, name_start=start))
        runs.append((start, end))
    for match in ACRONYM.finditer(text):
        if is_acronym(text, match):
            kind = kinds_of_acronym.get(match.group(), ORGANISATION)
            start = _with_article(text, match.start())
            found.append(Entity(start, match.end(), match.group(), kind, name_start=match.start()))
    run_starts = [low for low, _ in runs]
    for match in COUNTRY.finditer(text):
        if not inside_run(runs, run_starts, match.start()):
            found.append(Entity(match.start(), match.end(), match.group(), COUNTRY_KIND))
    for pattern, match in phrase_matches(text):
        trimmed = _trimmed(text, match.start("name"), match.end("name"))
        if trimmed is None:
            continue
        name_start, _, name = trimmed
        name = " ".join(name.split())
        head = match.group("head").lower()
        start = match.start() if pattern is HEAD_OF else _with_article(text, name_start)
        key = definitions.get(name, name)
        found.append(Entity(start, match.end(), key, REFERENCE_NOUNS[head], head, name_start))
    return tuple(sorted(set(found), key=lambda e: (e.start, -e.end)))


def canonical(key: str, definitions: dict[str, str]) -> str:
    return definitions.get(key, key)


def in_subject_place(text: str, entity: Entity) -> bool:
    """A name followed by its verb or its possessive: "Kazakhstan accounts", "Kazakhstan’s"."""
    return POSSESSIVE.match(text, entity.end) is not None or verb_follows(text, entity.end)


def sentence_entity(text: str, found: tuple[Entity, ...], start: int, end: int) -> tuple[str | None, bool]:
    """What a sentence names that it can be about: the first body it names by acronym, else
    the first body named in full, else the first event, else a country in its subject's
    place ("Kazakhstan accounts", "Kazakhstan’s"); and whether it names a body or event."""
    named: Entity | None = None
    event: Entity | None = None
    country: Entity | None = None
    # One pass, each kind's first kept: called for nearly every sentence of a document.
    for entity in found:
        if entity.head or not start <= entity.bare_start < end:
            continue
        if entity.kind == ORGANISATION:
            if ACRONYM.fullmatch(entity.key):
                return entity.key, True
            named = named or entity
        elif entity.kind == "event":
            event = event or entity
        elif entity.kind == COUNTRY_KIND and country is None and in_subject_place(text, entity):
            country = entity
    chosen = named or event
    if chosen is not None:
        return chosen.key, True
    return (country.key, False) if country is not None else (None, False)


def is_country(key: str) -> bool:
    return key in COUNTRY_SET


def document_subject(text: str, bodies_only: bool = False) -> str:
    """The entity a document names most often (an acronym counts with its long form), or
    the body it names most often."""
    named = [e for e in entities(text) if not e.head and not (bodies_only and e.kind == COUNTRY_KIND)]
    counts: Counter[str] = Counter(e.key for e in named)
    first: dict[str, int] = {}
    for entity in named:
        first.setdefault(entity.key, entity.start)
    # Ties go to the one named first: a report names its subject early.
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], first[pair[0]]))
    return ranked[0][0] if ranked else ""
