"""Quotation extraction: one test per rule, on sentences written for the tests."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.extract.quotes import extract_quotes
from briefgen.model import Document, Quote, Span


def doc(text: str, boilerplate: tuple[Span, ...] = ()) -> Document:
    return Document(id="t", path=Path("t.txt"), text=text, sha256="0" * 64, boilerplate=boilerplate)


def quotes(text: str) -> tuple[Quote, ...]:
    found = extract_quotes(doc(text))
    for quote in found:
        assert text[quote.start : quote.end] == quote.text
    return found


def only(text: str) -> Quote:
    found = quotes(text)
    assert len(found) == 1, found
    return found[0]


def test_said_after_the_quote_with_inverted_name() -> None:
    text = "Mayor Lena Okafor opened the bridge.\n“Traffic will flow freely at last,” said Okafor."
    quote = only(text)
    assert quote.text == "Traffic will flow freely at last,"
    assert quote.speaker == "Lena Okafor"
    assert quote.id == "t#q1"
    assert quote.partial is False


def test_says_before_the_quote_with_colon() -> None:
    quote = only('Harbour master Piet Jansen says: "The tides are getting higher every year."')
    assert quote.speaker == "Piet Jansen"
    assert quote.partial is False


def test_he_said_resolves_to_the_last_subject() -> None:
    text = (
        "Finance Minister Tomas Berg presented the budget on Tuesday.\n"
        '"We have balanced the books without new taxes," he said.'
    )
    quote = only(text)
    assert quote.speaker == "Tomas Berg"
    assert quote.speaker_role == "Finance Minister"


def test_she_added_skips_people_named_only_in_passing() -> None:
    text = (
        "Senator Maria Lopez praised Governor Ken Hart’s plan.\n“It is a fair deal for farmers,” she added."
    )
    assert only(text).speaker == "Maria Lopez"


def test_role_noun_resolves_to_the_person_with_that_title() -> None:
    text = (
        "Defence Minister Arvid Holm met union leader Sara Quist on Friday. Quist left early.\n"
        "“Our troops will stay until the job is done,” the minister said."
    )
    assert only(text).speaker == "Arvid Holm"


def test_surname_resolves_to_the_full_name_introduced_earlier() -> None:
    text = (
        "The talks were chaired by Ambassador Helga Straub.\n"
        "“Nobody left the room angry,” Straub told reporters."
    )
    quote = only(text)
    assert quote.speaker == "Helga Straub"
    assert quote.speaker_role == "Ambassador"


def test_according_to() -> None:
    text = "Council member Ruth Adeyemi spoke last. According to Adeyemi, “the vote was never in doubt.”"
    quote = only(text)
    assert quote.speaker == "Ruth Adeyemi"


def test_quote_only_paragraph_inherits_the_speaker_of_the_paragraph_before() -> None:
    text = (
        "“We expect a decision in spring,” said Chancellor Otto Brandt.\n\n"
        "“Until then, nothing changes for the workers.”\n"
    )
    found = quotes(text)
    assert [q.speaker for q in found] == ["Otto Brandt", "Otto Brandt"]


def test_quote_only_paragraph_after_narrative_without_speaker_has_no_speaker() -> None:
    text = "The bridge opened in 1998.\n\n“Nothing lasts forever, not even steel.”\n"
    assert only(text).speaker is None


def test_quote_running_over_paragraphs_is_one_quote_per_piece() -> None:
    text = (
        "Judge Amara Diallo read her ruling aloud. “The law is clear on this point.\n"
        "“The defendant had every chance to appeal, and he did not,” Diallo said.\n"
    )
    found = quotes(text)
    assert [q.text for q in found] == [
        "The law is clear on this point.",
        "The defendant had every chance to appeal, and he did not,",
    ]
    assert {q.speaker for q in found} == {"Amara Diallo"}


def test_nested_single_quotes_stay_inside_the_outer_quote() -> None:
    text = "“They told us ‘wait and see’ for ten years,” said Professor Ines Vidal."
    quote = only(text)
    assert quote.text == "They told us ‘wait and see’ for ten years,"


def test_apostrophes_are_not_quote_marks() -> None:
    text = (
        "Norway’s fishermen don’t remember the ’90s fondly, and the students’ union "
        "played rock ’n’ roll. It's the farmers' turn, isn't it."
    )
    assert quotes(text) == ()


def test_single_quotes_british_style() -> None:
    text = "The chancellor, Rupert Hale, said: 'Growth has returned to every region.'"
    quote = only(text)
    assert quote.text == "Growth has returned to every region."
    assert quote.speaker == "Rupert Hale"
    assert quote.speaker_role == "chancellor"


def test_partial_quote_woven_into_the_sentence() -> None:
    text = "Mayor Lena Okafor said the new tram line was “a gift to the next generation.”"
    quote = only(text)
    assert quote.partial is True
    assert quote.speaker == "Lena Okafor"


def test_previous_sentence_subject_of_a_speech_verb_is_the_speaker() -> None:
    text = (
        "Turning to sport, Coach Willa Park stressed the team’s recent form. "
        "“We have not lost at home since March and we do not plan to start now.”"
    )
    assert only(text).speaker == "Willa Park"


def test_titles_of_programmes_and_initiatives_are_rejected() -> None:
    text = (
        "The ministry launched the “Green Streets” initiative and the programme “Clean Rivers 2030”, "
        "held under the theme “Water for All Generations.” Its “Blue Card” format drew praise."
    )
    assert quotes(text) == ()


def test_slogans_nicknames_and_scare_quotes_are_rejected() -> None:
    text = (
        'Marchers chanted "No more delays" while the so-called "reform bloc" met in a room '
        'known as the "glass box." The senator, nicknamed "The Hammer," declined to comment.'
    )
    assert quotes(text) == ()


def test_show_names_after_told_or_said_on_are_rejected() -> None:
    text = (
        'Senator Paul Reyes told "Sunday Morning Live" that he would run. '
        'His rival said on "The Evening Report" that she would too.'
    )
    assert quotes(text) == ()


def test_show_names_after_a_broadcasters_possessive_or_an_episode_are_rejected() -> None:
    text = (
        "In an interview on Channel 9’s “Morning Desk,” Governor Ana Reyes said the dam would hold. "
        "On Friday’s episode of “The Open Line,” the governor said she would visit the valley."
    )
    assert quotes(text) == ()


def test_appositive_role() -> None:
    text = (
        "Nadia Farouk, director of the Coastal Research Institute, said the data were clear. "
        "“Sea levels are rising faster than our models predicted,” Farouk said."
    )
    quote = only(text)
    assert quote.speaker == "Nadia Farouk"
    assert quote.speaker_role == "director of the Coastal Research Institute"


def test_title_before_name_role() -> None:
    quote = only("“We are ready,” said Deputy Trade Minister Kofi Mensah.")
    assert quote.speaker == "Kofi Mensah"
    assert quote.speaker_role == "Deputy Trade Minister"


def test_quotes_in_boilerplate_are_skipped() -> None:
    body = "“Prices will fall next year,” said economist Jun Park.\n"
    promo = "Subscribe to our newsletter: “The best stories, every morning.”\n"
    text = body + promo
    found = extract_quotes(doc(text, boilerplate=(Span(len(body), len(text)),)))
    assert [q.speaker for q in found] == ["Jun Park"]


def test_exact_offsets_and_ids_in_text_order() -> None:
    text = (
        'Governor Eli Stone spoke first.\r\n"We will rebuild," Stone said, "and we will do it together."\r\n'
    )
    found = quotes(text)
    assert [q.id for q in found] == ["t#q1", "t#q2"]
    assert [q.speaker for q in found] == ["Eli Stone", "Eli Stone"]
    assert all(text[q.start - 1] == '"' and text[q.end] == '"' for q in found)


def test_unattributed_organisation_speaker() -> None:
    quote = only("The Harbour Authority said the pier was “unsafe for public use.”")
    assert quote.speaker == "Harbour Authority"
    assert quote.partial is True


MARKS = "“”\"‘’'«» .,;:!?—\n\r"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(MARKS) + list("abcXYZ saidhe Smith")), max_size=300))
def test_never_raises_spans_are_verbatim_and_runs_are_identical(text: str) -> None:
    first = extract_quotes(doc(text))
    second = extract_quotes(doc(text))
    assert first == second
    for quote in first:
        assert 0 <= quote.start <= quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    for quote in extract_quotes(doc(text)):
        assert text[quote.start : quote.end] == quote.text


# --- speakers who are not named, and named people behind a body ------------------------


def test_unnamed_spokesperson_for_a_body_is_no_speaker() -> None:
    text = "Mayor Ines Falk opened the depot.\nA spokesperson for the Transport Ministry said: “The depot is safe.”"
    assert only(text).speaker is None


def test_spokesman_for_a_named_leader_is_not_the_leader() -> None:
    assert only("An aide to Governor Ruth Moss said: “We will appeal.”").speaker is None


def test_generic_plural_subject_is_no_speaker_and_blocks_inheritance() -> None:
    text = "Minister Karl Dorn spoke on Monday.\nCritics said the plan was “a costly mistake for everyone”."
    assert only(text).speaker is None


def test_lower_case_body_is_no_speaker() -> None:
    text = "Envoy Tarik Senn met the press. The ministry said it was “watching events closely”."
    assert only(text).speaker is None


def test_person_before_a_body_after_a_preposition_is_the_speaker() -> None:
    text = "Nadia Holm of the Institute for Budget Studies said the cuts were “deeper than announced”."
    assert only(text).speaker == "Nadia Holm"


def test_named_body_speaks_when_no_person_does() -> None:
    assert (
        only("The Harbour Authority said the pier was “unsafe for public use.”").speaker
        == "Harbour Authority"
    )


def test_participle_clause_belongs_to_the_sentence_subject() -> None:
    text = "Chancellor Vera Lind unveiled the budget on Tuesday, saying it would “protect every pension”."
    assert only(text).speaker == "Vera Lind"


def test_party_tag_in_brackets_between_name_and_verb() -> None:
    assert (
        only("Sen. Dora Quill (D-Ore.) said the bill was “a giveaway to insurers”.").speaker == "Dora Quill"
    )


def test_honorific_with_full_stop_makes_a_person_and_aside_keeps_the_subject() -> None:
    text = (
        "Mr. Abe Lund met voters in the morning. Mr. Otto Brandt, 77, has run four times.\n"
        "He said: “This time is different.”"
    )
    assert only(text).speaker == "Otto Brandt"


def test_said_an_unnamed_official_after_the_quote() -> None:
    text = "Premier Ada Voss spoke first.\n“No decision has been taken,” said a senior official."
    assert only(text).speaker is None


def test_the_role_noun_still_points_back_to_the_named_person() -> None:
    text = "Senator Hal Brook spoke on Monday.\n“We will win,” the senator said."
    assert only(text).speaker == "Hal Brook"


def test_a_blank_aside_after_a_name_is_no_role():
    text = "Jane Smith,   , said it was “too early to tell,” she added."
    quotes = extract_quotes(Document(id="t", path=Path("t.txt"), text=text, sha256="0" * 64))
    assert [q.text for q in quotes] == ["too early to tell,"]
