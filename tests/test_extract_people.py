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


def test_a_hypothetical_title_is_no_role() -> None:
    found = people(
        "Critics warned that a President Halvorsen would cut the fund. Halvorsen said it was safe."
    )
    assert found["Halvorsen"].roles == ()


def test_former_stays_with_the_title_in_lower_case_too() -> None:
    found = people("On Monday former Prime Minister Ida Brun said the pact would hold.")
    assert found["Ida Brun"].roles == ("former Prime Minister",)


def test_a_role_is_not_cut_at_an_abbreviation_or_an_honorific() -> None:
    found = people("Ida Brun, the wife of Gov. Tom Reyes, said no. Senate candidate Mrs. Ann Lee said yes.")
    assert found["Ida Brun"].roles == ("wife of Gov. Tom Reyes",)
    assert found["Ann Lee"].roles == ("Senate candidate",)


def test_roles_that_start_with_a_pronoun_are_dropped() -> None:
    found = people(
        "Her former aide, Tom Reyes, said the roads were open. Ida Brun, his rival, disagreed. "
        "An aide, Ann Lee, said both were right."
    )
    assert found["Tom Reyes"].roles == ()
    assert found["Ida Brun"].roles == ()
    assert found["Ann Lee"].roles == ("aide",)


def test_a_name_with_and_without_its_middle_initial_is_one_person() -> None:
    found = people(
        "Jane A. Roe, a county judge, spoke first. Later Roe said the court would sit. "
        "Judge Jane Roe then left."
    )
    assert list(found) == ["Jane A. Roe"]
    assert found["Jane A. Roe"].roles == ("county judge", "Judge")


def test_initials_and_surname_join_the_one_full_name_they_shorten() -> None:
    from briefgen.extract import merge_people

    merged = merge_people(
        [
            Person(name="Marta Okonkwo-Reyes", roles=("harbour master",), sources=("a",)),
            Person(
                name="M. Okonkwo-Reyes",
                roles=("chair of the port board", "harbour master of Welland"),
                sources=("b",),
            ),
            Person(name="J. Lind", roles=("pilot",), sources=("a",)),
            Person(name="Anna Lind", roles=("mayor",), sources=("b",)),
            Person(name="P. Sato", roles=("engineer",), sources=("a",)),
            Person(name="Paul Sato", roles=(), sources=("a",)),
            Person(name="Pia Sato", roles=(), sources=("b",)),
        ]
    )
    by_name = {person.name: person for person in merged}
    # A role another one spells out is not listed beside it.
    assert by_name["Marta Okonkwo-Reyes"].roles == ("chair of the port board", "harbour master of Welland")
    assert by_name["Marta Okonkwo-Reyes"].sources == ("a", "b")
    assert "M. Okonkwo-Reyes" not in by_name
    # Another initial is another person; two full names that fit leave the initials alone.
    assert {"J. Lind", "Anna Lind", "P. Sato", "Paul Sato", "Pia Sato"} <= set(by_name)
