"""Extraction: a pure map from each Document to what a briefing pack cites, then a merge.

Every item's text equals ``document.text[start:end]``; `compose.verify` checks it again for
what a pack shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from briefgen.extract.references import document_references
from briefgen.model import Acronym, Catalog, Corpus, Document, Extraction, Person


def extract_document(document: Document) -> Extraction:
    # Imported on the first extraction: a build whose extractions all come from the cache
    # never compiles these extractors' patterns. (References are checked at every build.)
    from briefgen.extract.acronyms import extract_acronyms
    from briefgen.extract.facts import extract_facts
    from briefgen.extract.people import extract_people
    from briefgen.extract.quotes import extract_quotes

    quotes = extract_quotes(document)
    references = document_references(document, [(quote.start, quote.end) for quote in quotes])
    return Extraction(
        quotes=tuple(replace(q, resolution=references.resolution(q.start, q.end)) for q in quotes),
        facts=tuple(
            replace(f, resolution=references.resolution(f.start, f.end)) for f in extract_facts(document)
        ),
        acronyms=extract_acronyms(document),
        people=extract_people(document),
    )


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def merge_acronyms(acronyms: Iterable[Acronym]) -> tuple[Acronym, ...]:
    """One entry per (short form, long form); a bare use only when nobody defines it."""
    defined: dict[tuple[str, str], Acronym] = {}
    bare: dict[str, Acronym] = {}
    for acronym in acronyms:
        if acronym.long is None:
            bare.setdefault(acronym.short, acronym)
        else:
            defined.setdefault((acronym.short, _normal(acronym.long)), acronym)
    shorts_defined = {short for short, _ in defined}
    undefined = [acronym for short, acronym in bare.items() if short not in shorts_defined]
    return tuple(sorted([*defined.values(), *undefined], key=lambda a: (a.short, a.long is None)))


INITIAL = re.compile(r"[A-Z]\.(?:-?[A-Z]\.)*")


def _shortens(name: str, other: str) -> bool:
    """True when name is other cut short: its surname alone ("Tokayev"), or the surname after
    initials that other's given names begin with ("K. Tokayev", "K.-J. Tokayev")."""
    words, fuller = name.split(), other.split()
    if other == name or fuller[-1] != words[-1] or len(fuller) < 2:
        return False
    if len(words) == 1:
        return True
    initials = words[:-1]
    if not all(INITIAL.fullmatch(word) for word in initials) or any(
        INITIAL.fullmatch(w) for w in fuller[:-1]
    ):
        return False
    return fuller[0][0] == initials[0][0]


def merge_people(people: Iterable[Person]) -> tuple[Person, ...]:
    """One person per name across sources; a surname alone, or after initials, joins the one
    full name it shortens."""
    by_name: dict[str, tuple[list[str], list[str]]] = {}
    for person in people:
        roles, sources = by_name.setdefault(person.name, ([], []))
        roles.extend(role for role in person.roles if role not in roles)
        sources.extend(source for source in person.sources if source not in sources)
    shortened = [name for name in by_name if " " not in name or INITIAL.match(name)]
    for name in shortened:
        fuller = [other for other in by_name if _shortens(name, other)]
        if len(fuller) == 1:
            roles, sources = by_name.pop(name)
            target_roles, target_sources = by_name[fuller[0]]
            target_roles.extend(role for role in roles if role not in target_roles)
            target_sources.extend(source for source in sources if source not in target_sources)
    return tuple(
        Person(name, _fullest(roles), tuple(sources)) for name, (roles, sources) in sorted(by_name.items())
    )


def _fullest(roles: list[str]) -> tuple[str, ...]:
    """The roles less those another role spells out ("President" beside "President of the
    Republic of Kazakhstan")."""
    return tuple(role for role in roles if not any(other.startswith(f"{role} ") for other in roles))


def build_catalog(corpus: Corpus, extractions: Iterable[Extraction] | None = None) -> Catalog:
    """The catalog of a corpus; pass precomputed extractions (from a cache) to skip the work."""
    results = (
        list(extractions) if extractions is not None else [extract_document(d) for d in corpus.documents]
    )
    return Catalog(
        documents=corpus.documents,
        quotes=tuple(quote for result in results for quote in result.quotes),
        facts=tuple(fact for result in results for fact in result.facts),
        acronyms=merge_acronyms(acronym for result in results for acronym in result.acronyms),
        people=merge_people(person for result in results for person in result.people),
        warnings=corpus.warnings,
    )
