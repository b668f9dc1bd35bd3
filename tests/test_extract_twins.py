"""Each fast path in extraction gives the same answer as the simple rule it stands for.

The fast paths (a union of scans led by literals, str.find for lines, one match for two)
exist for speed only; these properties tie each one to its reference on arbitrary text and
on news-like text built from names, titles, reporting verbs and quote marks.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen import lexicon
from briefgen.extract.mentions import ROLE_PHRASE, role_phrases
from briefgen.extract.names import NAME, name_runs
from briefgen.extract.roles import one_word_before, word_before, words_before
from briefgen.extract.verbs import GAP, GAP_VERB, VERB, has_verb_at, verb_at
from briefgen.text import LINE, WORD, is_headline, is_title_cased, line_spans

PIECES = (
    *("Roman Vassilenko", "Bashar al-Assad", "al-Assad", "el-Sisi", "Ursula von der Leyen", "K. Tokayev"),
    *(
        "Mr. Smith",
        "Mr Lopez",
        "Sen. Jane Doe (D-Mass.)",
        "Deputy Foreign Minister",
        "Institute for Fiscal Studies",
    ),
    *("the minister", "The minister", "the The deputy foreign minister", "the President of", "The", "the"),
    *("he", "She", "officials", "a spokesman for", "according to", "also", "on Monday", "Kazakhstan"),
    *("“", "”", '"', "‘", "’", "'", "«", "»", ",", ".", ";", ":", "—", "(", ")", "’s", "’90s"),
    *(" ", " ", " ", "  ", "\u00a0", "\n", "\n\n", "\t"),
    *lexicon.words("speech_verbs")[:20],
    *("said", "told", "says", "added", "noting", "called", "praised", "wrote"),
)
news = st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join)
anything = st.text(
    alphabet=st.sampled_from("aelsASTMÉΔЖdhmr.-’'\"“”,;:() \u00a0\t\n\r0"), max_size=120
) | st.text(max_size=80)
texts = news | anything


def spans_and_groups(matches):
    return [(match.span(), match.group()) for match in matches]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_name_runs_are_the_matches_of_one_name_scan(text):
    assert spans_and_groups(name_runs(text)) == spans_and_groups(NAME.finditer(text))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_role_phrases_are_the_matches_of_one_role_phrase_scan(text):
    found = role_phrases(text)
    reference = list(ROLE_PHRASE.finditer(text))
    assert spans_and_groups(found) == spans_and_groups(reference)
    assert [match.group("noun") for match in found] == [match.group("noun") for match in reference]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_line_spans_are_the_lines_a_regex_finds(text):
    assert list(line_spans(text)) == [match.span() for match in LINE.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_one_match_for_a_verb_after_a_gap_agrees_with_two(text, data):
    position = data.draw(st.integers(0, len(text)))
    assert has_verb_at(text, position) == (verb_at(text, position) is not None)
    gap = GAP.match(text, position)
    assert gap is not None
    two = VERB.match(text, gap.end())
    one = GAP_VERB.match(text, position)
    assert (one is None) == (two is None)
    if one is not None and two is not None:
        assert one.end() == two.end()


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_the_word_before_is_the_first_of_the_words_before(text, data):
    position = data.draw(st.integers(0, len(text)))
    one = words_before(text, position, 1)
    assert word_before(text, position) == (one[0][1] if one else "")
    assert list(one_word_before(text, position, words_before(text, position, 2))) == one


@settings(max_examples=300, deadline=None)
@given(texts)
def test_a_headline_is_three_or_more_title_cased_words(text):
    for line in text.splitlines():
        words = WORD.findall(line)
        assert is_headline(line) == (len(words) >= 3 and is_title_cased(words))


def test_overlapping_matches_fall_back_to_the_one_scan():
    assert len(list(name_runs("Bashar al-Assad said"))) == 1
    assert [match.group() for match in role_phrases("the The deputy foreign minister")] == [
        match.group() for match in ROLE_PHRASE.finditer("the The deputy foreign minister")
    ]
