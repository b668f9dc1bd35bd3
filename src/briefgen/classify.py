"""Sort items into themed sections by weighted terms (templates/sections.toml).

Each term counts once per item, so a word repeated in a long sentence does not outweigh
several different signals. The matched terms are kept, so `briefgen explain` can say why.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from briefgen import lexicon
from briefgen.config import Taxonomy, Term
from briefgen.mapping import Mapper
from briefgen.model import Catalog

TOKEN = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class Classification:
    section: str
    score: float
    matched: tuple[str, ...]  # the terms of the chosen section found in the item
    scores: tuple[tuple[str, float], ...]  # every section with a score above zero, best first
    # Why the section: "best" (it scored highest, clear of the runner-up), or overview's
    # reasons: "no terms", "threshold" (the best is below it), "mixed" (the runner-up is too close).
    rule: str = "best"
    terms: tuple[tuple[str, tuple[str, ...]], ...] = ()  # each scoring section's matched terms, as scores


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


class Classifier:
    """A taxonomy compiled for fast matching: terms indexed by their first word."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.exact: dict[str, list[tuple[str, Term]]] = defaultdict(list)
        self.stems: dict[str, list[tuple[str, Term]]] = defaultdict(list)
        for section in taxonomy.sections:
            for term in section.terms:
                first = term.words[0]
                if first.endswith("*"):
                    self.stems[first[:-1]].append((section.name, term))
                else:
                    self.exact[first].append((section.name, term))
        self.stem_lengths = sorted({len(stem) for stem in self.stems})
        # Each word's terms, looked up once: a large catalog repeats a small vocabulary, and
        # looking a word up tries every stem length.
        self.known: dict[str, tuple[tuple[str, Term], ...]] = {}

    def _candidates(self, word: str) -> tuple[tuple[str, Term], ...]:
        found = self.known.get(word)
        if found is None:
            found = self.known[word] = self.terms_starting(word)
        return found

    def terms_starting(self, word: str) -> tuple[tuple[str, Term], ...]:
        """The (section, term) pairs whose first word matches this word."""
        found = list(self.exact.get(word, ()))
        for length in self.stem_lengths:
            if length > len(word):
                break
            found.extend(self.stems.get(word[:length], ()))
        return tuple(found)

    def names_term(self, word: str) -> bool:
        """Whether some section has a term that starts with this word."""
        return bool(self._candidates(word))

    def classify(self, text: str) -> Classification:
        words = TOKEN.findall(text.lower())
        matched: dict[str, dict[str, float]] = defaultdict(dict)
        for index, word in enumerate(words):
            for section, term in self._candidates(word):
                rest = term.words[1:]
                following = words[index + 1 : index + 1 + len(rest)]
                if len(following) == len(rest) and all(map(_word_matches, rest, following)):
                    matched[section][term.text] = term.weight
        scores = sorted(
            ((section, sum(terms.values())) for section, terms in matched.items()),
            key=lambda pair: (-pair[1], self.taxonomy.names.index(pair[0])),
        )
        terms = tuple((section, tuple(sorted(matched[section]))) for section, _ in scores)
        overview = self.taxonomy.overview.name
        if not scores or scores[0][1] < self.taxonomy.threshold:
            rule = "threshold" if scores else "no terms"
            return Classification(overview, 0.0, (), tuple(scores), rule, terms)
        best, score = scores[0]
        if len(scores) > 1 and scores[1][1] >= score * self.taxonomy.mixed_ratio:
            return Classification(overview, score, (), tuple(scores), "mixed", terms)
        return Classification(best, score, tuple(sorted(matched[best])), tuple(scores), "best", terms)


def classify_catalog(catalog: Catalog, taxonomy: Taxonomy, mapper: Mapper = map) -> dict[str, Classification]:
    """The section of every quote and fact, by item id (each item classified alone, through
    `mapper`)."""
    classifier = Classifier(taxonomy)
    items = [
        *((quote.id, quote.text) for quote in catalog.quotes),
        *((fact.id, fact.text) for fact in catalog.facts),
    ]
    found = mapper(classifier.classify, [text for _, text in items])
    # Items of a large catalog often score alike: they share one Classification, instead of
    # each holding its own copy of the same tuples for as long as the build lasts.
    shared: dict[Classification, Classification] = {}
    return {
        item_id: shared.setdefault(classification, classification)
        for (item_id, _), classification in zip(items, found, strict=True)
    }


# More than this share of the items in Overview means the taxonomy does not fit the subject.
OVERVIEW_WARNING_SHARE = 1 / 3
COMMON_WORDS = (
    lexicon.wordset("common_words") | lexicon.wordset("function_words") | lexicon.wordset("prepositions")
)
LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z][a-z-]{3,}(?![\w’'-])")


@dataclass(frozen=True)
class OverviewShare:
    """How many items land in Overview, and the words they share that no section names."""

    overview: int
    total: int
    terms: tuple[str, ...]

    @property
    def too_many(self) -> bool:
        return self.total > 0 and self.overview > self.total * OVERVIEW_WARNING_SHARE


def overview_share(
    catalog: Catalog, sections: dict[str, Classification], taxonomy: Taxonomy
) -> OverviewShare:
    """The share of items in Overview and the terms that would place them: the words most of
    those items use (counted once per item) that no section's terms match."""
    texts = {
        **{quote.id: quote.text for quote in catalog.quotes},
        **{fact.id: fact.text for fact in catalog.facts},
    }
    overview = [item for item, c in sections.items() if c.section == taxonomy.overview.name]
    classifier = Classifier(taxonomy)
    counts: dict[str, int] = defaultdict(int)
    for item in overview:
        for word in set(LOWER_WORD.findall(texts[item])):
            if word not in COMMON_WORDS and not classifier.names_term(word):
                counts[word] += 1
    ranked = sorted((word for word, count in counts.items() if count > 1), key=lambda w: (-counts[w], w))
    return OverviewShare(len(overview), len(sections), tuple(ranked[:8]))
