"""Sources to a reconciled, classified catalog: the stages before composition, run in order.

`briefgen extract`, `outline` and `build` all start here, so they agree on every item.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefgen.classify import Classification, classify_catalog
from briefgen.config import Taxonomy, Theme, load_taxonomy
from briefgen.errors import InputError
from briefgen.extract import build_catalog, extract_document
from briefgen.extract.measures import measures_of
from briefgen.mapping import Mapper
from briefgen.model import Catalog, Document, Extraction, Fact, Phrase, Quote, Resolution
from briefgen.reconcile import Reconciled, reconcile
from briefgen.sources import DEFAULT_MAX_BYTES, load_corpus


@dataclass(frozen=True)
class Analysis:
    catalog: Catalog
    taxonomy: Taxonomy
    sections: dict[str, Classification]
    reconciled: Reconciled

    def section_of(self, item_id: str) -> str:
        return self.sections[item_id].section

    @functools.cached_property
    def documents(self) -> dict[str, Document]:
        """The catalog's documents by id."""
        return {document.id: document for document in self.catalog.documents}

    @functools.cached_property
    def facts(self) -> dict[str, Fact]:
        """The catalog's facts by id."""
        return {fact.id: fact for fact in self.catalog.facts}

    @functools.cached_property
    def measures(self) -> dict[tuple[str, int], Phrase]:
        """What each amount measures, keyed by (fact id, figure start): its measure's words in
        its source, with the insertions that make them read alone (`extract.measures`). Found
        here, in one pass: sending each source's text and facts to worker processes and its
        measures back costs more than finding them (1.7 against 2.4 s for 10,000 sources)."""
        by_source: dict[str, list[Fact]] = {}
        for fact in self.catalog.facts:
            by_source.setdefault(fact.source, []).append(fact)
        found: dict[tuple[str, int], Phrase] = {}
        for document in self.catalog.documents:
            facts = by_source.get(document.id, [])
            insertions = [i for fact in facts for i in fact.resolution.insertions]
            for key, span in measures_of(document.text, facts).items():
                inside = tuple(i for i in insertions if span.start <= i.start and i.end <= span.end)
                found[key] = Phrase(document.text[span.start : span.end], span.start, span.end, inside)
        return found


def analyse_catalog(catalog: Catalog, taxonomy: Taxonomy, mapper: Mapper = map) -> Analysis:
    """The catalog classified and reconciled, the work on each item or source done through
    `mapper` (a worker pool's map, for a large catalog)."""
    return Analysis(
        catalog, taxonomy, classify_catalog(catalog, taxonomy, mapper), reconcile(catalog, mapper)
    )


def analyse(
    paths: Sequence[Path],
    *,
    theme: Theme | None = None,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
    extractor: Callable[[Document], Extraction] = extract_document,
    extract_all: Callable[[Sequence[Document]], Sequence[Extraction]] | None = None,
    mapper: Mapper = map,
) -> Analysis:
    """Read, extract (through `extractor`, e.g. a cache, or all documents at once through
    `extract_all`, e.g. over a worker pool, results in the documents' order), classify and
    reconcile; the reading, classifying and reconciling of each source or item through
    `mapper`."""
    theme = theme or Theme()
    taxonomy = load_taxonomy(theme)
    corpus = load_corpus(paths, encoding=encoding, max_bytes=max_bytes, mapper=mapper)
    documents = corpus.documents
    extractions = extract_all(documents) if extract_all else [extractor(d) for d in documents]
    return analyse_catalog(build_catalog(corpus, list(extractions)), taxonomy, mapper)


def explain(analysis: Analysis, item_id: str) -> tuple[str, Classification]:
    """An item's text and why it landed in its section."""
    catalog = analysis.catalog
    texts = {**{q.id: q.text for q in catalog.quotes}, **{f.id: f.text for f in catalog.facts}}
    if item_id not in texts:
        raise InputError(f"no item '{item_id}' (ids look like {next(iter(texts), 'SOURCE#f1')})")
    return texts[item_id], analysis.sections[item_id]


def explain_merges(analysis: Analysis, item_id: str) -> list[tuple[str, str]]:
    """The items merged into item_id, each with why (the value and measure both state), or
    the item it was merged into."""
    for merged in analysis.reconciled.facts:
        if merged.fact.id == item_id:
            return list(zip((fact.id for fact in merged.also), merged.why, strict=True))
        if any(fact.id == item_id for fact in merged.also):
            return [(merged.fact.id, "this item is merged into it")]
    return []


def quote_of(analysis: Analysis, item_id: str) -> Quote | None:
    """The quote with that id, for `briefgen explain` to show its speaker; None for a fact."""
    return next((quote for quote in analysis.catalog.quotes if quote.id == item_id), None)


def resolution_of(analysis: Analysis, item_id: str) -> Resolution:
    """How an item reads alone: its insertions, unresolved references and entity."""
    catalog = analysis.catalog
    found = {**{q.id: q.resolution for q in catalog.quotes}, **{f.id: f.resolution for f in catalog.facts}}
    return found.get(item_id, Resolution())
