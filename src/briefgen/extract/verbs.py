"""Reporting verbs: their forms, and the patterns that find them in running text.

The verb lists are data (lexicon/); the forms of regular verbs are made here, and the
patterns are built once as tries, which the regex engine scans far faster than flat lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from briefgen import lexicon

SPEECH_VERBS = lexicon.words("speech_verbs")
OPINION_VERBS = lexicon.words("opinion_verbs")
NOUN_LIKE_THIRD = lexicon.words("noun_like_third")
IRREGULAR_FORMS = {lemma: tuple(forms.split()) for lemma, forms in lexicon.table("irregular_verbs")}
NOUN_LIKE_VERBS = lexicon.wordset("noun_like_verbs")
GERUNDS = lexicon.words("gerunds")
PHRASAL_SPEECH = lexicon.words("phrasal_speech")
GAP_WORDS = lexicon.words("gap_words")


def _verb_forms(lemma: str) -> tuple[str, ...]:
    if lemma in IRREGULAR_FORMS:
        return IRREGULAR_FORMS[lemma]
    consonant_y = lemma.endswith("y") and lemma[-2] not in "aeiou"
    if lemma.endswith("e"):
        past = lemma + "d"
    elif consonant_y:
        past = lemma[:-1] + "ied"
    else:
        past = lemma + "ed"
    if consonant_y:
        third = lemma[:-1] + "ies"
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        third = lemma + "es"
    else:
        third = lemma + "s"
    if lemma in NOUN_LIKE_VERBS:
        return (past,)
    return (lemma, third, past)


REPORTING_VERBS = frozenset(
    {form for lemma in SPEECH_VERBS for form in _verb_forms(lemma)}
    | set(GERUNDS)
    | set(PHRASAL_SPEECH)
    | set(NOUN_LIKE_THIRD)
)
OPINION_FORMS = frozenset(form for lemma in OPINION_VERBS for form in _verb_forms(lemma))
OBJECT_VERBS = lexicon.wordset("object_verbs")


def trie_pattern(words: Iterable[str]) -> str:
    """An alternation of words as a regex trie; a space in a word matches any white space.

    Python's regex engine tries the branches of a flat alternation one by one at every
    position; sharing prefixes makes the long verb list about seven times faster to scan.
    The words' lists are such that at most one word can match at a position (each is
    followed by a space or a word boundary), so the branch order does not change a match.
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_branches(root)


def led_trie_pattern(words: Iterable[str], *not_after: str) -> str:
    """`(?<!A)(?<!B)` then trie_pattern(words), for not_after ("A", "B") of fixed width, with
    each look-behind tested after the word's first letter instead (no word opens with a space).

    A pattern that opens with a look-behind is tried at every position; one whose branches
    open with letters is scanned for at C speed, only where one of those letters stands.
    """
    rests: dict[str, set[str]] = {}
    for word in words:
        rests.setdefault(word[0], set()).add(word[1:])
    branches = []
    for first, rest in sorted(rests.items()):
        letter = re.escape(first)
        behind = "".join(f"(?<!{before}{letter})" for before in not_after)
        branches.append(letter + behind + trie_pattern(rest))
    return "(?:" + "|".join(branches) + ")"


def _trie_branches(node: dict[str, Any]) -> str:
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_branches(node[char])
        for char in sorted(node)
        if char
    ]
    if not branches:
        return ""
    optional = "" in node
    if len(branches) == 1 and not optional:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if optional else "")


VERB = re.compile(rf"(?<![\w’'-])(?i:{trie_pattern(REPORTING_VERBS | OPINION_FORMS)})(?![\w’'-])")
LY_NON_ADVERBS = lexicon.words("ly_non_adverbs")
# Adverbs between a subject and its verb: the listed ones and any other -ly word ("openly").
GAP = re.compile(
    rf"\s*(?:(?:(?i:{trie_pattern(GAP_WORDS)})|(?!(?:{trie_pattern(LY_NON_ADVERBS)})\b)[a-z]{{2,}}ly)\s+)*"
)
# VERB.match(text, GAP.match(text, position).end()) in one match: the atomic group keeps
# GAP's match as it is, so VERB is tried where it ends and nowhere else.
GAP_VERB = re.compile(rf"(?>{GAP.pattern}){VERB.pattern}")
# ", speaking at a rally in Ohio, " between a name and its verb.
ASIDE = re.compile(r",[ \u00a0]+[^,;:.!?“”\"\n]{1,120},[ \u00a0]+")


def verb_at(text: str, position: int) -> re.Match[str] | None:
    """A reporting verb after position, across adverbs or one aside set off by commas."""
    aside = ASIDE.match(text, position)
    if aside is not None and not VERB.search(aside.group()):
        position = aside.end()
    gap = GAP.match(text, position)
    cursor = gap.end() if gap else position
    return VERB.match(text, cursor)


def has_verb_at(text: str, position: int) -> bool:
    """verb_at(text, position) is not None, with one match fewer."""
    aside = ASIDE.match(text, position)
    if aside is not None and not VERB.search(aside.group()):
        position = aside.end()
    return GAP_VERB.match(text, position) is not None
