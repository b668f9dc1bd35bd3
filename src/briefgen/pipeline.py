"""The stages from sources to a reconciled, classified catalog, run in order.

`briefgen extract`, `outline` and `build` all start here, so they agree on every item.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefgen.classify import Classification, classify_catalog
from briefgen.config import Settings, Taxonomy, Theme, load_profiles, load_settings, load_taxonomy, trimmed
from briefgen.errors import InputError
from briefgen.extract import build_catalog, extract_document
from briefgen.model import Brief, Catalog, Document, Extraction
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


def analyse_catalog(catalog: Catalog, taxonomy: Taxonomy) -> Analysis:
    return Analysis(catalog, taxonomy, classify_catalog(catalog, taxonomy), reconcile(catalog))


def analyse(
    paths: Sequence[Path],
    *,
    theme: Theme | None = None,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
    extractor: Callable[[Document], Extraction] = extract_document,
) -> Analysis:
    """Read, extract (through `extractor`, e.g. a cache), classify and reconcile."""
    theme = theme or Theme()
    taxonomy = load_taxonomy(theme)
    corpus = load_corpus(paths, encoding=encoding, max_bytes=max_bytes)
    return analyse_catalog(build_catalog(corpus, [extractor(d) for d in corpus.documents]), taxonomy)


TRIM_LEVELS = 4


def compose_candidates(
    analysis: Analysis,
    theme: Theme,
    audiences: Sequence[str] = (),
    *,
    settings: Settings | None = None,
    source_date_epoch: str | None = None,
    trim: bool = True,
) -> list[tuple[Brief, ...]]:
    """For each audience, its verified Brief and, when its profile sets a page budget,
    leaner versions to fall back on if the laid-out pack overruns it (fullest first)."""
    from briefgen.compose import compose, pack_date, verify

    settings = settings or load_settings()
    date = pack_date(analysis.catalog.documents, source_date_epoch)
    candidates = []
    for profile in load_profiles(theme, analysis.taxonomy, audiences):
        levels = range(TRIM_LEVELS) if trim and profile.pages[1] else range(1)
        versions = []
        for level in levels:
            brief = compose(analysis, trimmed(profile, level), settings, date)
            verify(brief, analysis.catalog.documents)
            if brief not in versions:
                versions.append(brief)
        candidates.append(tuple(versions))
    return candidates


def compose_briefs(
    analysis: Analysis,
    theme: Theme,
    audiences: Sequence[str] = (),
    *,
    settings: Settings | None = None,
    source_date_epoch: str | None = None,
) -> list[Brief]:
    """A verified Brief per audience (default: every profile in the theme), before any
    trimming to a page budget."""
    return [
        versions[0]
        for versions in compose_candidates(
            analysis, theme, audiences, settings=settings, source_date_epoch=source_date_epoch, trim=False
        )
    ]


def explain(analysis: Analysis, item_id: str) -> tuple[str, Classification]:
    """An item's text and why it landed in its section."""
    catalog = analysis.catalog
    texts = {**{q.id: q.text for q in catalog.quotes}, **{f.id: f.text for f in catalog.facts}}
    if item_id not in texts:
        raise InputError(f"no item '{item_id}' (ids look like {next(iter(texts), 'SOURCE#f1')})")
    return texts[item_id], analysis.sections[item_id]
