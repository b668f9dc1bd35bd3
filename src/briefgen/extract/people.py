"""People: who a document mentions with a title or role, or quotes, and in what capacity."""

from __future__ import annotations

from briefgen.extract.names import build_index
from briefgen.extract.quotes import quoted_spans
from briefgen.model import Document, Person


def extract_people(document: Document) -> tuple[Person, ...]:
    """Each person named in the document, once, in order of first mention, with every role given.

    Names inside quotations are left out: a quote names people it does not introduce.
    """
    index = build_index(document.text, quoted_spans(document.text))
    first = {}
    for mention in reversed(index.mentions):
        first[mention.key] = mention
    people: list[Person] = []
    for name in index.order:
        if document.is_boilerplate(first[name].start, first[name].tail):
            continue
        people.append(Person(name=name, roles=index.roles.get(name, ()), sources=(document.id,)))
    return tuple(people)
