"""The people index: who is mentioned where in one document, and whom a role or pronoun stands for."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from briefgen import lexicon
from briefgen.extract.entities import FUNCTION_WORDS
from briefgen.extract.gender import GENDER_WORDS, PRONOUN_GENDER, described_gender, gender_of
from briefgen.extract.names import (
    FINITE_VERB,
    POSSESSIVE,
    PREPOSITIONS,
    NameMatch,
    match_start,
    name_matches,
    register,
    same_but_initials,
    verb_follows,
)
from briefgen.extract.roles import TITLE_MODIFIERS, word_before
from briefgen.extract.verbs import GAP, GAP_VERB, VERB, trie_pattern, verb_at
from briefgen.model import Span
from briefgen.text import LETTER, UPPER, sentence_ends

ROLE_NOUNS = lexicon.wordset("role_nouns")
_ROLE_TAIL = (
    rf"[ \u00a0]+(?:(?:(?i:{trie_pattern(TITLE_MODIFIERS)})|{UPPER}{LETTER}+)[ \u00a0]+){{0,3}}"
    rf"(?P<noun>(?i:{trie_pattern(ROLE_NOUNS)}))(?![\w’'-])"
)
_DESCRIPTION_MODIFIER = rf"(?:(?i:{trie_pattern(TITLE_MODIFIERS)})|{UPPER}(?:{LETTER}|\.)+)"
_OF_WHAT = r"(?:[ \u00a0]+of[ \u00a0]+(?!the\b)[a-z]+)?"
# What may follow a role phrase in one description: "the former secretary of state and
# current presidential nominee", "the former first lady and U.S. senator".
DESCRIPTION_TAIL = re.compile(
    rf"{_OF_WHAT}(?:[ \u00a0]+and(?:[ \u00a0]+{_DESCRIPTION_MODIFIER}){{0,3}}[ \u00a0]+"
    rf"(?i:{trie_pattern(ROLE_NOUNS)})(?![\w’'-]){_OF_WHAT})?"
)
OF_LOWER = re.compile(r"[ \u00a0]+of[ \u00a0]+(?!the\b)[a-z]")
# "the minister", "The deputy foreign minister": who a role stands for is found later.
ROLE_PHRASE = re.compile(rf"[tT](?<![\w’'-].)he{_ROLE_TAIL}")
# The same as two patterns led by a literal word, which the engine finds far faster than
# a class; see role_phrases.
ROLE_PHRASE_PARTS = tuple(re.compile(rf"{the}(?<![\w’'-]{the}){_ROLE_TAIL}") for the in ("the", "The"))
# Read in a three-character window after a role phrase ("the President of", "the Minister Smith").
TITLE_AFTER_ROLE = re.compile(rf"[ \u00a0]+(?:of\b|for\b|{UPPER})")
ROLE_WORD_SEPARATOR = re.compile(r"[\s-]+")
NEWLINES = re.compile(r"\n+")
# "my father said", "her son has": a kin or role word of one gender as a subject, unnamed.
UNNAMED_KIN = {
    gender: re.compile(
        rf"(?<![\w’'-])(?i:my|his|her|our|their|your)[ \u00a0]+"
        rf"(?i:{trie_pattern(word for word, found in GENDER_WORDS.items() if found == gender)})"
        rf"(?:(?={GAP_VERB.pattern})|(?={FINITE_VERB.pattern}))"
    )
    for gender in ("f", "m")
}
MODIFIER_GAP = re.compile(r"(?:[ \u00a0]+[a-z]+){1,2}[ \u00a0]+")


class Mention(NamedTuple):
    """A reference to a person (or a named speaker) in running text, outside quotes; a named
    tuple, as a document's index makes one or two for each."""

    start: int
    end: int
    tail: int  # end of the mention with its appositive role and that role's closing comma
    key: str  # the full name it resolves to
    roles: tuple[str, ...]
    subject: bool  # stands as the subject of its clause (so it can be "he" later)
    person: bool  # a person, not an organisation named as a speaker


@dataclass(frozen=True)
class PeopleIndex:
    """Who is mentioned where in one document; built once, looked up per quote."""

    text: str
    mentions: tuple[Mention, ...]
    starts: tuple[int, ...]
    tails: tuple[int, ...]
    roles: dict[str, tuple[str, ...]]  # full name -> roles in order of appearance
    order: tuple[str, ...]  # people, in order of first mention
    genders: dict[str, str]  # full name -> "f" or "m", where the text says which

    def role_of(self, name: str) -> str | None:
        roles = self.roles.get(name, ())
        return roles[0] if roles else None

    def antecedent(self, position: int, pronoun: str = "") -> Mention | None:
        """The person a "he"/"she" at position most likely means.

        The subject that opens the nearest sentence with one (a pronoun continues the
        sentence's topic, not the last name in it), else the nearest person; never a person
        the text gives the other gender.
        """
        index = bisect.bisect_right(self.starts, position)
        window = self.mentions[max(0, index - 40) : index]
        gender = PRONOUN_GENDER.get(pronoun.lower())
        candidates = [
            mention
            for mention in window
            if mention.person and (gender is None or self.genders.get(mention.key, gender) == gender)
        ]
        if not candidates:
            return None
        chosen = self._nearest_fit(candidates, position, gender)
        if chosen is not None and gender is not None:
            # "“…,” my father said. He also …": the nearest one of that gender has no name.
            unnamed = UNNAMED_KIN[gender].search(self.text, chosen.end, position)
            if unnamed is not None:
                return None
        return chosen

    def _nearest_fit(self, candidates: Sequence[Mention], position: int, gender: str | None) -> Mention:
        """The candidate a pronoun at position goes with, by the sentences' subjects."""
        breaks = _sentence_breaks(self.text, candidates[0].start, position)
        by_sentence: dict[int, list[Mention]] = {}
        for mention in candidates:
            by_sentence.setdefault(bisect.bisect_right(breaks, mention.start), []).append(mention)
        current = bisect.bisect_right(breaks, position)
        for sentence in sorted(by_sentence, reverse=True):
            subjects = [mention for mention in by_sentence[sentence] if mention.subject]
            if not subjects:
                continue
            # In its own sentence a pronoun goes with the nearest subject before it
            # ("Poe said Roe was right when she said"); further back, with the first.
            chosen = subjects[-1] if sentence == current else subjects[0]
            if sentence == current and gender is not None and chosen.key not in self.genders:
                # "Poe described Jane Roe as a fraud after she ...": the one named her gender wins.
                matching = [m for m in by_sentence[sentence] if self.genders.get(m.key) == gender]
                return matching[-1] if matching else chosen
            return chosen
        return candidates[-1]

    def any_between(self, start: int, end: int) -> bool:
        """Whether any mention starts between start and end."""
        return bisect.bisect_left(self.starts, start) < bisect.bisect_left(self.starts, end)

    def subjects_between(self, start: int, end: int) -> set[str]:
        """Who is mentioned as a subject between start and end (people and named bodies)."""
        low, high = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return {mention.key for mention in self.mentions[low:high] if mention.subject}

    def first_subject(self, start: int, end: int) -> Mention | None:
        """The first person mentioned as a subject between start and end."""
        low, high = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return next((m for m in self.mentions[low:high] if m.person and m.subject), None)

    def ending_at(self, position: int) -> Mention | None:
        """The mention whose tail is followed, across adverbs only, by position."""
        index = bisect.bisect_right(self.tails, position) - 1
        if index < 0:
            return None
        mention = self.mentions[index]
        gap = GAP.fullmatch(self.text, mention.tail, position)
        return mention if gap is not None else None

    def starting_at(self, position: int) -> Mention | None:
        """The mention that starts right after position, across white space only."""
        index = bisect.bisect_left(self.starts, position)
        if index >= len(self.mentions):
            return None
        mention = self.mentions[index]
        return mention if not self.text[position : mention.start].strip() else None


def _sentence_breaks(text: str, start: int, end: int) -> list[int]:
    """Where sentences and paragraphs start between start and end."""
    window = Span(start, end)
    lines = [match.end() for match in NEWLINES.finditer(text, start, end)]
    return sorted([*sentence_ends(text, window), *lines])


def _within(spans: Sequence[tuple[int, int]], starts: Sequence[int], position: int) -> bool:
    slot = bisect.bisect_right(starts, position) - 1
    return slot >= 0 and position < spans[slot][1]


def _resolve(
    record: NameMatch,
    roles: dict[str, list[str]],
    surnames: dict[str, list[tuple[int, str]]],
    lead: str = "",
) -> tuple[str, bool] | None:
    """The full name a mention stands for, and whether it is surely a person.

    lead is the word the mention opens with when a title or honorific leads it ("Mrs.").
    """
    if record.name in roles:
        return record.name, True
    tokens = record.name.split()
    candidates = surnames.get(tokens[-1], [])
    if len(tokens) == 2 and tokens[0].endswith("."):
        candidates = [c for c in candidates if c[1].startswith(tokens[0][0])]
    elif len(tokens) > 1:
        # "Suu Kyi" after "Aung San Suu Kyi": the end of a longer name introduced before.
        candidates = [
            c
            for c in candidates
            if (c[1].split()[-len(tokens) :] == tokens and c[1] != record.name)
            or same_but_initials(record.name, c[1])
        ]
    if len(candidates) > 1 and lead:
        # "Mrs. Cruz" after "Ted Cruz" and "Heidi Cruz": the honorific says which of them.
        titled = gender_of(record.name, (lead,))
        if titled is not None:
            genders = [gender_of(name, ()) for _, name in candidates]
            fits = [c for c, found in zip(candidates, genders, strict=True) if found == titled] or [
                c for c, found in zip(candidates, genders, strict=True) if found is None
            ]
            candidates = fits or candidates
    if candidates:
        # A surname alone stands for the first of its bearers the text introduced: news
        # names the principal first and calls a relative by full name ("his wife, Jo Cruz").
        earlier = [name for start, name in candidates if start <= record.start]
        return (earlier[0] if earlier else candidates[0][1]), True
    if len(tokens) > 1 and record.evidence:
        return record.name, True
    # A lone capitalised word is a person only with a title of its own ("President Tokayev");
    # "Kazakhstan said" names a speaker that is not a person.
    if record.title is not None or record.honorific or record.personal:
        return record.name, True
    if record.speaking:
        return record.name, False
    return None


class _Recent:
    """Who was last mentioned as a subject and with each role word, while the index is built."""

    def __init__(self) -> None:
        self.by_role_word: dict[str, str] = {}
        self.subject: str | None = None

    def saw(self, mention: Mention, roles: Sequence[str]) -> None:
        if not mention.person:
            return
        if mention.subject:
            self.subject = mention.key
        for role in roles:
            for word in ROLE_WORD_SEPARATOR.split(role.lower()):
                self.by_role_word[word.strip(".,’'")] = mention.key


def role_phrases(text: str) -> list[re.Match[str]]:
    """ROLE_PHRASE.finditer(text), as the union of the scans for "the" and for "The".

    The union is the same as the one scan unless a match of one overlaps a match of the
    other ("the The ... minister"); then the one scan is made.
    """
    found = sorted((match for part in ROLE_PHRASE_PARTS for match in part.finditer(text)), key=match_start)
    if any(earlier.end() > later.start() for earlier, later in itertools.pairwise(found)):
        return list(ROLE_PHRASE.finditer(text))
    return found


@functools.lru_cache(maxsize=4)
def _untitled_role_phrases(text: str) -> tuple[re.Match[str], ...]:
    """The role phrases that stand for someone, not a title read with a name; cached, as
    quotes and references each index a text's people with different quotation spans blocked."""
    return tuple(
        match
        for match in role_phrases(text)
        # "the President of ...", "the Minister Smith": a title, read with the name
        if not TITLE_AFTER_ROLE.match(text, match.end(), match.end() + 3) or OF_LOWER.match(text, match.end())
    )


def build_index(text: str, inside: Sequence[tuple[int, int]] = ()) -> PeopleIndex:
    """Every mention of a person outside the given (sorted, disjoint) quoted spans."""
    quote_starts = [start for start, _ in inside]
    phrases = _untitled_role_phrases(text)
    kept = tuple(
        number for number, match in enumerate(phrases) if not _within(inside, quote_starts, match.start())
    )
    return _index(text, tuple(name_matches(text, inside)), kept)


@functools.lru_cache(maxsize=4)
def _index(text: str, names: tuple[NameMatch, ...], kept_phrases: tuple[int, ...]) -> PeopleIndex:
    """The index of the names and role phrases (by their number) read outside quotations;
    cached, as quotes and references block different spans that most often hide the same."""
    roles, surnames = register(names)
    events: list[tuple[int, int, NameMatch | re.Match[str]]] = [(n.start, 0, n) for n in names]
    phrases = _untitled_role_phrases(text)
    events.extend((phrases[number].start(), 1, phrases[number]) for number in kept_phrases)
    events.sort(key=lambda event: (event[0], event[1]))
    mentions: list[Mention] = []
    recent = _Recent()
    all_roles: dict[str, list[str]] = {name: list(found) for name, found in roles.items()}
    for _, _, event in events:
        previous_tail = mentions[-1].tail if mentions else 0
        if isinstance(event, NameMatch):
            if event.end <= previous_tail:
                continue
            mention = _name_mention(text, event, roles, surnames, all_roles)
            if mention is not None and mentions and _modifies_title(text, mentions[-1], event):
                # "Poe campaign director Jo Lee said": Poe names whose campaign, not who acts.
                mentions[-1] = mentions[-1]._replace(subject=False)
            # "Boehner's spokesman, Michael Steel": the title holds an earlier name; keep both.
            if mention is not None and mention.start < previous_tail:
                mention = mention._replace(start=previous_tail)
        elif event.start() >= previous_tail:
            mention = _role_mention(text, event, recent, all_roles)
        else:
            continue
        if mention is not None:
            mentions.append(mention)
            recent.saw(mention, all_roles.get(mention.key, []))
    frozen_roles = {name: tuple(found) for name, found in all_roles.items()}
    # "President Obama ... Obama said": once a name is known to be a person's, it is everywhere.
    people = {m.key for m in mentions if m.person}
    final = tuple(
        Mention(m.start, m.end, m.tail, m.key, frozen_roles.get(m.key, ()), m.subject, m.key in people)
        for m in mentions
    )
    order = dict.fromkeys(mention.key for mention in final if mention.person)
    titles: dict[str, list[str]] = {key: list(found) for key, found in frozen_roles.items()}
    for mention in final:
        titles.setdefault(mention.key, []).append(text[mention.start : mention.end].split(None, 1)[0])
    genders = {key: gender for key in order if (gender := gender_of(key, titles.get(key, ()))) is not None}
    return PeopleIndex(
        text=text,
        mentions=final,
        starts=tuple(m.start for m in final),
        tails=tuple(m.tail for m in final),
        roles=frozen_roles,
        order=tuple(order),
        genders=genders,
    )


def _modifies_title(text: str, earlier: Mention, record: NameMatch) -> bool:
    """The earlier name and a few lower-case nouns lead into the record's own title."""
    if record.title is None or not 0 < record.start - earlier.tail <= 40:
        return False
    between = text[earlier.tail : record.start]
    words = between.split()
    return (
        MODIFIER_GAP.fullmatch(between) is not None
        and not any(FINITE_VERB.fullmatch(" " + word) or VERB.fullmatch(word) for word in words)
        and not any(word in PREPOSITIONS for word in words)
    )


def _name_mention(
    text: str,
    record: NameMatch,
    roles: dict[str, list[str]],
    surnames: dict[str, list[tuple[int, str]]],
    all_roles: dict[str, list[str]],
) -> Mention | None:
    lead = text[record.start : record.end].split(None, 1)[0] if record.titled else ""
    resolved = _resolve(record, roles, surnames, lead)
    if resolved is None:
        return None
    key, person = resolved
    found = all_roles.setdefault(key, [])
    for role in (record.title, record.appositive):
        if role and role not in found:
            found.append(role)
    return Mention(record.start, record.end, record.tail, key, (), record.subject, person)


def _role_mention(
    text: str, match: re.Match[str], recent: _Recent, all_roles: dict[str, list[str]]
) -> Mention | None:
    """ "The expert also noted": the last person holding that role, else the last subject.

    Never a person the text gives the other gender ("the businesswoman" is not Mr. Poe).
    """
    tail = DESCRIPTION_TAIL.match(text, match.end())
    end = tail.end() if tail else match.end()
    key = recent.by_role_word.get(match.group("noun").lower()) or recent.subject
    if key is None or POSSESSIVE.match(text, end):
        return None
    described = described_gender(text[match.start() : end])
    if described is not None and gender_of(key, all_roles.get(key, ())) not in (None, described):
        return None
    verb = verb_at(text, end)
    before = word_before(text, match.start()).lower()
    subject = verb is not None or (before not in PREPOSITIONS and verb_follows(text, end))
    return Mention(match.start(), end, end, key, (), subject, True)


def name_text(
    index: PeopleIndex, mentions: Sequence[Mention], starts: Sequence[int], key: str, before: int
) -> tuple[int, int] | None:
    """The latest mention of a person by name (not by a role) before position, the name
    alone where a title stands before it ("Deputy Foreign Minister Roman Vassilenko").

    mentions are that person's, in text order, and starts where each starts."""
    text = index.text
    surname = key.split()[-1]
    for at in range(bisect.bisect_left(starts, before) - 1, -1, -1):
        mention = mentions[at]
        words = text[mention.start : mention.end].split()
        if words and words[0][0].isupper() and words[0].lower() not in FUNCTION_WORDS:
            for name in (key, surname):
                found = text.find(name, mention.start, mention.end)
                if found >= 0:
                    return found, found + len(name)
            return mention.start, mention.end
    return None
