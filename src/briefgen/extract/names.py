"""Names and roles in news text: capitalised runs, the titles before them, appositive roles.

Rule-based and offline. Everything here works on offsets into one document's text so
that quotes and people can share one index of who is mentioned where (see mentions.py).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from briefgen import lexicon
from briefgen.extract.gender import GIVEN_NAMES
from briefgen.extract.roles import (
    APPOSITIVE,
    BORROWED_ROLE_LEADS,
    CAPITALISED_FUNCTION_WORDS,
    CHAIN_WORDS,
    HONORIFICS,
    LOWER_MODIFIERS,
    NON_PERSON_WORDS,
    POSSESSIVE_LEADS,
    TITLE_COMMA,
    TITLE_WORDS,
    appositive_role,
    bare_word,
    of_chain_title,
    one_word_before,
    title_before,
    word_before,
    words_before,
)
from briefgen.extract.verbs import ASIDE, GAP_VERB, OBJECT_VERBS, VERB, has_verb_at, led_trie_pattern
from briefgen.text import LETTER, UPPER, headlines

SKIPPED_SINGLE_WORDS = CAPITALISED_FUNCTION_WORDS | NON_PERSON_WORDS
PREPOSITIONS = lexicon.wordset("prepositions")
NON_VERB_FOLLOWERS = PREPOSITIONS | lexicon.wordset("non_verb_followers")
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
FOLLOWER = re.compile(r"\s*([\w’'-]+)")
NAME_SUFFIXES = frozenset({"Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV"})
PARENTHETICAL = re.compile(r"[ \u00a0]*\([^()\n]{1,40}\)")
POSSESSIVE = re.compile(r"[’'](?:s\b|(?!\w))")
# Looking behind after the first letter: searched for in the window after thousands of names.
PERSONAL_PRONOUN = re.compile(
    led_trie_pattern(
        ["He", "he", "She", "she", "Him", "him", "His", "his", "Himself", "himself", "Herself", "herself"],
        r"[\w’'-]",
    )
    + r"(?![\w’'-])"
)
# A capitalised word inside a sentence, not after a stop: another name the pronoun could be.
OTHER_NAME = re.compile(rf"(?<![.!?”\"’])\s+{UPPER}")
PRONOUN_REACH = 160
DETERMINERS = lexicon.wordset("lower_leaders") | {"this", "that", "these", "those", "its", "their", "our"}
# A verb that agrees with one subject, right after a name: "Poe has", "Poe visited", "Poe says".
FINITE_VERB = re.compile(
    r"[ \u00a0]+(?:has|had|is|was|will|would|did|does|can|could|may|might|must|should|[a-z]+(?:ed|[^s]s))\b"
)
# "Republicans", "Birchers": a lone capitalised plural names a group, not a person.
GROUP_ENDINGS = ("ers", "ans", "ists", "ites")


class NameMatch(NamedTuple):
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
    personal: bool = False  # a subject, then "he" or "she" soon after: a person, though untitled

    @property
    def evidence(self) -> bool:
        return self.titled or self.speaking or self.personal


@functools.lru_cache(maxsize=1 << 16)
def is_person_token(token: str) -> bool:
    if len(token) == 2 and token[1] == "." and token[0].isupper():
        return True  # a middle initial: "Jane A. Roe"
    bare = bare_word(token)
    if bare in NON_PERSON_WORDS or bare in CAPITALISED_FUNCTION_WORDS or bare in TITLE_WORDS:
        return False
    return not (len(token) > 1 and token.isupper() and not token.endswith("."))


def _continues_proper_name(words: Sequence[tuple[int, str]]) -> bool:
    """ "Fiscal Studies" in "Institute for Fiscal Studies" (given the two words before it)."""
    return (
        len(words) == 2
        and words[0][1] in CHAIN_WORDS
        and words[1][1][0].isupper()
        and bare_word(words[1][1]) not in CAPITALISED_FUNCTION_WORDS
    )


def _split_title(tokens: list[str]) -> tuple[list[str], list[str]]:
    """("Kazakh Deputy Foreign Minister", "Roman Vassilenko") from one capitalised run."""
    last_title = -1
    for index, token in enumerate(tokens):
        if (bare_word(token) in TITLE_WORDS or bare_word(token) in HONORIFICS) and not (
            index and _is_surname_after_given_name(tokens[index - 1], token)
        ):
            last_title = index
    return tokens[: last_title + 1], tokens[last_title + 1 :]


@functools.lru_cache(maxsize=1 << 12)
def _is_surname_after_given_name(before: str, token: str) -> bool:
    """ "Charlie King", "Ann Bishop": a title word after a given name is a surname."""
    return before.lower() in GIVEN_NAMES and bare_word(token) in TITLE_WORDS and token[:1].isupper()


def _name_token(tokens: Sequence[str], index: int) -> bool:
    token = tokens[index]
    if is_person_token(token):
        return True
    if index > 0:
        return _is_surname_after_given_name(tokens[index - 1], token)
    # "Bill Clinton", "Will Hurd": a given name that is also a common word opens a full name.
    return len(tokens) > 1 and token.lower() in GIVEN_NAMES and is_person_token(tokens[1])


def name_matches(text: str, inside: Sequence[tuple[int, int]]) -> list[NameMatch]:
    """The names that can stand for someone, in text order.

    Two passes, for speed: a lone word becomes a person only through its own title, a
    reporting verb or a full name registered elsewhere, and only runs of two or more words
    register full names. So runs are read first; a lone word is read in full only when it
    is a registered surname or the words around it could make it a speaker or titled.
    """
    blocked_starts, blocked_ends = _union(inside, headlines(text))
    slots: list[_ReadRun] = []
    for run in _read_runs(text):
        start = run.match.start()
        block = bisect.bisect_right(blocked_starts, start) - 1
        if block >= 0 and start < blocked_ends[block]:
            continue  # inside a quotation or a headline
        if run.lone or run.record is not None:
            slots.append(run)
    _, surnames = register([run.record for run in slots if not run.lone and run.record is not None])
    found: list[NameMatch] = []
    for run in slots:
        record = run.record
        if run.lone and not run.titled_or_speaking:
            record = _read_name(text, run.match) if run.match.group() in surnames else None
        if record is not None:
            found.append(record)
    return found


class _ReadRun(NamedTuple):
    """A run of NAME that may name someone, read once whatever spans a caller blocks: a
    lone word's record is read only when it may be titled or speaking (else it needs a
    registered surname, which depends on the runs not blocked)."""

    match: re.Match[str]
    lone: bool
    titled_or_speaking: bool
    record: NameMatch | None


@functools.lru_cache(maxsize=4)
def _read_runs(text: str) -> tuple[_ReadRun, ...]:
    """The runs name_matches reads; cached, as quotes and references each index a text's
    people with different quotation spans blocked."""
    found: list[_ReadRun] = []
    for match in name_runs(text):
        # Word checks first, as they reject most runs: "The", "SCO", "United Nations".
        kind = _run_kind(match.group())
        if not kind:
            continue
        lone = kind == _LONE
        titled = lone and _may_be_titled_or_speaking(text, match)
        record = _read_name(text, match) if not lone or titled else None
        found.append(_ReadRun(match, lone, titled, record))
    return tuple(found)


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
    found = sorted([*NAME_UPPER.finditer(text), *led], key=match_start)
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
    tokens = _without_suffix(run.split())
    return _RUN if len(tokens) == 1 or _name_token(tokens, len(tokens) - 1) else 0


def _without_suffix(tokens: list[str]) -> list[str]:
    """ "Vann R. Newkirk II", "Jo Poe Jr.": the generational suffix is not part of the name kept."""
    return tokens[:-1] if len(tokens) > 2 and tokens[-1] in NAME_SUFFIXES else tokens


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
    bare = bare_word(word)
    return bare not in SKIPPED_SINGLE_WORDS and bare not in HONORIFICS and is_person_token(word)


def _may_be_titled_or_speaking(text: str, match: re.Match[str]) -> bool:
    """Whether a lone word could have a title or a reporting verb of its own.

    A cheap over-estimate of what `_read_name` finds: when False, the word has neither,
    and since it is no registered surname it would resolve to no one.
    """
    start, end = match.span()
    if _cues_name(word_before(text, start)):
        return True  # a title or a reporting verb right before it, or "according to"
    if text.startswith(",", end):
        # "Boehner's spokesman, Steel, said": a title before the comma before it.
        if text[start - 2 : start - 1] == ",":
            comma = TITLE_COMMA.search(text, max(0, start - 40), start)
            if comma is not None and bare_word(comma.group(1)) in TITLE_WORDS:
                return True
        # Else only a verb after its appositive role, a bracket or an aside, as `_read_name`
        # looks for one; the words of a list ("Germany, India, Italy") have none.
        role = APPOSITIVE.match(text, end)
        if role is not None and not role.group("role").strip():
            return True  # a blank role, which `appositive_role` cannot read: left to `_read_name`
        _, tail = appositive_role(text, end)
        bracket = PARENTHETICAL.match(text, tail)
        return has_verb_at(text, tail if bracket is None else bracket.end())
    if text[start - 2 : start - 1] == ",":
        # A comma before it and none after bring no title; a verb may follow a bracket
        # ("Sen., Doe (D-Mass.) said").
        bracket = PARENTHETICAL.match(text, end)
        if bracket is not None:
            return has_verb_at(text, bracket.end())
    if GAP_VERB.match(text, end) is not None:
        return True
    return verb_follows(text, end) and pronoun_follows(text, end)


@functools.lru_cache(maxsize=1 << 16)
def _cues_name(before: str) -> bool:
    """A word before a lone word that can make it titled or a speaker: "Sen.", "said", "to"."""
    lowered = before.lower()
    return (
        bare_word(before) in TITLE_WORDS
        or bare_word(before) in HONORIFICS
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
    tokens = _without_suffix(run.split())
    if not _name_token(tokens, len(tokens) - 1):
        return None  # checked first, for speed: every name kept from the run ends with it
    offsets = _offsets(run, tokens) if len(tokens) > 1 else [0]
    while tokens and bare_word(tokens[0]) in CAPITALISED_FUNCTION_WORDS:
        tokens, offsets = tokens[1:], offsets[1:]
    title_tokens, name_tokens = _split_title(tokens)
    if not name_tokens or not all(_name_token(name_tokens, i) for i in range(len(name_tokens))[-2:]):
        return None  # checked early for speed: the name kept always ends with these two words
    return _Run(
        tokens=tuple(tokens),
        offsets=tuple(offsets),
        titles=len(title_tokens),
        title=" ".join(title_tokens) or None,
        honorific=bool(title_tokens) and all(bare_word(token) in HONORIFICS for token in title_tokens),
        all_person=all(_name_token(name_tokens, i) for i in range(len(name_tokens))),
    )


def _read_name(text: str, match: re.Match[str]) -> NameMatch | None:
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
    near = words_before(text, near_at, 2) if near_at >= 0 else []
    if title is None:
        title, mention_start = title_before(
            text, name_start, match.end(), one_word_before(text, near_at, near)
        )
        honorific = title is not None and bare_word(title.split()[-1]) in HONORIFICS
    if title is None and len(name_tokens) >= 3:
        title, chain_start = of_chain_title(text, name_start)
        if title is not None:
            keep = 3 if len(name_tokens) >= 4 and name_tokens[-2].endswith(".") else 2
            title = f"{title} {' '.join(name_tokens[:-keep])}"
            name_start = base + words.offsets[len(tokens) - keep]
            name_tokens = name_tokens[-keep:]
            all_person = all(is_person_token(t) for t in name_tokens)
            mention_start = chain_start
    if title is None and _continues_proper_name(
        near if match.start() == near_at else words_before(text, match.start(), 2)
    ):
        joined = near[0][1] if near and match.start() == near_at else word_before(text, match.start())
        # "Jo Poe and Ann Lee": a full name opened by a given name after "and" is a second person.
        if not (joined == "and" and _given_name_first(name_tokens)):
            return None
    if title is not None and mention_start < name_start:
        modifier = word_before(text, mention_start)
        if modifier.lower() in LOWER_MODIFIERS:
            title = f"{modifier} {title}"
            mention_start -= len(modifier) + 1
    if not name_tokens or len(name_tokens) > 4 or not all_person:
        return None
    name = " ".join(name_tokens)
    end = name_start + len(text[name_start : match.end()].rstrip())
    borrowed = title is not None and _borrowed(text, mention_start, name_start)
    if POSSESSIVE.match(text, end):
        role = None if borrowed else _role(title, honorific)
        personal = title is None and word_before(text, mention_start).lower() not in DETERMINERS
        return NameMatch(
            mention_start,
            end,
            name,
            role,
            None,
            end,
            title is not None,
            False,
            False,
            honorific,
            personal and _given_name_first(name_tokens),
        )
    if text[mention_start:name_start].rstrip().endswith(",") and text.startswith(",", end):
        appositive, tail = None, end + 1  # the name is itself the apposition to the title before it
    else:
        appositive, tail = appositive_role(text, end)
    bracket = PARENTHETICAL.match(text, tail)
    if bracket is not None:
        tail = bracket.end()  # "Sen. Jane Doe (D-Mass.) said": the verb is hers
    around = near if mention_start == near_at else words_before(text, mention_start, 2)
    nearest = one_word_before(text, mention_start, around)
    before = nearest[0][1].lower() if nearest else ""
    verb_before = (bool(VERB.fullmatch(before)) and before not in OBJECT_VERBS) or _after_according_to(around)
    if not verb_before and title is not None:
        # "said the Rev. Jo Poe", "said 9/11 widow Jo Poe": the verb stands before the title's lead.
        lead = text[max(0, mention_start - 40) : mention_start].split()
        if len(lead) >= 2 and _leads_title(lead[-1]):
            lead_verb = lead[-2].lower()
            verb_before = bool(VERB.fullmatch(lead_verb)) and lead_verb not in OBJECT_VERBS
    titled = title is not None or appositive is not None
    speaking = has_verb_at(text, tail) or verb_before
    subject = speaking or (before not in PREPOSITIONS and verb_follows(text, tail))
    role = None if borrowed else _role(title, honorific)
    # "Tina Houchins had a question", "Tina Houchins's car": a common given name opening a
    # full name makes a person wherever it stands; a surname needs a verb, then "he" or "she".
    personal = borrowed or (  # "a President Poe would": no role of his, but a person
        not titled
        and before not in DETERMINERS
        and not (len(name_tokens) == 1 and name.endswith(GROUP_ENDINGS))
        and (
            _given_name_first(name_tokens)
            or (
                subject
                and (speaking or FINITE_VERB.match(text, tail) is not None)
                and pronoun_follows(text, tail)
            )
        )
    )
    return NameMatch(
        mention_start, end, name, role, appositive, tail, titled, speaking, subject, honorific, personal
    )


def _given_name_first(tokens: Sequence[str]) -> bool:
    """ "Tina Houchins had a question": a common given name opening a full name is a person's."""
    return len(tokens) >= 2 and tokens[0].lower() in GIVEN_NAMES


def pronoun_follows(text: str, position: int) -> bool:
    """ "Poe has won twice. He ...": "he" or "she" soon after, before any other capitalised name."""
    pronoun = PERSONAL_PRONOUN.search(text, position, position + PRONOUN_REACH)
    return pronoun is not None and not OTHER_NAME.search(text, position, pronoun.start())


def _leads_title(word: str) -> bool:
    return word == "the" or any(char.isdigit() for char in word)


def _offsets(run: str, tokens: Sequence[str]) -> list[int]:
    """Where each token of a white-space separated run starts in it."""
    offsets: list[int] = []
    cursor = 0
    for token in tokens:
        cursor = run.index(token, cursor)
        offsets.append(cursor)
        cursor += len(token)
    return offsets


def _after_according_to(words: Sequence[tuple[int, str]]) -> bool:
    """Whether the two words before something are "according to"."""
    return len(words) == 2 and words[0][1].lower() == "to" and words[1][1].lower() == "according"


def verb_follows(text: str, position: int) -> bool:
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
    """The title as a role: "Senate candidate Mrs." keeps "Senate candidate", "Mrs." alone is none."""
    if title is None or not honorific:
        return title
    words = title.split()
    while words and bare_word(words[-1]) in HONORIFICS:
        words.pop()
    return " ".join(words) or None


def _borrowed(text: str, mention_start: int, name_start: int) -> bool:
    """ "his rival Jo Poe", "a President Poe would": the title is someone else's or hypothetical.

    An indefinite counts only with the title joined to the name: "an aide, Jo Poe," is hers.
    """
    lead = word_before(text, mention_start).lower()
    if lead in POSSESSIVE_LEADS:
        return True
    return lead in BORROWED_ROLE_LEADS and not text[mention_start:name_start].rstrip().endswith(",")


def _surname(name: str) -> str:
    return name.split()[-1]


def register(names: Sequence[NameMatch]) -> tuple[dict[str, list[str]], dict[str, list[tuple[int, str]]]]:
    """Full names introduced with evidence, their roles, and where each surname was introduced."""
    roles: dict[str, list[str]] = {}
    surnames: dict[str, list[tuple[int, str]]] = {}
    for record in names:
        if len(record.name.split()) < 2 or record.name.split()[0].endswith("."):
            continue
        if not record.evidence and record.name not in roles:
            continue
        if record.name in roles:
            continue
        introduced = surnames.get(_surname(record.name), [])
        if any(same_but_initials(record.name, name) for _, name in introduced):
            continue  # "Jane Roe" after "Jane A. Roe": one person, under the name given first
        roles[record.name] = []
        surnames.setdefault(_surname(record.name), []).append((record.start, record.name))
    return roles, surnames


def same_but_initials(one: str, other: str) -> bool:
    """ "Jane A. Roe" and "Jane Roe": the same given name and surname, initials aside."""
    first, second = one.split(), other.split()
    if one == other or first[0] != second[0] or first[-1] != second[-1]:
        return False
    return all(token.endswith(".") and len(token) == 2 for token in [*first[1:-1], *second[1:-1]])


def match_start(match: re.Match[str]) -> int:
    return match.start()
