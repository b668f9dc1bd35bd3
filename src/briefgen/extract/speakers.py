"""The speaker rules: who a reporting verb's speaker is, from its subject, a pronoun, a body or a name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen import lexicon
from briefgen.extract.mentions import Mention, PeopleIndex
from briefgen.extract.names import POSSESSIVE, is_person_token
from briefgen.extract.roles import (
    CAPITALISED_FUNCTION_WORDS,
    CHAIN_WORDS,
    NON_PERSON_WORDS,
    TITLE_MODIFIERS,
    TITLE_WORDS,
    bare_word,
    words_before,
)
from briefgen.extract.verbs import GAP, GAP_WORDS, GERUNDS, OBJECT_VERBS, OPINION_FORMS

UNNAMED_PEOPLE = (
    lexicon.wordset("unnamed_people") | TITLE_WORDS | frozenset(word + "s" for word in TITLE_WORDS)
)
INDEFINITES = lexicon.wordset("indefinites")
OBJECT_PREPOSITIONS = lexicon.wordset("object_prepositions")
PRONOUN_BEFORE = re.compile(rf"(?<![\w’'-])(?P<pronoun>(?i:he|she))\b{GAP.pattern}$")
PRONOUN_AFTER = re.compile(r"\s+(?P<pronoun>he|she)\b")
ASIDE_BEFORE = re.compile(r",[^,;:.!?“”\"\n]{1,120},\s*$")
# Lower-case words after a verb, up to the noun they lead to ("said a senior official").
UNNAMED_AFTER = re.compile(r"[ \u00a0]+([a-z][\w’'-]*)")
LOWER_LEADERS = lexicon.wordset("lower_leaders") | TITLE_MODIFIERS
THE_AFTER = re.compile(r"\s+(?:the|[\w/]*\d[\w/]*)(?=\s)")
PASSIVE_AUXILIARIES = frozenset({"was", "were", "is", "are", "be", "been", "being"})
GERUND_LEAD = re.compile(r",[ \u00a0]*(?:(?:despite|after|while|before|by|without|in)[ \u00a0]+)?$")
CLAUSE_PRONOUN = re.compile(r"[\s\"“”‘’']*(?:He|She|he|she)\b")


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str | None
    position: int
    basis: str = "verb"  # how it was found, shown by `briefgen explain`


# Someone unnamed speaks ("a spokesman for the ministry said"): the search for a speaker
# stops, no earlier speaker is carried over, and the quote is reported without a name.
NOBODY = Speaker("", None, -1, "unnamed")


def speaker_of_verb(index: PeopleIndex, verb: re.Match[str], floor: int, ceiling: int) -> Speaker | None:
    """Who a reporting verb's speaker is: its subject before it, else the name after it.

    floor and ceiling bound the clause: a speaker is never looked for across a sentence end
    or inside a quotation.
    """
    text = index.text
    word = verb.group().lower()
    if word == "according to" or word.startswith("according"):
        return _speaker_after(index, verb.end(), ceiling)
    if word not in GERUNDS and _passive(text, verb.start(), floor):
        return None  # "Poe was widely ridiculed", "she was told": the subject did not say it
    if word in GERUNDS and GERUND_LEAD.search(text, floor, verb.start()):
        # "X arrived on Monday, saying ...", "X, despite admitting ...": the sentence's subject.
        return _subject_of_clause(index, floor, verb.start())
    before = index.ending_at(verb.start())
    if before is None:
        aside = ASIDE_BEFORE.search(text, max(floor, verb.start() - 125), verb.start())
        if aside is not None:
            before = index.ending_at(verb.start() - len(aside.group()))
    if before is not None and before.start >= floor and before.person:
        # "a spokesman for President X said": X is not who spoke.
        return NOBODY if _after_preposition(text, before.start) else _speaker(index, before)
    if _unnamed_subject(text, verb.start(), floor):
        return NOBODY  # "officials said", "Critics said", "the ministry said"
    if before is not None and before.start >= floor:
        return _speaker(index, before)
    organisation = _organisation_before(index, verb.start(), floor)
    if organisation is not None:
        return organisation
    pronoun = PRONOUN_BEFORE.search(text, max(floor, verb.start() - 60), verb.start())
    if pronoun is not None:
        return _pronoun_speaker(index, pronoun.start(), pronoun.group("pronoun"))
    # "said X" names its speaker only where the verb opens its clause: in "a spokesperson
    # said the minister ..." the minister is what was said, not who said it.
    opens_clause = not text[floor : verb.start()].strip(" \u00a0,:—–-")
    if word in OBJECT_VERBS or word in OPINION_FORMS or not opens_clause:
        return None
    return _speaker_after(index, verb.end(), ceiling) or _unnamed_after(text, verb.end(), ceiling)


def _passive(text: str, position: int, floor: int) -> bool:
    """A form of "be" stands before the verb at position, across adverbs only."""
    for start, word in words_before(text, position, 3):
        lowered = word.lower()
        if start < floor:
            return False
        if lowered in PASSIVE_AUXILIARIES:
            return True
        if lowered not in GAP_WORDS and not lowered.endswith("ly"):
            return False
    return False


def _subject_of_clause(index: PeopleIndex, floor: int, position: int) -> Speaker | None:
    """Who a participle's clause ("..., saying") belongs to: the sentence's subject."""
    subject = index.first_subject(floor, position)
    if subject is not None:
        return _speaker(index, subject)
    pronoun = CLAUSE_PRONOUN.match(index.text, floor, position)
    if pronoun is None:
        return None
    return _pronoun_speaker(index, pronoun.end(), pronoun.group().split()[-1].strip("\"“”‘’'"))


def _after_preposition(text: str, position: int) -> bool:
    """ "a spokesman for", "lawyers for", "an aide to" stand right before position.

    Only a lower-case noun for people counts: in "Ministry of Defence spokesman Igor
    Konashenkov" the words before "of" belong to his title.
    """
    words = words_before(text, position, 2)
    return (
        len(words) == 2
        and words[0][1].lower() in OBJECT_PREPOSITIONS
        and words[1][1].islower()
        and bare_word(words[1][1]) in UNNAMED_PEOPLE
    )


def _unnamed_subject(text: str, position: int, floor: int) -> bool:
    """The verb's subject is a common noun for people or a body: "officials", "the ministry".

    Capitalised, such a noun counts only alone, where the sentence start capitalised it
    ("Critics said"), not inside a name ("The New York Times said").
    """
    words = [(start, word) for start, word in words_before(text, position, 4) if start >= floor]
    while words and words[0][1].lower() in GAP_WORDS:
        words = words[1:]  # "officials also said"
    if not words:
        return False
    bare = bare_word(words[0][1])
    if words[0][1].islower() and bare in TITLE_WORDS:
        # One role: unnamed when indefinite or someone's ("a spokesman", "Smith's aide"), but
        # "the senator" points back to a person named before, found elsewhere.
        leading = [word.lower() for _, word in words[1:4]]
        return any(word in INDEFINITES or POSSESSIVE.search(word) for word in leading)
    if words[0][1].islower():
        return bare in UNNAMED_PEOPLE or bare in NON_PERSON_WORDS
    alone = len(words) == 1 or not words[1][1][0].isupper()
    return alone and bare in UNNAMED_PEOPLE and bare not in TITLE_WORDS


def _unnamed_after(text: str, position: int, ceiling: int) -> Speaker | None:
    """ "said a spokesman for the ministry", "said officials": the speaker is not named."""
    for _ in range(4):
        match = UNNAMED_AFTER.match(text, position, ceiling)
        if match is None:
            return None
        word = match.group(1)
        if word in UNNAMED_PEOPLE:
            return NOBODY
        if word not in LOWER_LEADERS:
            return None
        position = match.end()
    return None


def _organisation_before(index: PeopleIndex, position: int, floor: int) -> Speaker | None:
    """ "the Institute for Fiscal Studies said": a named body speaking, not a person.

    A body after a preposition is not the subject: in "Paul Johnson of the Institute said"
    the person before it is, and in "a spokesperson for the Foreign Ministry said" someone
    unnamed is.
    """
    text = index.text
    words = [(start, word) for start, word in words_before(text, position, 8) if start >= floor]
    if not words or text[words[0][0] + len(words[0][1]) : position].strip():
        return None
    kept: list[tuple[int, str]] = []
    for start, word in words:
        if not (word[0].isupper() or word in CHAIN_WORDS):
            break
        kept.append((start, word))
    for number in range(len(kept) - 1, 0, -1):
        start, word = kept[number]
        if word not in OBJECT_PREPOSITIONS:
            continue
        owner = index.ending_at(start)
        if owner is not None and owner.person and owner.start >= floor:
            return _speaker(index, owner)
        named = [token for _, token in kept[number + 1 :]]
        if 2 <= len(named) <= 4 and all(is_person_token(token) for token in named):
            return Speaker(" ".join(reversed(named)), None, kept[-1][0])  # a full name, unmentioned
    while kept and (kept[-1][1] in CHAIN_WORDS or bare_word(kept[-1][1]) in CAPITALISED_FUNCTION_WORDS):
        kept.pop()
    if not kept or not kept[0][1][0].isupper():
        return None
    lead = [word.lower() for start, word in words_before(text, kept[-1][0], 2) if start >= floor]
    if lead and lead[0] in {"the", "a", "an"}:
        lead = lead[1:]
    if lead and lead[0] in OBJECT_PREPOSITIONS:
        return NOBODY
    return Speaker(text[kept[-1][0] : kept[0][0] + len(kept[0][1])], None, kept[-1][0], "organisation")


def _speaker_after(index: PeopleIndex, position: int, ceiling: int) -> Speaker | None:
    after = index.starting_at(position)
    if after is None:
        lead = THE_AFTER.match(index.text, position, ceiling)
        after = index.starting_at(lead.end()) if lead else None  # "said the Rev. Jo Poe"
    if after is not None and after.start < ceiling:
        return _speaker(index, after)
    pronoun = PRONOUN_AFTER.match(index.text, position, ceiling)
    if pronoun is not None:
        return _pronoun_speaker(index, position, pronoun.group("pronoun"))
    return None


def _speaker(index: PeopleIndex, mention: Mention) -> Speaker:
    return Speaker(mention.key, index.role_of(mention.key), mention.start)


def _pronoun_speaker(index: PeopleIndex, position: int, pronoun: str) -> Speaker | None:
    antecedent = index.antecedent(position, pronoun)
    if antecedent is None:
        return None
    return Speaker(antecedent.key, index.role_of(antecedent.key), position, "pronoun")
