"""People extraction: names with the titles and roles a document gives them."""

from __future__ import annotations

from pathlib import Path

from briefgen.extract.people import extract_people
from briefgen.model import Document, Person


def people(text: str) -> dict[str, Person]:
    document = Document(id="d", path=Path("d.txt"), text=text, sha256="0" * 64)
    return {person.name: person for person in extract_people(document)}


def test_title_before_name() -> None:
    found = people("Foreign Minister Jane Doe said the talks would resume.")
    assert found["Jane Doe"].roles == ("Foreign Minister",)
    assert found["Jane Doe"].sources == ("d",)


def test_appositive_role() -> None:
    found = people("Omar Said Haddad, head of the Water Board, said supplies were safe.")
    assert found["Omar Said Haddad"].roles == ("head of the Water Board",)


def test_title_with_of_phrase() -> None:
    found = people("Minister of Foreign Affairs Lucia Ferri arrived in Rome.")
    assert found["Lucia Ferri"].roles == ("Minister of Foreign Affairs",)


def test_surname_mentions_merge_into_the_full_name_and_collect_roles() -> None:
    text = (
        "President Amina Sow opened the summit. Sow, the chair of the regional bloc, "
        "said the agenda was full."
    )
    found = people(text)
    assert list(found) == ["Amina Sow"]
    assert found["Amina Sow"].roles == ("President", "chair of the regional bloc")


def test_places_and_organisations_are_not_people() -> None:
    text = "South Korea and the Czech Republic signed the deal at the United Nations in New York."
    assert people(text) == {}


def test_names_inside_quotes_are_not_introduced() -> None:
    text = "“Ask Director Paul Quint,” said Mayor Rosa Vela."
    assert list(people(text)) == ["Rosa Vela"]


def test_headline_capitals_are_not_names() -> None:
    text = "Analyst Warns Markets Face Rough Year\n\nAnalyst Mira Kohl said prices would fall."
    assert list(people(text)) == ["Mira Kohl"]


def test_mr_with_a_full_stop_marks_a_lone_surname_as_a_person() -> None:
    found = people("Mr. Lund met voters on Monday.")
    assert list(found) == ["Lund"]
