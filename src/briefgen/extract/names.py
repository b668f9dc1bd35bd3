"""People in news text: names, titles before them, appositive roles, reporting verbs.

Rule-based and offline. Everything here works on offsets into one document's text so
that quotes and people can share one index of who is mentioned where.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

# --- word lists -------------------------------------------------------------------------

# Verbs that introduce speech. Regular verbs get their -s and -ed forms generated.
SPEECH_VERBS = (
    "acknowledge", "add", "admit", "advise", "affirm", "agree", "allege", "announce", "answer",
    "argue", "ask", "assert", "assure", "boast", "caution", "charge", "claim", "comment",
    "complain", "concede", "conclude", "confirm", "contend", "continue", "counter", "declare",
    "emphasise", "emphasize", "estimate", "exclaim", "explain", "highlight", "insist", "joke",
    "lament", "maintain", "mention", "note", "observe", "outline", "plead", "pledge", "predict",
    "proclaim", "promise", "protest", "recall", "recount", "reiterate", "remark", "remind",
    "repeat", "reply", "report", "respond", "retort", "reveal", "shout", "speculate", "state",
    "stress", "suggest", "tell", "testify", "tweet", "underline", "underscore", "urge", "vow",
    "warn", "whisper", "wonder", "write", "say",
)
# Verbs of judgement: they attribute a quoted fragment ("called the plan 'a disaster'")
# but are weaker evidence than a speech verb.
OPINION_VERBS = (
    "believe", "call", "condemn", "criticise", "criticize", "denounce", "describe", "feel",
    "hail", "hope", "label", "praise", "slam", "term", "think", "welcome",
)
IRREGULAR_FORMS = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "think": ("think", "thinks", "thought"),
    "feel": ("feel", "feels", "felt"),
    "admit": ("admit", "admits", "admitted"),
    "slam": ("slams", "slammed"),
}
# Verbs that are also common nouns ("the report", "member states"): past tense only.
NOUN_LIKE_VERBS = frozenset(
    """answer charge claim comment counter estimate highlight joke label note outline pledge
    promise protest remark report reply state stress term tweet vow whisper call hail hope
    welcome""".split()
)
GERUNDS = ("adding", "noting", "stressing", "warning", "insisting", "arguing", "explaining",
           "asking", "calling", "describing", "saying", "telling", "writing", "urging")
PHRASAL_SPEECH = ("according to", "pointed out", "points out", "went on", "goes on")

PRONOUNS = frozenset({"he", "she"})
# Words that head a title or role: "Foreign Minister", "a spokesman for", "head of".
TITLE_WORDS = frozenset(
    """president vice-president president-elect minister premier chancellor secretary
    secretary-general director-general governor-general attorney-general senator sen
    representative rep congressman congresswoman governor gov mayor ambassador envoy chairman
    chairwoman chairperson chair director spokesman spokeswoman spokesperson king queen prince
    princess emir sheikh sultan pope cardinal archbishop bishop rabbi imam ayatollah general gen
    colonel col admiral adm commander lieutenant lt captain capt sergeant sgt marshal chief head
    leader speaker judge justice attorney prosecutor commissioner councillor councilor councilman
    councilwoman lawmaker legislator mp mep professor prof ceo cfo founder co-founder officer
    official adviser advisor aide analyst expert economist researcher scholar diplomat author
    editor correspondent columnist activist lawyer candidate nominee strategist manager executive
    administrator superintendent inspector dean rector treasurer ombudsman deputy delegate whip
    lecturer historian journalist reporter scientist politician coordinator negotiator
    consul consul-general vice-chairman vice-chair republican democrat""".split()
)
# Role nouns that, after "the", stand for a person already introduced ("the minister said").
ROLE_NOUNS = frozenset(
    """president minister premier chancellor secretary senator governor mayor ambassador envoy
    chairman chairwoman director spokesman spokeswoman spokesperson king queen prince general
    commander chief head leader speaker judge prosecutor commissioner lawmaker legislator
    professor official adviser advisor aide analyst expert economist researcher scholar diplomat
    author activist lawyer candidate nominee strategist executive founder officer deputy
    congressman congresswoman representative politician negotiator""".split()
)
# Courtesy titles: evidence that a name is a person's, but not a role.
HONORIFICS = frozenset("mr mrs ms miss mx dr messrs mme mlle sir dame".split())
# Capitalised words that open sentences or clauses rather than names.
CAPITALISED_FUNCTION_WORDS = frozenset(
    """the a an this that these those in on at for from with by of to and but or nor as if when
    while after before during under over since until although though because despite meanwhile
    however also still yet then now today yesterday tomorrow last next it its he she we they i
    you his her our their my your there here what who whom whose why how where which some many
    most several all both each every other another such speaking according asked among amid
    following unlike like including ladies gentlemen dear monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec so thus please no yes not""".split()
)
# Words that make a capitalised sequence an organisation, place or thing, not a person.
NON_PERSON_WORDS = frozenset(
    """ministry ministries organization organisation department institute university college
    school academy council committee commission union party bank fund agency forum summit times
    news post journal press group corporation corp company co inc ltd llc plc republic state
    states nations nation house office court assembly parliament government senate congress
    association center centre program programme strategy initiative route corridor games year
    sea river road street avenue square airport station city province region district county
    island islands lake ocean gulf bay coast east west north south central asia europe africa
    america americas world international national federal global united kingdom empire federation
    cooperation conference treaty declaration charter convention security affairs development
    foundation society service services force forces army navy police guard network channel radio
    television tv magazine daily herald tribune gazette telegraph church mosque temple museum
    library hospital hotel palace kremlin pentagon capitol hall tower stadium park plaza market
    exchange index trust authority administration cabinet secretariat board team club league cup
    olympics championship festival week mission operation project plan act bill law code order
    system area zone sector industry energy media studios pictures records""".split()
)
# Small words a title-cased name may keep in lower case ("Peace and Harmony", "Law of the Sea").
MINOR_WORDS = frozenset(
    """a an the and or nor but of for in on at to by with from into onto over under via vs per as
    towards toward without within upon its their our his her my your is are de la le du von van""".split()
)
# Adverbs and auxiliaries allowed between a speaker and the verb ("Vassilenko also noted").
GAP_WORDS = (
    "also", "later", "then", "again", "further", "previously", "recently", "once", "repeatedly",
    "has", "have", "had", "was", "is", "would", "will", "reportedly", "subsequently", "publicly",
    "separately", "earlier", "often", "frequently", "firmly", "simply", "flatly", "quickly",
    "last week", "on monday", "on tuesday", "on wednesday", "on thursday", "on friday",
    "on saturday", "on sunday", "today", "yesterday", "himself", "herself",
)
# Words before a name that keep it from being a clause's subject.
PREPOSITIONS = frozenset(
    """of by to with from for under at in on about between against among and or than like as
    including via toward towards into onto upon without within through""".split()
)
# After a name, these words show it is not the subject of the clause that follows.
NON_VERB_FOLLOWERS = PREPOSITIONS | frozenset(
    "the a an and or but who whom whose which that this these those its his her their our".split()
)
ELISIONS = ("em", "til", "tis", "twas", "cause", "bout", "n")
LOWER_MODIFIERS = frozenset("former acting then late outgoing incoming interim new ex".split())


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
    {form for lemma in SPEECH_VERBS for form in _verb_forms(lemma)} | set(GERUNDS) | set(PHRASAL_SPEECH)
)
OPINION_FORMS = frozenset(form for lemma in OPINION_VERBS for form in _verb_forms(lemma))
# "told" and "asked" take their object after them, so "told Smith" is not "Smith told".
OBJECT_VERBS = frozenset({"tell", "tells", "told", "telling", "ask", "asks", "asking", "urge", "urged",
                          "urges", "remind", "reminds", "reminded", "assure", "assured", "assures",
                          "advise", "advised", "advises", "warn", "warned", "warns", "call", "called",
                          "calls", "calling", "describe", "described", "describes", "describing",
                          "praise", "praised", "praises", "welcome", "welcomed", "welcomes",
                          "label", "labeled", "labelled", "condemned", "criticised", "criticized",
                          "denounced", "slammed", "hailed"})


# --- character classes and patterns -----------------------------------------------------


def _char_class(predicate_upper: bool) -> str:
    """A regex class of the upper- (or lower-) case letters of the Latin, Greek and Cyrillic blocks."""
    blocks = ((0x41, 0x250), (0x370, 0x530), (0x1E00, 0x1F00))
    ranges: list[str] = []
    for low, high in blocks:
        run: int | None = None
        for code in range(low, high + 1):
            char = chr(code) if code < high else ""
            wanted = bool(char) and (char.isupper() if predicate_upper else char.islower())
            if wanted and run is None:
                run = code
            elif not wanted and run is not None:
                ranges.append(re.escape(chr(run)) + "-" + re.escape(chr(code - 1)))
                run = None
    return "[" + "".join(ranges) + "]"


UPPER = _char_class(True)
LETTER = r"[^\W\d_]"
_PARTICLE = r"(?:de|del|della|der|den|di|da|du|van|von|la|le|bin|ibn|ben|abu|al|el|dos|das)"
_TOKEN = rf"(?:{UPPER}\.(?=[ \t\u00a0]{UPPER})|(?:(?:al|el|ad|ash)-)?{UPPER}{LETTER}*(?:-{LETTER}+|[’'](?!s\b){LETTER}+)*)"
NAME = re.compile(
    rf"(?<![\w’'-]){_TOKEN}(?:[ \u00a0]+(?:{_PARTICLE}[ \u00a0]+)?{_TOKEN})*(?![\w])"
)
WORD = re.compile(rf"{LETTER}+(?:[-’'.]{LETTER}+)*\.?")
_alternation = "|".join(
    re.escape(verb).replace(r"\ ", r"\s+") for verb in sorted(REPORTING_VERBS | OPINION_FORMS, key=len, reverse=True)
)
VERB = re.compile(rf"(?<![\w’'-])(?i:{_alternation})(?![\w’'-])")
_gaps = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in GAP_WORDS)
GAP = re.compile(rf"\s*(?:(?i:{_gaps})\s+)*")
# ", speaking at a rally in Ohio, " between a name and its verb.
ASIDE = re.compile(r",[ \u00a0]+[^,;:.!?“”\"\n]{1,120},[ \u00a0]+")
_role_nouns = "|".join(sorted(ROLE_NOUNS, key=len, reverse=True))
_modifiers = "former|new|deputy|vice|foreign|prime|acting|chief|senior|top|veteran|outgoing|then|presidential"
ROLE_PHRASE = re.compile(
    rf"(?<![\w’'-])(?:the|The)[ \u00a0]+(?:(?:(?i:{_modifiers})|{UPPER}{LETTER}+)[ \u00a0]+){{0,3}}"
    rf"(?P<noun>(?i:{_role_nouns}))(?![\w’'-])"
)
PRONOUN_BEFORE = re.compile(rf"(?<![\w’'-])(?P<pronoun>(?i:he|she))\b{GAP.pattern}$")
PRONOUN_AFTER = re.compile(r"\s+(?P<pronoun>he|she)\b")
APPOSITIVE = re.compile(r",[ \u00a0]+(?P<role>[^,;:()“”\"‘’\n]{2,160}?)(?=,|\.\s|\.$|;|$)")
PARTY_TAG = re.compile(r"[RDI]-[A-Z][A-Za-z.]*")
LINE = re.compile(r"[^\r\n]+")
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


@dataclass(frozen=True)
class _NameMatch:
    start: int
    end: int
    name: str
    title: str | None
    appositive: str | None
    tail: int
    titled: bool  # a title, honorific or appositive role stands with it
    speaking: bool  # it is the subject of a reporting verb, or follows one ("said Smith")
    subject: bool

    @property
    def evidence(self) -> bool:
        return self.titled or self.speaking


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str | None
    position: int


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
        for mention in reversed(self.mentions[max(0, index - 40):index]):
            if not mention.person:
                continue
            if mention.subject:
                return mention
            fallback = fallback or mention
        return fallback

    def with_role(self, noun: str, position: int) -> Mention | None:
        """The last person before position whose title or role contains the noun."""
        index = bisect.bisect_right(self.starts, position)
        for mention in reversed(self.mentions[:index]):
            if mention.person and any(noun in role.lower() for role in self.roles.get(mention.key, ())):
                return mention
        return None

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
    significant = [word for word in words if word.lower() not in MINOR_WORDS]
    return bool(significant) and all(word[0].isupper() or word[0].isdigit() for word in significant)


def _bare(token: str) -> str:
    return token.rstrip(".").lower()


def _is_person_token(token: str) -> bool:
    bare = _bare(token)
    if bare in NON_PERSON_WORDS or bare in CAPITALISED_FUNCTION_WORDS or bare in TITLE_WORDS:
        return False
    return not (len(token) > 1 and token.isupper() and not token.endswith("."))


def _word_before(text: str, position: int) -> str:
    match = re.search(r"([\w’'.-]+)[ \u00a0]*$", text[max(0, position - 40) : position])
    return match.group(1) if match else ""


def _title_before(text: str, position: int) -> tuple[str | None, int]:
    """A title standing right before a name ("Republican Sen.", "White House spokesman")."""
    words: list[tuple[int, str]] = []
    cursor = position
    while len(words) < 8:
        match = re.search(r"([\w’'.-]+)[ \u00a0]+$", text[max(0, cursor - 40) : cursor])
        if not match:
            break
        word = match.group(1)
        words.append((cursor - len(match.group(0)), word))
        cursor -= len(match.group(0))
    if not words or _bare(words[0][1]) not in TITLE_WORDS:
        return None, position
    kept = 1
    for start, word in words[1:]:
        del start
        bare = _bare(word)
        if (word[0].isupper() and bare not in CAPITALISED_FUNCTION_WORDS) or bare in TITLE_WORDS:
            kept += 1
        else:
            break
    if kept < len(words) and _bare(words[kept][1]) in LOWER_MODIFIERS:
        kept += 1
    first = words[kept - 1][0]
    return text[first:position].strip(), first


def _of_chain_title(text: str, start: int) -> tuple[str | None, int]:
    """The title in "Minister of Foreign Affairs Roman Vassilenko" that ends inside the name match."""
    match = re.search(
        rf"((?:[\w’'.-]+[ \u00a0]+)?{UPPER}[\w’'.-]*(?:[ \u00a0]+(?:of|for|to|the|and|{UPPER}[\w’'.-]*))*?)"
        r"[ \u00a0]+(?:of|for|to)(?:[ \u00a0]+the)?[ \u00a0]+$",
        text[max(0, start - 120) : start],
    )
    if not match:
        return None, start
    chain_start = max(0, start - 120) + match.start(1)
    words = text[chain_start:start].split()
    for index, word in enumerate(words):
        if _bare(word) in TITLE_WORDS:
            first = chain_start + text[chain_start:start].find(word)
            del index
            return text[first:start].strip(), first
    return None, start


def _appositive(text: str, end: int) -> tuple[str | None, int]:
    """A role set off by commas after a name: ", head of the Asian Studies Department,"."""
    match = APPOSITIVE.match(text, end)
    if not match:
        return None, end
    role = match.group("role").strip()
    if PARTY_TAG.fullmatch(role.rstrip(".")) or PARTY_TAG.fullmatch(role):
        return role, match.end() + (1 if text.startswith(",", match.end()) else 0)
    words = role.split()
    if len(words) > 24 or words[0].lower() in {"who", "which", "that", "and", "but", "or", "when", "where",
                                               "while", "as", "if", "because", "although", "whose"}:
        return None, end
    if VERB.search(role) or not any(_bare(word) in TITLE_WORDS for word in words[:6]):
        return None, end
    if words[0].lower() in {"a", "an", "the"}:
        role = role.split(None, 1)[1] if len(words) > 1 else role
    tail = match.end() + (1 if text.startswith(",", match.end()) else 0)
    return role, tail


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


def headlines(text: str) -> list[tuple[int, int]]:
    """Title-cased lines: in "Expert Discusses Kazakhstan" capitals do not mark names."""
    found: list[tuple[int, int]] = []
    for line in LINE.finditer(text):
        words = WORD.findall(line.group())
        if len(words) >= 3 and not line.group().rstrip().endswith(".") and is_title_cased(words):
            found.append((line.start(), line.end()))
    return found


def _within(spans: Sequence[tuple[int, int]], starts: Sequence[int], position: int) -> bool:
    slot = bisect.bisect_right(starts, position) - 1
    return slot >= 0 and position < spans[slot][1]


def _name_matches(text: str, inside: Sequence[tuple[int, int]]) -> list[_NameMatch]:
    quote_starts = [start for start, _ in inside]
    titles = headlines(text)
    title_starts = [start for start, _ in titles]
    found: list[_NameMatch] = []
    for match in NAME.finditer(text):
        if _within(inside, quote_starts, match.start()) or _within(titles, title_starts, match.start()):
            continue
        record = _read_name(text, match)
        if record is not None:
            found.append(record)
    return found


def _read_name(text: str, match: re.Match[str]) -> _NameMatch | None:
    tokens = match.group().split()
    offsets = [match.start() + offset.start() for offset in re.finditer(r"\S+", match.group())]
    while tokens and _bare(tokens[0]) in CAPITALISED_FUNCTION_WORDS:
        tokens, offsets = tokens[1:], offsets[1:]
    title_tokens, name_tokens = _split_title(tokens)
    if not name_tokens:
        return None
    name_start = offsets[len(title_tokens)]
    title: str | None = " ".join(title_tokens) or None
    mention_start = offsets[0] if title_tokens else name_start
    honorific = bool(title_tokens) and all(_bare(token) in HONORIFICS for token in title_tokens)
    if title is None:
        title, mention_start = _title_before(text, name_start)
        honorific = title is not None and _bare(title.split()[-1]) in HONORIFICS
    if title is None and len(name_tokens) >= 3:
        title, chain_start = _of_chain_title(text, name_start)
        if title is not None:
            keep = 3 if len(name_tokens) >= 4 and name_tokens[-2].endswith(".") else 2
            title = f"{title} {' '.join(name_tokens[:-keep])}"
            name_start = offsets[len(tokens) - keep]
            name_tokens = name_tokens[-keep:]
            mention_start = chain_start
    if title is not None and title_tokens == [] and mention_start < name_start:
        modifier = _word_before(text, mention_start)
        if modifier.lower() in LOWER_MODIFIERS:
            title = f"{modifier} {title}"
            mention_start -= len(modifier) + 1
    if not name_tokens or len(name_tokens) > 4 or not all(_is_person_token(t) for t in name_tokens):
        return None
    name = " ".join(name_tokens)
    end = name_start + len(text[name_start:match.end()].rstrip())
    if POSSESSIVE.match(text, end):
        return _NameMatch(mention_start, end, name, _role(title, honorific), None, end, title is not None, False,
                          False)
    appositive, tail = _appositive(text, end)
    before = _word_before(text, mention_start).lower()
    verb_after = _verb_at(text, tail)
    verb_before = bool(VERB.fullmatch(before)) and before not in OBJECT_VERBS
    titled = title is not None or appositive is not None
    speaking = verb_after is not None or verb_before
    follower = re.match(r"\s*([\w’'-]+)", text[tail : tail + 40])
    verb_like = follower is not None and follower.group(1).islower() and follower.group(1) not in NON_VERB_FOLLOWERS
    subject = verb_after is not None or verb_before or (before not in PREPOSITIONS and verb_like)
    return _NameMatch(mention_start, end, name, _role(title, honorific), appositive, tail, titled, speaking, subject)


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


def _resolve(record: _NameMatch, roles: dict[str, list[str]],
             surnames: dict[str, list[tuple[int, str]]]) -> tuple[str, bool] | None:
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
    if record.title is not None:
        return record.name, True
    if record.speaking:
        return record.name, False
    return None


def build_index(text: str, inside: Sequence[tuple[int, int]] = ()) -> PeopleIndex:
    """Every mention of a person outside the given (sorted, disjoint) quoted spans."""
    names = _name_matches(text, inside)
    roles, surnames = _register(names)
    events: list[tuple[int, int, _NameMatch | re.Match[str]]] = [(n.start, 0, n) for n in names]
    quote_starts = [start for start, _ in inside]
    for match in ROLE_PHRASE.finditer(text):
        if _within(inside, quote_starts, match.start()):
            continue
        if re.match(rf"[ \u00a0]+(?:of\b|for\b|{UPPER})", text[match.end() : match.end() + 3]):
            continue  # "the President of ...", "the Minister Smith": a title, read with the name
        events.append((match.start(), 1, match))
    events.sort(key=lambda event: (event[0], event[1]))
    mentions: list[Mention] = []
    all_roles: dict[str, list[str]] = {name: list(found) for name, found in roles.items()}
    for _, _, event in events:
        if mentions and event_start(event) < mentions[-1].tail:
            continue
        mention = (
            _name_mention(event, roles, surnames, all_roles)
            if isinstance(event, _NameMatch)
            else _role_mention(text, event, mentions, all_roles)
        )
        if mention is not None:
            mentions.append(mention)
    frozen_roles = {name: tuple(found) for name, found in all_roles.items()}
    final = tuple(
        Mention(m.start, m.end, m.tail, m.key, frozen_roles.get(m.key, ()), m.subject, m.person) for m in mentions
    )
    order: list[str] = []
    for mention in final:
        if mention.person and mention.key not in order:
            order.append(mention.key)
    return PeopleIndex(
        text=text,
        mentions=final,
        starts=tuple(m.start for m in final),
        tails=tuple(m.tail for m in final),
        roles=frozen_roles,
        order=tuple(order),
    )


def event_start(event: _NameMatch | re.Match[str]) -> int:
    return event.start if isinstance(event, _NameMatch) else event.start()


def _name_mention(record: _NameMatch, roles: dict[str, list[str]], surnames: dict[str, list[tuple[int, str]]],
                  all_roles: dict[str, list[str]]) -> Mention | None:
    resolved = _resolve(record, roles, surnames)
    if resolved is None:
        return None
    key, person = resolved
    found = all_roles.setdefault(key, [])
    for role in (record.title, record.appositive):
        if role and role not in found:
            found.append(role)
    return Mention(record.start, record.end, record.tail, key, (), record.subject, person)


def _role_mention(text: str, match: re.Match[str], mentions: Sequence[Mention],
                  all_roles: dict[str, list[str]]) -> Mention | None:
    """ "The expert also noted": the last person holding that role, else the last person."""
    noun = match.group("noun").lower()
    target: Mention | None = None
    for mention in reversed(mentions):
        if mention.person and any(noun in role.lower() for role in all_roles.get(mention.key, ())):
            target = mention
            break
    if target is None:
        target = next((m for m in reversed(mentions) if m.person and m.subject), None)
    if target is None:
        return None
    if POSSESSIVE.match(text, match.end()):
        return None
    verb = _verb_at(text, match.end())
    follower = re.match(r"\s*([\w’'-]+)", text[match.end() : match.end() + 40])
    verb_like = follower is not None and follower.group(1).islower() and follower.group(1) not in NON_VERB_FOLLOWERS
    before = _word_before(text, match.start()).lower()
    subject = verb is not None or (before not in PREPOSITIONS and verb_like)
    return Mention(match.start(), match.end(), match.end(), target.key, (), subject, True)


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
    before = index.ending_at(verb.start())
    if before is None:
        aside = re.search(r",[^,;:.!?“”\"\n]{1,120},\s*$", text[max(floor, verb.start() - 125) : verb.start()])
        if aside is not None:
            before = index.ending_at(verb.start() - len(aside.group()))
    if before is not None and before.start >= floor:
        return _speaker(index, before)
    pronoun = PRONOUN_BEFORE.search(text, max(floor, verb.start() - 60), verb.start())
    if pronoun is not None:
        return _pronoun_speaker(index, pronoun.start())
    if word in OBJECT_VERBS or word in OPINION_FORMS:
        return None
    return _speaker_after(index, verb.end(), ceiling)


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
    return word is not None and word.group().lower() in ELISIONS and not following[len(word.group()):][:1].isalpha()
