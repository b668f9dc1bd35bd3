"""People in news text: names, titles before them, appositive roles, reporting verbs.

Rule-based and offline. Everything here works on offsets into one document's text so
that quotes and people can share one index of who is mentioned where.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from briefgen import lexicon
from briefgen.text import LETTER, MONTHS, UPPER, WORD, line_spans

# --- word lists -------------------------------------------------------------------------

SPEECH_VERBS = lexicon.words("speech_verbs")
OPINION_VERBS = lexicon.words("opinion_verbs")
NOUN_LIKE_THIRD = lexicon.words("noun_like_third")
IRREGULAR_FORMS = {lemma: tuple(forms.split()) for lemma, forms in lexicon.table("irregular_verbs")}
NOUN_LIKE_VERBS = lexicon.wordset("noun_like_verbs")
GERUNDS = lexicon.words("gerunds")
PHRASAL_SPEECH = lexicon.words("phrasal_speech")

PRONOUNS = frozenset({"he", "she"})
TITLE_WORDS = lexicon.wordset("title_words")
ROLE_NOUNS = lexicon.wordset("role_nouns")
HONORIFICS = lexicon.wordset("honorifics")
CAPITALISED_FUNCTION_WORDS = (
    lexicon.wordset("function_words")
    | lexicon.wordset("weekdays")
    | frozenset(names[0].lower() for names in MONTHS)
)
NON_PERSON_WORDS = lexicon.wordset("non_person_words")
SKIPPED_SINGLE_WORDS = CAPITALISED_FUNCTION_WORDS | NON_PERSON_WORDS
UNNAMED_PEOPLE = (
    lexicon.wordset("unnamed_people") | TITLE_WORDS | frozenset(word + "s" for word in TITLE_WORDS)
)
INDEFINITES = lexicon.wordset("indefinites")
OBJECT_PREPOSITIONS = lexicon.wordset("object_prepositions")
MINOR_WORDS = lexicon.wordset("minor_words")
GAP_WORDS = lexicon.words("gap_words")
PREPOSITIONS = lexicon.wordset("prepositions")
NON_VERB_FOLLOWERS = PREPOSITIONS | lexicon.wordset("non_verb_followers")
ELISIONS = lexicon.words("elisions")
LOWER_MODIFIERS = lexicon.wordset("lower_modifiers")
TITLE_MODIFIERS = LOWER_MODIFIERS | lexicon.wordset("title_modifiers")


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


# --- character classes and patterns -----------------------------------------------------


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


_PARTICLE = "(?:" + "|".join(lexicon.words("name_particles")) + ")"
_INITIAL = rf"{UPPER}\.(?=[ \t\u00a0]{UPPER})"
_TOKEN = rf"(?:{_INITIAL}|(?:(?:al|el|ad|ash)-)?{UPPER}{LETTER}*(?:-{LETTER}+|[’'](?!s\b){LETTER}+)*)"
_TOKEN_TAIL = rf"{LETTER}*(?:-{LETTER}+|[’'](?!s\b){LETTER}+)*"
# The first token as _TOKEN, but led by one character class, with the look-behind after it:
# a pattern that opens with a class lets the engine skip ahead to the candidates' first
# letters instead of trying the whole pattern at every position.
_FIRST_TOKEN_REST = (
    rf"(?<![\w’'-].)"
    rf"(?:(?<={UPPER})(?:\.(?=[ \t\u00a0]{UPPER})|{_TOKEN_TAIL})"
    rf"|(?:(?<=a)(?:l|d|sh)|(?<=e)l)-{UPPER}{_TOKEN_TAIL})"
)
_FIRST_TOKEN = rf"[{UPPER[1:-1]}ae]{_FIRST_TOKEN_REST}"
_NAME_REST = rf"(?:[ \u00a0]+(?:{_PARTICLE}[ \u00a0]+)?{_TOKEN})*(?![\w])"
NAME = re.compile(_FIRST_TOKEN + _NAME_REST)
# NAME's matches that start with a capital: without "a" and "e", two of the commonest
# letters, in its first class, the engine skips ahead far faster. See name_runs.
NAME_UPPER = re.compile(UPPER + _FIRST_TOKEN_REST + _NAME_REST)
# A hyphen before a capital: where a name led by "al-", "el-", "ad-" or "ash-" can end its prefix.
PREFIX_HYPHEN = re.compile(rf"-(?={UPPER})")
VERB = re.compile(rf"(?<![\w’'-])(?i:{trie_pattern(REPORTING_VERBS | OPINION_FORMS)})(?![\w’'-])")
GAP = re.compile(rf"\s*(?:(?i:{trie_pattern(GAP_WORDS)})\s+)*")
# VERB.match(text, GAP.match(text, position).end()) in one match: the atomic group keeps
# GAP's match as it is, so VERB is tried where it ends and nowhere else.
GAP_VERB = re.compile(rf"(?>{GAP.pattern}){VERB.pattern}")
# ", speaking at a rally in Ohio, " between a name and its verb.
ASIDE = re.compile(r",[ \u00a0]+[^,;:.!?“”\"\n]{1,120},[ \u00a0]+")
_ROLE_TAIL = (
    rf"[ \u00a0]+(?:(?:(?i:{trie_pattern(TITLE_MODIFIERS)})|{UPPER}{LETTER}+)[ \u00a0]+){{0,3}}"
    rf"(?P<noun>(?i:{trie_pattern(ROLE_NOUNS)}))(?![\w’'-])"
)
# "the minister", "The deputy foreign minister": who a role stands for is found later.
ROLE_PHRASE = re.compile(rf"[tT](?<![\w’'-].)he{_ROLE_TAIL}")
# The same as two patterns led by a literal word, which the engine finds far faster than
# a class; see role_phrases.
ROLE_PHRASE_PARTS = tuple(re.compile(rf"{the}(?<![\w’'-]{the}){_ROLE_TAIL}") for the in ("the", "The"))
PRONOUN_BEFORE = re.compile(rf"(?<![\w’'-])(?P<pronoun>(?i:he|she))\b{GAP.pattern}$")
PRONOUN_AFTER = re.compile(r"\s+(?P<pronoun>he|she)\b")
APPOSITIVE = re.compile(r",[ \u00a0]+(?P<role>[^,;:()“”\"‘’\n]{2,160}?)(?=,|\.\s|\.$|;|$)")
PARTY_TAG = re.compile(r"[RDI]-[A-Z][A-Za-z.]*")
REVERSED_WORD = re.compile(r"[ \u00a0]*([\w’'.-]{1,40})")
TITLE_COMMA = re.compile(r"(?<![\w.])([\w.]+),[ \u00a0]+$")
FOLLOWER = re.compile(r"\s*([\w’'-]+)")
ASIDE_BEFORE = re.compile(r",[^,;:.!?“”\"\n]{1,120},\s*$")
# Read in a three-character window after a role phrase ("the President of", "the Minister Smith").
TITLE_AFTER_ROLE = re.compile(rf"[ \u00a0]+(?:of\b|for\b|{UPPER})")
ROLE_WORD_SEPARATOR = re.compile(r"[\s-]+")
# Lower-case words after a verb, up to the noun they lead to ("said a senior official").
UNNAMED_AFTER = re.compile(r"[ \u00a0]+([a-z][\w’'-]*)")
LOWER_LEADERS = lexicon.wordset("lower_leaders") | TITLE_MODIFIERS
CHAIN_WORDS = lexicon.wordset("chain_words")
CLAUSE_OPENERS = lexicon.wordset("clause_openers")
PARENTHETICAL = re.compile(r"[ \u00a0]*\([^()\n]{1,40}\)")
CLAUSE_PRONOUN = re.compile(r"[\s\"“”‘’']*(?:He|She|he|she)\b")
POSSESSIVE = re.compile(r"[’'](?:s\b|(?!\w))")


# --- records ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A reference to a person (or a named speaker) in running text, outside quotes."""

    start: int
    end: int
    tail: int  # end of the mention with its appositive role and that role's closing comma
    key: str  # the full name it resolves to
    roles: tuple[str, ...]
    subject: bool  # stands as the subject of its clause (so it can be "he" later)
    person: bool  # a person, not an organisation named as a speaker


class _NameMatch(NamedTuple):
    """A name as read where it stands; a named tuple as thousands are made per document."""

    start: int
    end: int
    name: str
    title: str | None
    appositive: str | None
    tail: int
    titled: bool  # a title, honorific or appositive role stands with it
    speaking: bool  # it is the subject of a reporting verb, or follows one ("said Smith")
    subject: bool
    honorific: bool = False  # "Mr", "Dr" stands with it: a person, though no role

    @property
    def evidence(self) -> bool:
        return self.titled or self.speaking


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str | None
    position: int


# Someone unnamed speaks ("a spokesman for the ministry said"): the search for a speaker
# stops, no earlier speaker is carried over, and the quote is reported without a name.
NOBODY = Speaker("", None, -1)


@dataclass(frozen=True)
class PeopleIndex:
    """Who is mentioned where in one document; built once, looked up per quote."""

    text: str
    mentions: tuple[Mention, ...]
    starts: tuple[int, ...]
    tails: tuple[int, ...]
    roles: dict[str, tuple[str, ...]]  # full name -> roles in order of appearance
    order: tuple[str, ...]  # people, in order of first mention

    def role_of(self, name: str) -> str | None:
        roles = self.roles.get(name, ())
        return roles[0] if roles else None

    def antecedent(self, position: int) -> Mention | None:
        """The person a "he"/"she" at position most likely means: the last subject, else the last person."""
        index = bisect.bisect_right(self.starts, position)
        fallback: Mention | None = None
        for mention in reversed(self.mentions[max(0, index - 40) : index]):
            if not mention.person:
                continue
            if mention.subject:
                return mention
            fallback = fallback or mention
        return fallback

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


# --- recognising names -----------------------------------------------------------------


def is_title_cased(words: Sequence[str]) -> bool:
    """Every word but the small ones starts with a capital or a digit, as names and titles do."""
    significant = False
    for word in words:
        if word.lower() in MINOR_WORDS:
            continue
        if not (word[0].isupper() or word[0].isdigit()):
            return False  # most quotes have a small word early on
        significant = True
    return significant


@functools.lru_cache(maxsize=1 << 16)
def _bare(token: str) -> str:
    """Cached: the same few thousand words are looked up again and again."""
    return token.rstrip(".").lower()


@functools.lru_cache(maxsize=1 << 16)
def _is_person_token(token: str) -> bool:
    bare = _bare(token)
    if bare in NON_PERSON_WORDS or bare in CAPITALISED_FUNCTION_WORDS or bare in TITLE_WORDS:
        return False
    return not (len(token) > 1 and token.isupper() and not token.endswith("."))


def _word_before(text: str, position: int) -> str:
    """_words_before(text, position, 1)'s word, or "": one match, no list."""
    backwards = _reversed(text)
    size = len(text)
    match = REVERSED_WORD.match(backwards, size - position, size - max(0, position - 40))
    return "" if match is None else text[size - match.end(1) : size - match.start(1)]


def _one_word_before(text: str, position: int, two: Sequence[tuple[int, str]]) -> Sequence[tuple[int, str]]:
    """_words_before(text, position, 1), read off two = _words_before(text, position, 2).

    The one-word look-up has a narrower window, so it finds the same word only when that
    word starts within it; when two found none, neither would it.
    """
    if not two or two[0][0] >= position - 40:
        return two[:1]
    return _words_before(text, position, 1)


def _words_before(text: str, position: int, limit: int) -> list[tuple[int, str]]:
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


def _title_before(
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
    if comma is not None and _bare(comma.group(1)) in TITLE_WORDS and text.startswith(",", end):
        title_end = comma.end(1)
        nearest = _words_before(text, title_end, 1)
    if not nearest or (_bare(nearest[0][1]) not in TITLE_WORDS and _bare(nearest[0][1]) not in HONORIFICS):
        return None, position  # "Mr." ends a run of its own: NAME stops at its full stop
    words = _words_before(text, title_end, 8)
    kept = 1
    for _, word in words[1:]:
        bare = _bare(word)
        capitalised = word[0].isupper() and bare not in CAPITALISED_FUNCTION_WORDS
        if not (capitalised or bare in TITLE_WORDS or bare in TITLE_MODIFIERS):
            break
        kept += 1
    if kept < len(words) and _bare(words[kept][1]) in LOWER_MODIFIERS:
        kept += 1
    first = words[kept - 1][0]
    return text[first:title_end].strip(" ,"), first


def _of_chain_title(text: str, start: int) -> tuple[str | None, int]:
    """The title in "Minister of Foreign Affairs Roman Vassilenko" that ends inside the name match."""
    words = _words_before(text, start, 12)
    if not words or words[0][1] not in CHAIN_WORDS:
        return None, start
    first: int | None = None
    for position, word in words:
        if not (word[0].isupper() or word in CHAIN_WORDS):
            break
        if _bare(word) in TITLE_WORDS:
            first = position
    return (None, start) if first is None else (text[first:start].strip(), first)


def _appositive(text: str, end: int) -> tuple[str | None, int]:
    """A role set off by commas after a name: ", head of the Asian Studies Department,"."""
    match = APPOSITIVE.match(text, end)
    if not match:
        return None, end
    role = match.group("role").strip()
    if PARTY_TAG.fullmatch(role.rstrip(".")) or PARTY_TAG.fullmatch(role):
        return role, match.end() + (1 if text.startswith(",", match.end()) else 0)
    words = role.split()
    if not words or len(words) > 24 or words[0].lower() in CLAUSE_OPENERS:
        return None, end
    if VERB.search(role) or not any(_bare(word) in TITLE_WORDS for word in words[:6]):
        return None, end
    if words[0].lower() in {"a", "an", "the"}:
        role = role.split(None, 1)[1] if len(words) > 1 else role
    tail = match.end() + (1 if text.startswith(",", match.end()) else 0)
    return role, tail


def _continues_proper_name(words: Sequence[tuple[int, str]]) -> bool:
    """ "Fiscal Studies" in "Institute for Fiscal Studies" (given the two words before it)."""
    return (
        len(words) == 2
        and words[0][1] in CHAIN_WORDS
        and words[1][1][0].isupper()
        and _bare(words[1][1]) not in CAPITALISED_FUNCTION_WORDS
    )


def _split_title(tokens: list[str]) -> tuple[list[str], list[str]]:
    """("Kazakh Deputy Foreign Minister", "Roman Vassilenko") from one capitalised run."""
    last_title = -1
    for index, token in enumerate(tokens):
        if _bare(token) in TITLE_WORDS or _bare(token) in HONORIFICS:
            last_title = index
    return tokens[: last_title + 1], tokens[last_title + 1 :]


def _verb_at(text: str, position: int) -> re.Match[str] | None:
    """A reporting verb after position, across adverbs or one aside set off by commas."""
    aside = ASIDE.match(text, position)
    if aside is not None and not VERB.search(aside.group()):
        position = aside.end()
    gap = GAP.match(text, position)
    cursor = gap.end() if gap else position
    return VERB.match(text, cursor)


def _has_verb_at(text: str, position: int) -> bool:
    """_verb_at(text, position) is not None, with one match fewer."""
    aside = ASIDE.match(text, position)
    if aside is not None and not VERB.search(aside.group()):
        position = aside.end()
    return GAP_VERB.match(text, position) is not None


def headlines(text: str) -> list[tuple[int, int]]:
    """Title-cased lines: in "Expert Discusses Kazakhstan" capitals do not mark names."""
    found: list[tuple[int, int]] = []
    for start, end in line_spans(text):
        line = text[start:end]
        if not line.rstrip().endswith(".") and _is_headline(line):
            found.append((start, end))
    return found


def _is_headline(line: str) -> bool:
    """At least three words, title-cased; stops at the first small-letter word, as most lines have one."""
    count = 0
    significant = False
    for match in WORD.finditer(line):
        word = match.group()
        count += 1
        if word.lower() in MINOR_WORDS:
            continue
        if not (word[0].isupper() or word[0].isdigit()):
            return False
        significant = True
    return count >= 3 and significant


def _within(spans: Sequence[tuple[int, int]], starts: Sequence[int], position: int) -> bool:
    slot = bisect.bisect_right(starts, position) - 1
    return slot >= 0 and position < spans[slot][1]


def _name_matches(text: str, inside: Sequence[tuple[int, int]]) -> list[_NameMatch]:
    """The names that can stand for someone, in text order.

    Two passes, for speed: a lone word becomes a person only through its own title, a
    reporting verb or a full name registered elsewhere, and only runs of two or more words
    register full names. So runs are read first; a lone word is read in full only when it
    is a registered surname or the words around it could make it a speaker or titled.
    """
    blocked_starts, blocked_ends = _union(inside, headlines(text))
    slots: list[_NameMatch | re.Match[str]] = []
    for match in name_runs(text):
        # Word checks first, as they reject most runs: "The", "SCO", "United Nations".
        kind = _run_kind(match.group())
        if not kind:
            continue
        start = match.start()
        block = bisect.bisect_right(blocked_starts, start) - 1
        if block >= 0 and start < blocked_ends[block]:
            continue  # inside a quotation or a headline
        if kind == _LONE:
            slots.append(match)
            continue
        record = _read_name(text, match)
        if record is not None:
            slots.append(record)
    _, surnames = _register([slot for slot in slots if isinstance(slot, _NameMatch)])
    found: list[_NameMatch] = []
    for slot in slots:
        if isinstance(slot, re.Match):
            if slot.group() not in surnames and not _may_be_titled_or_speaking(text, slot):
                continue
            record = _read_name(text, slot)
            if record is None:
                continue
            slot = record
        found.append(slot)
    return found


def name_runs(text: str) -> Iterable[re.Match[str]]:
    """NAME.finditer(text), as NAME_UPPER's matches and those led by "al-" and the like.

    NAME's match at a position does not depend on where the scan started, so the union is
    the one scan's matches when no two of them overlap ("Bashar al-Assad" holds the match
    "al-Assad"); then the one scan is made.
    """
    led: list[re.Match[str]] = []
    for hyphen in PREFIX_HYPHEN.finditer(text):
        for start in (hyphen.start() - 2, hyphen.start() - 3):
            if start >= 0 and text[start] in "ae":
                match = NAME.match(text, start)
                if match is not None:
                    led.append(match)
    if not led:
        return NAME_UPPER.finditer(text)
    found = sorted([*NAME_UPPER.finditer(text), *led], key=_start)
    if any(earlier.end() > later.start() for earlier, later in itertools.pairwise(found)):
        return NAME.finditer(text)
    return found


_LONE, _RUN = 1, 2


@functools.lru_cache(maxsize=1 << 16)
def _run_kind(run: str) -> int:
    """0 for a run of NAME no name can come from, else _LONE (one word) or _RUN (several).

    Cached: runs repeat ("The", "He", "Kazakhstan") far more than they vary.
    """
    cut = max(run.rfind(" "), run.rfind("\u00a0"))
    if cut < 0:
        return _LONE if _may_name_alone(run) else 0
    return _RUN if _is_person_token(run[cut + 1 :]) else 0


def _union(*spans: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The starts and ends of the union of some lists of sorted, disjoint spans, merged."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(itertools.chain(*spans)):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


@functools.lru_cache(maxsize=1 << 16)
def _may_name_alone(word: str) -> bool:
    """A lone capitalised word that `_read_name` could take for a name ("Smith", not "SCO")."""
    bare = _bare(word)
    return bare not in SKIPPED_SINGLE_WORDS and bare not in HONORIFICS and _is_person_token(word)


def _may_be_titled_or_speaking(text: str, match: re.Match[str]) -> bool:
    """Whether a lone word could have a title or a reporting verb of its own.

    A cheap over-estimate of what `_read_name` finds: when False, the word has neither,
    and since it is no registered surname it would resolve to no one.
    """
    start, end = match.span()
    if _cues_name(_word_before(text, start)):
        return True  # a title or a reporting verb right before it, or "according to"
    if text.startswith(",", end):
        # "Boehner's spokesman, Steel, said": a title before the comma before it.
        if text[start - 2 : start - 1] == ",":
            comma = TITLE_COMMA.search(text, max(0, start - 40), start)
            if comma is not None and _bare(comma.group(1)) in TITLE_WORDS:
                return True
        # Else only a verb after its appositive role, a bracket or an aside, as `_read_name`
        # looks for one; the words of a list ("Germany, India, Italy") have none.
        role = APPOSITIVE.match(text, end)
        if role is not None and not role.group("role").strip():
            return True  # a blank role, which `_appositive` cannot read: left to `_read_name`
        _, tail = _appositive(text, end)
        bracket = PARENTHETICAL.match(text, tail)
        return _has_verb_at(text, tail if bracket is None else bracket.end())
    if text[start - 2 : start - 1] == ",":
        # A comma before it and none after bring no title; a verb may follow a bracket
        # ("Sen., Doe (D-Mass.) said").
        bracket = PARENTHETICAL.match(text, end)
        if bracket is not None:
            return _has_verb_at(text, bracket.end())
    return GAP_VERB.match(text, end) is not None


@functools.lru_cache(maxsize=1 << 16)
def _cues_name(before: str) -> bool:
    """A word before a lone word that can make it titled or a speaker: "Sen.", "said", "to"."""
    lowered = before.lower()
    return (
        _bare(before) in TITLE_WORDS
        or _bare(before) in HONORIFICS
        or lowered == "to"
        or VERB.fullmatch(lowered) is not None
    )


class _Run(NamedTuple):
    """What the words of one run of NAME say by themselves, wherever the run stands."""

    tokens: tuple[str, ...]  # the run's words, those leading words that open clauses left out
    offsets: tuple[int, ...]  # where each starts, from the run's start
    titles: int  # how many of them make its title ("Deputy Foreign Minister")
    title: str | None
    honorific: bool
    all_person: bool  # every word after the title can be part of a person's name


@functools.lru_cache(maxsize=1 << 16)
def _run_words(run: str) -> _Run | None:
    """Cached: the same runs ("Roman Vassilenko", "Mr Smith") come again and again."""
    tokens = run.split()
    if not _is_person_token(tokens[-1]):
        return None  # checked first, for speed: every name kept from the run ends with it
    offsets = _offsets(run, tokens, 0) if len(tokens) > 1 else [0]
    while tokens and _bare(tokens[0]) in CAPITALISED_FUNCTION_WORDS:
        tokens, offsets = tokens[1:], offsets[1:]
    title_tokens, name_tokens = _split_title(tokens)
    if not name_tokens or not all(_is_person_token(token) for token in name_tokens[-2:]):
        return None  # checked early for speed: the name kept always ends with these two words
    return _Run(
        tokens=tuple(tokens),
        offsets=tuple(offsets),
        titles=len(title_tokens),
        title=" ".join(title_tokens) or None,
        honorific=bool(title_tokens) and all(_bare(token) in HONORIFICS for token in title_tokens),
        all_person=all(_is_person_token(token) for token in name_tokens),
    )


def _read_name(text: str, match: re.Match[str]) -> _NameMatch | None:
    words = _run_words(match.group())
    if words is None:
        return None
    base = match.start()
    tokens = words.tokens
    title_tokens = tokens[: words.titles]
    name_tokens = tokens[words.titles :]
    name_start = base + words.offsets[words.titles]
    title = words.title
    mention_start = base + words.offsets[0] if title_tokens else name_start
    honorific = words.honorific
    all_person = words.all_person
    # The two words before the name, looked up once: several rules below read them.
    near_at = -1 if title_tokens else name_start
    near = _words_before(text, near_at, 2) if near_at >= 0 else []
    if title is None:
        title, mention_start = _title_before(
            text, name_start, match.end(), _one_word_before(text, near_at, near)
        )
        honorific = title is not None and _bare(title.split()[-1]) in HONORIFICS
    if title is None and len(name_tokens) >= 3:
        title, chain_start = _of_chain_title(text, name_start)
        if title is not None:
            keep = 3 if len(name_tokens) >= 4 and name_tokens[-2].endswith(".") else 2
            title = f"{title} {' '.join(name_tokens[:-keep])}"
            name_start = base + words.offsets[len(tokens) - keep]
            name_tokens = name_tokens[-keep:]
            all_person = all(_is_person_token(t) for t in name_tokens)
            mention_start = chain_start
    if title is None and _continues_proper_name(
        near if match.start() == near_at else _words_before(text, match.start(), 2)
    ):
        return None
    if title is not None and not title_tokens and mention_start < name_start:
        modifier = _word_before(text, mention_start)
        if modifier.lower() in LOWER_MODIFIERS:
            title = f"{modifier} {title}"
            mention_start -= len(modifier) + 1
    if not name_tokens or len(name_tokens) > 4 or not all_person:
        return None
    name = " ".join(name_tokens)
    end = name_start + len(text[name_start : match.end()].rstrip())
    if POSSESSIVE.match(text, end):
        role = _role(title, honorific)
        return _NameMatch(
            mention_start, end, name, role, None, end, title is not None, False, False, honorific
        )
    if text[mention_start:name_start].rstrip().endswith(",") and text.startswith(",", end):
        appositive, tail = None, end + 1  # the name is itself the apposition to the title before it
    else:
        appositive, tail = _appositive(text, end)
    bracket = PARENTHETICAL.match(text, tail)
    if bracket is not None:
        tail = bracket.end()  # "Sen. Jane Doe (D-Mass.) said": the verb is hers
    around = near if mention_start == near_at else _words_before(text, mention_start, 2)
    nearest = _one_word_before(text, mention_start, around)
    before = nearest[0][1].lower() if nearest else ""
    verb_before = (bool(VERB.fullmatch(before)) and before not in OBJECT_VERBS) or _after_according_to(around)
    titled = title is not None or appositive is not None
    speaking = _has_verb_at(text, tail) or verb_before
    subject = speaking or (before not in PREPOSITIONS and _verb_follows(text, tail))
    role = _role(title, honorific)
    return _NameMatch(mention_start, end, name, role, appositive, tail, titled, speaking, subject, honorific)


def _offsets(run: str, tokens: Sequence[str], base: int) -> list[int]:
    """Where each token of a white-space separated run starts in the text."""
    offsets: list[int] = []
    cursor = 0
    for token in tokens:
        cursor = run.index(token, cursor)
        offsets.append(base + cursor)
        cursor += len(token)
    return offsets


def _after_according_to(words: Sequence[tuple[int, str]]) -> bool:
    """Whether the two words before something are "according to"."""
    return len(words) == 2 and words[0][1].lower() == "to" and words[1][1].lower() == "according"


def _verb_follows(text: str, position: int) -> bool:
    """A lower-case word that is not a preposition or article follows: most likely a verb.

    Across an aside set off by commas: "Mr Lopez, 77, has run four times".
    """
    aside = ASIDE.match(text, position)
    if aside is not None and not VERB.search(aside.group()):
        position = aside.end()
    follower = FOLLOWER.match(text, position)
    if follower is None:
        return False
    word = follower.group(1)
    return word.islower() and word not in NON_VERB_FOLLOWERS


def _role(title: str | None, honorific: bool) -> str | None:
    return None if title is None or honorific else title


# --- the index ---------------------------------------------------------------------------


def _surname(name: str) -> str:
    return name.split()[-1]


def _register(names: Sequence[_NameMatch]) -> tuple[dict[str, list[str]], dict[str, list[tuple[int, str]]]]:
    """Full names introduced with evidence, their roles, and where each surname was introduced."""
    roles: dict[str, list[str]] = {}
    surnames: dict[str, list[tuple[int, str]]] = {}
    for record in names:
        if len(record.name.split()) < 2 or record.name.split()[0].endswith("."):
            continue
        if not record.evidence and record.name not in roles:
            continue
        if record.name not in roles:
            roles[record.name] = []
            surnames.setdefault(_surname(record.name), []).append((record.start, record.name))
    return roles, surnames


def _resolve(
    record: _NameMatch, roles: dict[str, list[str]], surnames: dict[str, list[tuple[int, str]]]
) -> tuple[str, bool] | None:
    """The full name a mention stands for, and whether it is surely a person."""
    if record.name in roles:
        return record.name, True
    tokens = record.name.split()
    candidates = surnames.get(tokens[-1], [])
    if len(tokens) == 2 and tokens[0].endswith("."):
        candidates = [c for c in candidates if c[1].startswith(tokens[0][0])]
    elif len(tokens) > 1:
        candidates = []
    if candidates:
        earlier = [name for start, name in candidates if start <= record.start]
        return (earlier[-1] if earlier else candidates[0][1]), True
    if len(tokens) > 1 and record.evidence:
        return record.name, True
    # A lone capitalised word is a person only with a title of its own ("President Tokayev");
    # "Kazakhstan said" names a speaker that is not a person.
    if record.title is not None or record.honorific:
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
    found = sorted((match for part in ROLE_PHRASE_PARTS for match in part.finditer(text)), key=_start)
    if any(earlier.end() > later.start() for earlier, later in itertools.pairwise(found)):
        return list(ROLE_PHRASE.finditer(text))
    return found


def _start(match: re.Match[str]) -> int:
    return match.start()


def build_index(text: str, inside: Sequence[tuple[int, int]] = ()) -> PeopleIndex:
    """Every mention of a person outside the given (sorted, disjoint) quoted spans."""
    names = _name_matches(text, inside)
    roles, surnames = _register(names)
    events: list[tuple[int, int, _NameMatch | re.Match[str]]] = [(n.start, 0, n) for n in names]
    quote_starts = [start for start, _ in inside]
    for match in role_phrases(text):
        if _within(inside, quote_starts, match.start()):
            continue
        if TITLE_AFTER_ROLE.match(text, match.end(), match.end() + 3):
            continue  # "the President of ...", "the Minister Smith": a title, read with the name
        events.append((match.start(), 1, match))
    events.sort(key=lambda event: (event[0], event[1]))
    mentions: list[Mention] = []
    recent = _Recent()
    all_roles: dict[str, list[str]] = {name: list(found) for name, found in roles.items()}
    for _, _, event in events:
        previous_tail = mentions[-1].tail if mentions else 0
        if isinstance(event, _NameMatch):
            if event.end <= previous_tail:
                continue
            mention = _name_mention(event, roles, surnames, all_roles)
            # "Boehner's spokesman, Michael Steel": the title holds an earlier name; keep both.
            if mention is not None and mention.start < previous_tail:
                mention = replace(mention, start=previous_tail)
        elif event.start() >= previous_tail:
            mention = _role_mention(text, event, recent)
        else:
            continue
        if mention is not None:
            mentions.append(mention)
            recent.saw(mention, all_roles.get(mention.key, []))
    frozen_roles = {name: tuple(found) for name, found in all_roles.items()}
    final = tuple(
        Mention(m.start, m.end, m.tail, m.key, frozen_roles.get(m.key, ()), m.subject, m.person)
        for m in mentions
    )
    order = dict.fromkeys(mention.key for mention in final if mention.person)
    return PeopleIndex(
        text=text,
        mentions=final,
        starts=tuple(m.start for m in final),
        tails=tuple(m.tail for m in final),
        roles=frozen_roles,
        order=tuple(order),
    )


def _name_mention(
    record: _NameMatch,
    roles: dict[str, list[str]],
    surnames: dict[str, list[tuple[int, str]]],
    all_roles: dict[str, list[str]],
) -> Mention | None:
    resolved = _resolve(record, roles, surnames)
    if resolved is None:
        return None
    key, person = resolved
    found = all_roles.setdefault(key, [])
    for role in (record.title, record.appositive):
        if role and role not in found:
            found.append(role)
    return Mention(record.start, record.end, record.tail, key, (), record.subject, person)


def _role_mention(text: str, match: re.Match[str], recent: _Recent) -> Mention | None:
    """ "The expert also noted": the last person holding that role, else the last person."""
    key = recent.by_role_word.get(match.group("noun").lower()) or recent.subject
    if key is None or POSSESSIVE.match(text, match.end()):
        return None
    verb = _verb_at(text, match.end())
    before = _word_before(text, match.start()).lower()
    subject = verb is not None or (before not in PREPOSITIONS and _verb_follows(text, match.end()))
    return Mention(match.start(), match.end(), match.end(), key, (), subject, True)


# --- speakers next to reporting verbs --------------------------------------------------


def speaker_of_verb(index: PeopleIndex, verb: re.Match[str], floor: int, ceiling: int) -> Speaker | None:
    """Who a reporting verb's speaker is: its subject before it, else the name after it.

    floor and ceiling bound the clause: a speaker is never looked for across a sentence end
    or inside a quotation.
    """
    text = index.text
    word = verb.group().lower()
    if word == "according to" or word.startswith("according"):
        return _speaker_after(index, verb.end(), ceiling)
    if word in GERUNDS and text[floor : verb.start()].rstrip().endswith(","):
        return _subject_of_clause(index, floor, verb.start())  # "X arrived on Monday, saying ..."
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
        return _pronoun_speaker(index, pronoun.start())
    # "said X" names its speaker only where the verb opens its clause: in "a spokesperson
    # said the minister ..." the minister is what was said, not who said it.
    opens_clause = not text[floor : verb.start()].strip(" \u00a0,:—–-")
    if word in OBJECT_VERBS or word in OPINION_FORMS or not opens_clause:
        return None
    return _speaker_after(index, verb.end(), ceiling) or _unnamed_after(text, verb.end(), ceiling)


def _subject_of_clause(index: PeopleIndex, floor: int, position: int) -> Speaker | None:
    """Who a participle's clause ("..., saying") belongs to: the sentence's subject."""
    subject = index.first_subject(floor, position)
    if subject is not None:
        return _speaker(index, subject)
    pronoun = CLAUSE_PRONOUN.match(index.text, floor, position)
    return _pronoun_speaker(index, pronoun.end()) if pronoun is not None else None


def _after_preposition(text: str, position: int) -> bool:
    """ "a spokesman for", "lawyers for", "an aide to" stand right before position.

    Only a lower-case noun for people counts: in "Ministry of Defence spokesman Igor
    Konashenkov" the words before "of" belong to his title.
    """
    words = _words_before(text, position, 2)
    return (
        len(words) == 2
        and words[0][1].lower() in OBJECT_PREPOSITIONS
        and words[1][1].islower()
        and _bare(words[1][1]) in UNNAMED_PEOPLE
    )


def _unnamed_subject(text: str, position: int, floor: int) -> bool:
    """The verb's subject is a common noun for people or a body: "officials", "the ministry".

    Capitalised, such a noun counts only alone, where the sentence start capitalised it
    ("Critics said"), not inside a name ("The New York Times said").
    """
    words = [(start, word) for start, word in _words_before(text, position, 4) if start >= floor]
    while words and words[0][1].lower() in GAP_WORDS:
        words = words[1:]  # "officials also said"
    if not words:
        return False
    bare = _bare(words[0][1])
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
    words = [(start, word) for start, word in _words_before(text, position, 8) if start >= floor]
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
        if 2 <= len(named) <= 4 and all(_is_person_token(token) for token in named):
            return Speaker(" ".join(reversed(named)), None, kept[-1][0])  # a full name, unmentioned
    while kept and (kept[-1][1] in CHAIN_WORDS or _bare(kept[-1][1]) in CAPITALISED_FUNCTION_WORDS):
        kept.pop()
    if not kept or not kept[0][1][0].isupper():
        return None
    lead = [word.lower() for start, word in _words_before(text, kept[-1][0], 2) if start >= floor]
    if lead and lead[0] in {"the", "a", "an"}:
        lead = lead[1:]
    if lead and lead[0] in OBJECT_PREPOSITIONS:
        return NOBODY
    return Speaker(text[kept[-1][0] : kept[0][0] + len(kept[0][1])], None, kept[-1][0])


def _speaker_after(index: PeopleIndex, position: int, ceiling: int) -> Speaker | None:
    after = index.starting_at(position)
    if after is not None and after.start < ceiling:
        return _speaker(index, after)
    pronoun = PRONOUN_AFTER.match(index.text, position, ceiling)
    if pronoun is not None:
        return _pronoun_speaker(index, position)
    return None


def _speaker(index: PeopleIndex, mention: Mention) -> Speaker:
    return Speaker(mention.key, index.role_of(mention.key), mention.start)


def _pronoun_speaker(index: PeopleIndex, position: int) -> Speaker | None:
    antecedent = index.antecedent(position)
    return None if antecedent is None else Speaker(antecedent.key, index.role_of(antecedent.key), position)


def is_elision(text: str, position: int) -> bool:
    """An apostrophe that drops letters at a word's start: ’90s, ’em, rock ’n’ roll."""
    following = text[position + 1 : position + 6]
    if re.match(r"\d\d(?:s\b|\b)", following):
        return True
    word = re.match(r"[A-Za-z]+", following)
    return word is not None and word.group().lower() in ELISIONS
