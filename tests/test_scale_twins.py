"""The post-extraction steps made linear for large corpora give the answers of the simple
rules they replace; the simple rules are written out here as the reference."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from briefgen.build.cache import from_json, to_json
from briefgen.compose import short_first
from briefgen.config import Theme, load_taxonomy
from briefgen.extract import extract_document
from briefgen.model import BriefItem, Citation
from briefgen.sources import load_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TAXONOMY = load_taxonomy(Theme())


def short_first_reference(items: list[BriefItem], words: int) -> list[BriefItem]:
    """The rule as first written: an item is long when it is not in the list of short ones."""
    if not words:
        return items
    short = [item for item in items if len(item.shown_text.split()) <= words]
    return [*short, *(item for item in items if item not in short)]


def brief_item(text: str, number: int) -> BriefItem:
    return BriefItem(f"s#f{number}", "fact", text, "overview", (Citation(0, "s", 0, len(text)),), "", 1.0)


# Few distinct texts and ids, so that equal items (the case `in` compared by) come up often.
item_lists = st.lists(
    st.builds(
        brief_item,
        st.sampled_from(["One.", "One two.", "One two three four.", "a b c d e f"]),
        st.integers(0, 3),
    ),
    max_size=30,
)


@given(item_lists, st.integers(0, 5))
def test_short_first_orders_as_the_membership_rule(items: list[BriefItem], words: int) -> None:
    assert short_first(items, words) == short_first_reference(items, words)


def test_a_cache_entry_is_the_json_of_asdict() -> None:
    """The cache's own conversion writes the bytes `dataclasses.asdict` gave, and reads back."""
    for document in load_corpus([SEEDS]).documents:
        extraction = extract_document(document)
        entry = to_json(extraction)
        assert entry == json.dumps(asdict(extraction), ensure_ascii=False, sort_keys=True)
        assert from_json(entry) == extraction


def test_shared_classifications_are_each_items_own() -> None:
    """Sharing equal classifications between items changes none of them."""
    from briefgen.analysis import analyse
    from briefgen.classify import Classifier, classify_catalog

    catalog = analyse([SEEDS]).catalog
    taxonomy = load_taxonomy(Theme())
    classifier = Classifier(taxonomy)
    own = {item.id: classifier.classify(item.text) for item in (*catalog.quotes, *catalog.facts)}
    assert classify_catalog(catalog, taxonomy) == own


@given(st.lists(st.text(alphabet="abcdeinorst-", min_size=1, max_size=9), max_size=40))
def test_a_words_terms_looked_up_once_are_those_looked_up_afresh(words: list[str]) -> None:
    """The classifier's memory of each word's terms gives the terms a fresh look-up gives,
    in its order, and those are the terms whose first word matches, whatever the order and
    repeats of the words."""
    from briefgen.classify import Classifier, _word_matches

    remembering, fresh = Classifier(TAXONOMY), Classifier(TAXONOMY)
    stems = [t.words[0].rstrip("*") for s in TAXONOMY.sections for t in s.terms]
    for word in [*words, *stems, *words]:
        found = remembering._candidates(word)
        assert found == fresh.terms_starting(word)
        every = [(s.name, t) for s in TAXONOMY.sections for t in s.terms if _word_matches(t.words[0], word)]
        assert sorted(map(repr, found)) == sorted(map(repr, every))
