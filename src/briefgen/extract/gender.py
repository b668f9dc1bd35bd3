"""Gender as the text gives it: a courtesy title, a role word or a given name, never guessed past them.

Used only to keep "he" and "she" from crossing to a person of the other gender; a person
the text gives no gender stays open to both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefgen import lexicon

GIVEN_NAMES = {
    **{name: "f" for name in lexicon.words("female_names")},
    **{name: "m" for name in lexicon.words("male_names")},
}
GENDER_WORDS = {
    **{word: "f" for word in lexicon.words("female_words")},
    **{word: "m" for word in lexicon.words("male_words")},
}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
WORDS = re.compile(r"[a-z]+(?:-[a-z]+)*")


def _word_gender(phrase: str) -> set[str]:
    """The genders in a title's first three words: in "lawyer for her brother" the brother is not her."""
    words = WORDS.findall(phrase.lower())[:3]
    found = {GENDER_WORDS[word] for word in words if word in GENDER_WORDS}
    if "first lady" in " ".join(words):
        found.add("f")
    return found


def described_gender(description: str) -> str | None:
    """ "the New York businessman", "the former first lady and senator": "m", "f" or None."""
    words = WORDS.findall(description.lower())
    found = {GENDER_WORDS[word] for word in words if word in GENDER_WORDS}
    if "first lady" in " ".join(words):
        found.add("f")
    return found.pop() if len(found) == 1 else None


def gender_of(name: str, titles: Iterable[str]) -> str | None:
    """ "f", "m", or None when the text says nothing or contradicts itself.

    titles are the words written before or beside the name anywhere in the text: its
    honorifics ("Mrs."), titles and appositive roles ("chairwoman of the board").
    """
    found: set[str] = set()
    first = name.split()[0].lower()
    if first in GIVEN_NAMES and " " in name:
        found.add(GIVEN_NAMES[first])
    for title in titles:
        found |= _word_gender(title)
    return found.pop() if len(found) == 1 else None
