"""People: who a document mentions with a title or role, or quotes, and in what capacity."""

from __future__ import annotations

from briefgen.extract.mentions import Mention
from briefgen.extract.quotes import analyse
from briefgen.model import Document, Person


def extract_people(document: Document) -> tuple[Person, ...]:
    """Each person named in the document, once, in order of first mention, with every role given.

    Names inside quotations are left out: a quote names people it does not introduce.
    """
    index = analyse(document.text).index
    first: dict[str, Mention] = {}
    for mention in reversed(index.mentions):
        first[mention.key] = mention
    people: list[Person] = []
    for name in index.order:
        if document.is_boilerplate(first[name].start, first[name].tail):
            continue
        people.append(Person(name=name, roles=index.roles.get(name, ()), sources=(document.id,)))
    return tuple(people)
