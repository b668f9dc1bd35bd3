"""The stages from sources to a reconciled, classified catalog, run in order.

`briefgen extract`, `outline` and `build` all start here, so they agree on every item.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefgen.classify import Classification, classify_catalog
from briefgen.config import Taxonomy, Theme, load_taxonomy
from briefgen.extract import build_catalog
from briefgen.model import Catalog
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
) -> Analysis:
    theme = theme or Theme()
    taxonomy = load_taxonomy(theme)
    corpus = load_corpus(paths, encoding=encoding, max_bytes=max_bytes)
    return analyse_catalog(build_catalog(corpus), taxonomy)
