"""A pack's scope: the names and acronyms it is about, and whether an item is about them.

The focus is the settings' `focus`, else derived from the sources: the entities that most
sources are mostly about (each source's two most frequent item entities; those shared by at
least half the sources). An item is in scope when the entity it is about (see
`extract.references`) is one of them, or names one ("SCO Investment Fund" is the SCO's).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from briefgen.model import Catalog, Resolution

PER_SOURCE = 2


@dataclass(frozen=True)
class Focus:
    names: tuple[str, ...]
    derived: bool = False
    aliases: dict[str, str] = field(default_factory=dict)  # long form -> acronym

    def canonical(self, name: str) -> str:
        return self.aliases.get(" ".join(name.split()), name)

    def covers(self, about: str | None) -> bool:
        """Whether an item about `about` is in scope: no focus, or no entity, covers all."""
        if not self.names or about is None:
            return True
        key = self.canonical(about).lower()
        for name in self.names:
            wanted = self.canonical(name).lower()
            if key == wanted or re.search(rf"(?<![\w-]){re.escape(wanted)}(?![\w-])", key):
                return True
        return False

    def why(self, resolution: Resolution) -> str:
        """What `outline` and `explain` say about an item's entity."""
        verdict = "in scope" if self.covers(resolution.about) else "outside the focus"
        if resolution.about is None:
            return f"names no entity, so {verdict}"
        return f"about {resolution.about} (from its {resolution.about_basis}), {verdict}"


def aliases(catalog: Catalog) -> dict[str, str]:
    return {" ".join(a.long.split()): a.short for a in catalog.acronyms if a.long}


def derived_focus(catalog: Catalog, names: dict[str, str]) -> tuple[str, ...]:
    """The entities most sources are about: each source's most frequent item entities."""
    tops: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    by_source = _items_by_source(catalog)
    for document in catalog.documents:
        counts: Counter[str] = Counter(
            names.get(about, about)
            for item in by_source.get(document.id, ())
            if (about := item.about) is not None
        )
        totals.update(counts)
        ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
        tops.update(key for key, _ in ranked[:PER_SOURCE])
    needed = max(1, (len(catalog.documents) + 1) // 2)
    shared = [key for key, count in tops.items() if count >= needed]
    return tuple(sorted(shared, key=lambda key: (-tops[key], -totals[key], key)))


def _items_by_source(catalog: Catalog) -> dict[str, list[Resolution]]:
    """Each source's items, facts before quotes: one pass over the catalog, not one per source."""
    found: dict[str, list[Resolution]] = {}
    for fact in catalog.facts:
        found.setdefault(fact.source, []).append(fact.resolution)
    for quote in catalog.quotes:
        found.setdefault(quote.source, []).append(quote.resolution)
    return found


def focus_of(catalog: Catalog, settings_focus: tuple[str, ...]) -> Focus:
    """The settings' focus when set, else the one the sources give."""
    names = aliases(catalog)
    if settings_focus:
        return Focus(settings_focus, False, names)
    return Focus(derived_focus(catalog, names), True, names)
