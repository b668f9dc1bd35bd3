"""What a reference looks like: the pronouns, demonstratives and descriptions an item may
lean on, the relative time words a source's date resolves, and the dates they name.

`references` finds them and resolves what each stands for.
"""

from __future__ import annotations

import datetime as dt
import re

from briefgen import lexicon
from briefgen.extract.entities import REFERENCE_NOUNS
from briefgen.extract.verbs import IRREGULAR_FORMS, OPINION_FORMS, REPORTING_VERBS, trie_pattern
from briefgen.text import FOLDS_TO_ASCII, Scan, find_all, lowered

PREPOSITIONS = lexicon.wordset("prepositions")
RELATIVE_TIMES = {word: value.split() for word, value in lexicon.table("relative_times")}
EXPLETIVE_WORDS = lexicon.wordset("expletive_words")
MONTH_NAMES = tuple(line.split()[0] for line in lexicon.words("months"))
_S = r"[ \u00a0]+"
_AUXILIARY = r"(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|should|include|includes)\b"
# A verb, an auxiliary or an adverb right after a subject noun: "The country attracted"
# (an -s word but "crisis", "status", "focus").
VERB_FORMS = frozenset(
    {form for forms in IRREGULAR_FORMS.values() for form in forms} | REPORTING_VERBS | OPINION_FORMS
)
_VERBISH = (
    rf"(?:also|now|still|further|then|already|{_AUXILIARY}|[a-z]+ed\b|[a-z]+[^\Wsiu]s\b|"
    rf"(?:{trie_pattern(VERB_FORMS)})\b)"
)
LEAD_PRONOUN = re.compile(rf"(?P<ref>It|He|She)(?={_S}[a-z])")
# "The country attracted", "The nation’s leadership": "the", a noun, then its verb.
LEAD_DESCRIPTION = re.compile(
    rf"(?P<ref>(?P<det>The){_S}(?P<words>(?:[a-z][\w-]*{_S}){{0,3}}?)(?P<head>[a-z][\w-]*))"
    rf"(?=[’']s\b|[ \u00a0]*,|{_S}{_VERBISH})"
)
# "This initiative, aligned with", "These exercises enhance": a demonstrative and its noun.
LEAD_DEMONSTRATIVE = re.compile(
    rf"(?P<ref>(?P<det>This|That|These|Those){_S}(?P<words>(?:[a-z][\w-]*{_S}){{0,2}}?)(?P<head>[a-z][\w-]*))"
    rf"(?=[’']s\b|[ \u00a0]*,|{_S}[a-z])"
)
# "This was announced", "These include": a demonstrative standing for what was said before.
LEAD_CLAUSAL = re.compile(rf"(?P<ref>(?P<det>This|That|These|Those))(?={_S}{_AUXILIARY})")
# The MID_ patterns look behind for a word only after their first letters, as a pattern
# that opens with a letter is scanned for at C speed and one that opens with a look-behind
# is tried at every position (tests/test_speed_twins.py holds the patterns as first written).
MID_DEMONSTRATIVE = re.compile(
    rf"(?P<ref>th(?<![\w’'-]th)(?:is|at){_S}(?P<words>(?:[a-z][\w-]*{_S}){{0,2}}?)(?P<head>{trie_pattern(frozenset(REFERENCE_NOUNS))}))(?![\w’'-]*\w)"
)
MID_HEADS = (
    "country", "nation", "organisation", "organization", "Organisation", "Organization",
    "route", "corridor", "chairmanship", "presidency",
)  # fmt: skip
MID_THE = re.compile(
    rf"(?P<ref>the(?<![\w’'-]the){_S}(?P<head>{trie_pattern(frozenset(MID_HEADS))}))(?![\w-])(?!{_S}(?:of|for)\b)(?!{_S}[A-Z])"
)
MID_PRONOUN = re.compile(r"(?P<ref>i(?<![\w’'-]i)t|h(?<![\w’'-]h)e|s(?<![\w’'-]s)he)(?![\w’'-])")
# MID_PRONOUN as one pattern for each word, and TIME_WORD for each first letter: see `Scan.of`.
MID_PRONOUN_PARTS = tuple(
    re.compile(rf"(?P<ref>{word[0]}(?<![\w’'-]{word[0]}){word[1:]})(?![\w’'-])")
    for word in ("it", "he", "she")
)
EXPLETIVE = re.compile(
    rf"[Ii]t{_S}(?:is|was|will{_S}be|would{_S}be|has{_S}been|had{_S}been|seems|seemed|appears|remains)"
    rf"{_S}(?:not{_S})?(?:{trie_pattern(EXPLETIVE_WORDS)})\b"
)
# "today’s world" means nowadays, not a day. Led by one class of the first letters in both
# cases (no other letter matches l, n, t or y ignoring case), the look-behind after it, as
# the MID_ patterns are: scanned for every sentence, the pattern as first written
# (tests/test_speed_twins.py) was tried at every position.
_TIME_FIRSTS = sorted({word[0] for word in RELATIVE_TIMES})
TIME_WORD = re.compile(
    rf"[{''.join(_TIME_FIRSTS)}{''.join(_TIME_FIRSTS).upper()}](?<![\w’'-].)(?:"
    + "|".join(
        rf"(?<=[{first}{first.upper()}])"
        rf"(?i:{trie_pattern(frozenset(word[1:] for word in RELATIVE_TIMES if word[0] == first))})"
        for first in _TIME_FIRSTS
    )
    + r")(?![\w’'-])"
)
TIME_WORD_PARTS = tuple(
    re.compile(
        rf"{letter}(?<![\w’'-]{letter})"
        rf"(?i:{trie_pattern(frozenset(word[1:] for word in RELATIVE_TIMES if word[0] == first))})(?![\w’'-])"
    )
    for first in _TIME_FIRSTS
    for letter in (first, first.upper())
)

# Every match of TIME_WORD starts with one of these, in any case.
TIME_WORD_NEEDLES = tuple(sorted({word.split()[0] for word in RELATIVE_TIMES}))


def time_scan(text: str) -> Scan:
    """`Scan.of(TIME_WORD, text, TIME_WORD_PARTS)`, TIME_WORD tried only where the lowered
    text starts a relative time word (found with str.find): three of its parts are led by
    a letter as common as "t", "l" or "n"."""
    if any(char in text for char in FOLDS_TO_ASCII):
        return Scan.of(TIME_WORD, text, TIME_WORD_PARTS)
    return Scan.at(TIME_WORD, text, find_all(lowered(text), TIME_WORD_NEEDLES))


def relative_time(word: str) -> list[str] | None:
    """The unit and offset of a relative time word ("tomorrow": day, 1), or None."""
    return RELATIVE_TIMES.get(" ".join(word.lower().split()))


def relative_date(word: str, date: dt.date) -> str:
    """The date a relative time word names, counted from date: "July 3, 2024", "July 2024", "2024"."""
    unit, offset = RELATIVE_TIMES[" ".join(word.lower().split())]
    step = int(offset)
    if unit == "day":
        day = date + dt.timedelta(days=step)
        return f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"
    if unit == "month":
        index = date.year * 12 + date.month - 1 + step
        return f"{MONTH_NAMES[index % 12]} {index // 12}"
    return str(date.year + step)


def is_reference(words: str) -> bool:
    """Whether words are a reference an insertion may replace: a pronoun, a demonstrative,
    or "the"/"this"/"that" and a noun ("The country", "this route")."""
    if words.lower() in {"it", "he", "she"}:
        return True
    parts = words.split()
    return (
        len(parts) >= 2
        and parts[0].lower() in {"the", "this", "that", "these", "those"}
        and all(w.islower() for w in parts[1:-1])
        and (parts[-1].islower() or parts[-1].lower() in REFERENCE_NOUNS)
    )
