"""The titles and roles around a name, read off the words next to it: the title before it
("White House spokesman"), an "of" chain ("Minister of Foreign Affairs"), the role in
apposition after it (", head of the Asian Studies Department,"). The word look-ups behind
them read the text backwards from a position."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from briefgen import lexicon
from briefgen.extract.verbs import VERB
from briefgen.text import MONTHS

TITLE_WORDS = lexicon.wordset("title_words")
HONORIFICS = lexicon.wordset("honorifics")
CAPITALISED_FUNCTION_WORDS = (
    lexicon.wordset("function_words")
    | lexicon.wordset("weekdays")
    | frozenset(names[0].lower() for names in MONTHS)
)
NON_PERSON_WORDS = lexicon.wordset("non_person_words")
ABBREVIATIONS = lexicon.wordset("abbreviations")
BORROWED_ROLE_LEADS = lexicon.wordset("borrowed_role_leads")
POSSESSIVE_LEADS = BORROWED_ROLE_LEADS - lexicon.wordset("indefinites")
LOWER_MODIFIERS = lexicon.wordset("lower_modifiers")
TITLE_MODIFIERS = LOWER_MODIFIERS | lexicon.wordset("title_modifiers")
CHAIN_WORDS = lexicon.wordset("chain_words")
CLAUSE_OPENERS = lexicon.wordset("clause_openers")
APPOSITIVE = re.compile(r",[ \u00a0]+(?P<role>[^,;:()“”\"‘’\n]{2,160}?)(?=,|\.\s|\.$|;|$)")
# The rest of an appositive role cut at an abbreviation's full stop ("wife of Gov. Jo Poe").
APPOSITIVE_REST = re.compile(r"[^,;:()“”\"‘’\n]{1,120}?(?=,|\.\s|\.$|;|$)")
PARTY_TAG = re.compile(r"[RDI]-[A-Z][A-Za-z.]*")
REVERSED_WORD = re.compile(r"[ \u00a0]*([\w’'.-]{1,40})")
TITLE_COMMA = re.compile(r"(?<![\w.])([\w.]+),[ \u00a0]+$")


@functools.lru_cache(maxsize=1 << 16)
def bare_word(token: str) -> str:
    """Cached: the same few thousand words are looked up again and again."""
    return token.rstrip(".").lower()


def word_before(text: str, position: int) -> str:
    """words_before(text, position, 1)'s word, or "": one match, no list."""
    backwards = _reversed(text)
    size = len(text)
    match = REVERSED_WORD.match(backwards, size - position, size - max(0, position - 40))
    return "" if match is None else text[size - match.end(1) : size - match.start(1)]


def one_word_before(text: str, position: int, two: Sequence[tuple[int, str]]) -> Sequence[tuple[int, str]]:
    """words_before(text, position, 1), read off two = words_before(text, position, 2).

    The one-word look-up has a narrower window, so it finds the same word only when that
    word starts within it; when two found none, neither would it.
    """
    if not two or two[0][0] >= position - 40:
        return two[:1]
    return words_before(text, position, 1)


def words_before(text: str, position: int, limit: int) -> list[tuple[int, str]]:
    """Up to limit words right before position, nearest first, across spaces only.

    Matched on the reversed text: a regex anchored at the window's end would be retried at
    every start position. The text is reversed once per document, and the window (40
    characters a word) is kept by the match's end bound instead of a slice.
    """
    backwards = _reversed(text)
    size = len(text)
    stop = size - max(0, position - 40 * limit)
    words: list[tuple[int, str]] = []
    cursor = size - position
    while len(words) < limit:
        match = REVERSED_WORD.match(backwards, cursor, stop)
        if match is None:
            break
        start = size - match.end(1)
        words.append((start, text[start : size - match.start(1)]))
        cursor = match.end()
    return words


@functools.lru_cache(maxsize=4)
def _reversed(text: str) -> str:
    return text[::-1]


def title_before(
    text: str, position: int, end: int, nearest: Sequence[tuple[int, str]]
) -> tuple[str | None, int]:
    """A title standing right before a name ("Republican Sen.", "White House spokesman").

    nearest is the word before position, looked up by the caller, who needs it too.
    """
    title_end = position
    # "Boehner's spokesman, Michael Steel, said": the title, a comma, then the name in apposition.
    comma = None
    if text[position - 2 : position - 1] == ",":
        comma = TITLE_COMMA.search(text, max(0, position - 40), position)
    if comma is not None and bare_word(comma.group(1)) in TITLE_WORDS and text.startswith(",", end):
        title_end = comma.end(1)
        nearest = words_before(text, title_end, 1)
    if not nearest or (
        bare_word(nearest[0][1]) not in TITLE_WORDS and bare_word(nearest[0][1]) not in HONORIFICS
    ):
        return None, position  # "Mr." ends a run of its own: NAME stops at its full stop
    words = words_before(text, title_end, 8)
    kept = 1
    for _, word in words[1:]:
        bare = bare_word(word)
        capitalised = word[0].isupper() and bare not in CAPITALISED_FUNCTION_WORDS
        if not (capitalised or bare in TITLE_WORDS or bare in TITLE_MODIFIERS):
            break
        kept += 1
    if kept < len(words) and bare_word(words[kept][1]) in LOWER_MODIFIERS:
        kept += 1
    first = words[kept - 1][0]
    return text[first:title_end].strip(" ,"), first


def of_chain_title(text: str, start: int) -> tuple[str | None, int]:
    """The title in "Minister of Foreign Affairs Roman Vassilenko" that ends inside the name match."""
    words = words_before(text, start, 12)
    if not words or words[0][1] not in CHAIN_WORDS:
        return None, start
    first: int | None = None
    for position, word in words:
        if not (word[0].isupper() or word in CHAIN_WORDS):
            break
        if bare_word(word) in TITLE_WORDS:
            first = position
    return (None, start) if first is None else (text[first:start].strip(), first)


def appositive_role(text: str, end: int) -> tuple[str | None, int]:
    """A role set off by commas after a name: ", head of the Asian Studies Department,"."""
    match = APPOSITIVE.match(text, end)
    if not match:
        return None, end
    role_start, role_end = match.span("role")
    while (
        text.startswith(".", role_end) and bare_word(text[role_start:role_end].split()[-1]) in ABBREVIATIONS
    ):
        rest = APPOSITIVE_REST.match(text, role_end + 1)
        if rest is None:
            break
        role_end = rest.end()
    role = text[role_start:role_end].strip()
    if PARTY_TAG.fullmatch(role.rstrip(".")) or PARTY_TAG.fullmatch(role):
        return role, role_end + (1 if text.startswith(",", role_end) else 0)
    words = role.split()
    if not words or len(words) > 24 or words[0].lower() in CLAUSE_OPENERS:
        return None, end
    tail = role_end + (1 if text.startswith(",", role_end) else 0)
    if words[0].lower() in POSSESSIVE_LEADS:
        return None, tail  # "Jo Poe, his rival, said": a role that is someone else's
    if VERB.search(role) or not any(bare_word(word) in TITLE_WORDS for word in words[:6]):
        return None, end
    if words[0].lower() in {"a", "an", "the"}:
        role = role.split(None, 1)[1] if len(words) > 1 else role
    return role, tail
