"""Reading sources: the shipped seeds, text fidelity, metadata derivation and bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from briefgen.errors import EXIT_BAD_INPUT, ConfigError, InputError
from briefgen.model import Corpus, Document
from briefgen.sources import DEFAULT_MAX_BYTES, load_corpus, source_ids
from briefgen.sources.boilerplate import find_boilerplate
from briefgen.sources.dates import find_date
from briefgen.sources.metadata import derive_metadata, find_publisher, find_title, find_url, shorten

TITLE_001 = "Expert Discusses Kazakhstan’s Priorities as SCO Chair"


# --- helpers ---------------------------------------------------------------


def seed(corpus: Corpus, number: str) -> Document:
    """The seed whose id starts with number, e.g. "001"."""
    (document,) = [d for d in corpus.documents if d.id.startswith(f"{number}_")]
    return document


def boilerplate_texts(document: Document) -> list[str]:
    return [document.text[span.start : span.end] for span in document.boilerplate]


def boilerplate_lines(text: str) -> list[str]:
    return [text[span.start : span.end] for span in find_boilerplate(text)]


def load_one(path: Path, **options: object) -> Document:
    (document,) = load_corpus([path], **options).documents  # type: ignore[arg-type]
    return document


@pytest.fixture
def seeds(seeds_dir: Path) -> Corpus:
    return load_corpus([seeds_dir])


# --- the shipped seeds -----------------------------------------------------


def test_seeds_load_five_documents_without_warnings(seeds: Corpus) -> None:
    assert [d.id[:3] for d in seeds.documents] == ["000", "001", "002", "003", "004"]
    assert seeds.warnings == ()


def test_every_seed_has_a_title(seeds: Corpus) -> None:
    assert all(document.title for document in seeds.documents)


def test_seed_ids_are_file_stems(seeds: Corpus, seeds_dir: Path) -> None:
    assert [d.id for d in seeds.documents] == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert all(d.path.stem == d.id for d in seeds.documents)


def test_seed_sha256_is_digest_of_file_bytes(seeds: Corpus) -> None:
    for document in seeds.documents:
        assert document.sha256 == hashlib.sha256(document.path.read_bytes()).hexdigest()


def test_seed_text_is_file_decoded_unchanged(seeds: Corpus) -> None:
    for document in seeds.documents:
        assert document.text == document.path.read_bytes().decode("utf-8")


def test_seed_001_title_and_publisher(seeds: Corpus) -> None:
    document = seed(seeds, "001")
    assert document.title == TITLE_001
    assert document.publisher == "The Astana Times"


def test_seed_002_date_from_dateline(seeds: Corpus) -> None:
    assert seed(seeds, "002").date == dt.date(2024, 7, 10)


def test_seed_004_date_url_and_publisher(seeds: Corpus) -> None:
    document = seed(seeds, "004")
    assert document.date == dt.date(2025, 2, 21)
    assert document.url == "https://www.gov.kz/memleket/entities/mfa/press/news/details/941854"
    assert document.publisher == "gov.kz"


@pytest.mark.parametrize(
    ("number", "date", "basis"),
    [
        ("000", dt.date(2024, 7, 2), "text"),  # "the summit tomorrow" and "Summit on July 3", in 2024
        ("001", None, "none"),  # names no day at all, only "through 2024"
        ("002", dt.date(2024, 7, 10), "dateline"),
        ("003", dt.date(2023, 7, 5), "text"),  # its first full date
        ("004", dt.date(2025, 2, 21), "dateline"),
    ],
)
def test_each_seed_has_a_date_or_says_why_not(
    seeds: Corpus, number: str, date: dt.date | None, basis: str
) -> None:
    assert (seed(seeds, number).date, seed(seeds, number).date_basis) == (date, basis)


def test_seed_001_newsletter_line_is_boilerplate(seeds: Corpus) -> None:
    document = seed(seeds, "001")
    promo = next(line for line in document.text.splitlines() if line.startswith("Get The Astana Times"))
    assert promo.startswith("Get The Astana Times stories sent directly to you! ")
    assert promo in boilerplate_texts(document)


def test_seed_004_source_line_is_boilerplate(seeds: Corpus) -> None:
    document = seed(seeds, "004")
    expected = "Source : https://www.gov.kz/memleket/entities/mfa/press/news/details/941854"
    assert expected in boilerplate_texts(document)


def test_seed_003_kicker_is_boilerplate(seeds: Corpus) -> None:
    assert "Breaking News" in boilerplate_texts(seed(seeds, "003"))


# --- text fidelity ---------------------------------------------------------


def test_crlf_is_kept_and_offsets_index_the_file(tmp_path: Path, make_source) -> None:
    content = "A title\r\nSource: https://example.org/a\r\nThe body.\r\n"
    document = load_one(make_source(tmp_path, "crlf.txt", content))
    assert document.text == content
    assert boilerplate_texts(document) == ["Source: https://example.org/a"]
    assert document.boilerplate[0].start == len("A title\r\n")


def test_utf8_bom_is_dropped(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "bom.txt", b"\xef\xbb\xbfA title\nThe body.\n")
    document = load_one(path)
    assert document.text == "A title\nThe body.\n"
    assert document.title == "A title"


def test_sha256_is_of_the_bytes_on_disk_bom_included(tmp_path: Path, make_source) -> None:
    data = b"\xef\xbb\xbfA title\nThe body.\n"
    document = load_one(make_source(tmp_path, "bom.txt", data))
    assert document.sha256 == hashlib.sha256(data).hexdigest()


def test_markdown_source_is_read(tmp_path: Path, make_source) -> None:
    document = load_one(make_source(tmp_path, "note.md", "# Summit notes\n\nThe body.\n"))
    assert (document.id, document.title) == ("note", "Summit notes")


def test_sidecar_wins_over_derived_metadata(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "a.txt", "Derived title\n2024-07-10\nSource: https://derived.example/x\n")
    make_source(
        tmp_path,
        "a.toml",
        'title = "Sidecar title"\ndate = "2025-02-21"\npublisher = "Ministry"\nurl = "https://side.example/y"\n',
    )
    document = load_one(path)
    assert document.title == "Sidecar title"
    assert document.date == dt.date(2025, 2, 21)
    assert document.publisher == "Ministry"
    assert document.url == "https://side.example/y"


def test_sidecar_keys_left_out_keep_derived_metadata(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "a.txt", "Derived title\n2024-07-10\nThe body.\n")
    make_source(tmp_path, "a.toml", 'publisher = "Ministry"\n')
    document = load_one(path)
    assert (document.title, document.date, document.publisher) == (
        "Derived title",
        dt.date(2024, 7, 10),
        "Ministry",
    )


def test_sidecar_states_the_kind_of_source_and_none_is_guessed(tmp_path: Path, make_source) -> None:
    stated = make_source(tmp_path, "a.txt", "Derived title\nThe body.\n")
    make_source(tmp_path, "a.toml", 'kind = "state media"\n')
    unstated = make_source(tmp_path, "b.txt", "Ministry of Health press release\nThe body.\n")
    assert load_one(stated).kind == "state media"
    assert load_one(unstated).kind is None


@pytest.mark.parametrize("value", ["2025-02-21", "2025-02-21T09:30:00"], ids=["toml-date", "toml-datetime"])
def test_sidecar_accepts_a_bare_toml_date(tmp_path: Path, make_source, value: str) -> None:
    path = make_source(tmp_path, "a.txt", "A title\nThe body.\n")
    make_source(tmp_path, "a.toml", f"date = {value}\n")
    date = load_one(path).date
    assert type(date) is dt.date
    assert date == dt.date(2025, 2, 21)


def test_sidecar_encoding_decodes_latin1(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "a.txt", "Café in Astana\nThe body.\n".encode("latin-1"))
    make_source(tmp_path, "a.toml", 'encoding = "latin-1"\n')
    assert load_one(path).title == "Café in Astana"


def test_encoding_option_decodes_latin1(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "a.txt", "Café in Astana\nThe body.\n".encode("latin-1"))
    assert load_one(path, encoding="latin-1").text == "Café in Astana\nThe body.\n"


def test_folder_sources_are_found_in_sub_folders_and_other_kinds_skipped_in_one_warning(
    tmp_path: Path, make_source
) -> None:
    make_source(tmp_path, "b.txt", "B\n")
    make_source(tmp_path, "a.md", "A\n")
    make_source(tmp_path, "budget.xlsx", b"PK\3\4")
    make_source(tmp_path, "sub/c.txt", "C\n")
    make_source(tmp_path, "sub/photo.png", b"\x89PNG")
    make_source(tmp_path, "sub/more/photo2.png", b"\x89PNG")
    make_source(tmp_path, ".git/config.txt", "not a source\n")
    make_source(tmp_path, "b.toml", 'title = "B"\n')
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["a", "b", "c"]
    assert corpus.warnings == (
        "skipped 3 files: .xlsx, .png (no reader for these kinds; briefgen reads "
        ".txt, .md, .html, .pdf, .docx): "
        f"{tmp_path / 'budget.xlsx'}, {tmp_path / 'sub/more/photo2.png'}, {tmp_path / 'sub/photo.png'}",
    )


def test_sidecar_named_by_a_glob_is_not_read_as_a_source(tmp_path: Path, make_source) -> None:
    source = make_source(tmp_path, "a.txt", "Derived\n")
    sidecar = make_source(tmp_path, "a.toml", 'title = "Sidecar"\n')
    documents = load_corpus([sidecar, source]).documents
    assert [(d.id, d.title) for d in documents] == [("a", "Sidecar")]


# --- metadata derived from the text ----------------------------------------


def test_title_from_markdown_heading() -> None:
    assert find_title("Breaking\n## Kazakhstan hosts the SCO summit ##\n\nThe body.") == (
        "Kazakhstan hosts the SCO summit"
    )


def test_title_from_first_line() -> None:
    assert find_title("Kazakhstan hosts the SCO summit\n\nThe summit opened on Wednesday.") == (
        "Kazakhstan hosts the SCO summit"
    )


def test_title_from_long_lead_sentence_is_shortened() -> None:
    lead = (
        "ASTANA — The Ministry of Foreign Affairs of Kazakhstan hosted a briefing for international "
        "journalists to discuss the foreign policy of the country, its bilateral and multilateral "
        "cooperation, and the summit of the Shanghai Cooperation Organization. More followed."
    )
    title = find_title(lead)
    assert title == (
        "The Ministry of Foreign Affairs of Kazakhstan hosted a briefing for international journalists to…"
    )


def test_shorten_cuts_at_a_word_and_marks_the_cut() -> None:
    assert shorten("one two three four", limit=12) == "one two…"
    assert shorten("short enough", limit=12) == "short enough"


def test_title_skips_a_date_marker_at_the_start_of_the_line() -> None:
    assert derive_metadata("ASTANA, July 4, 2024 — The summit opened.").title == "The summit opened."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2024-07-10", dt.date(2024, 7, 10)),
        ("21.02.2025 03:59:06 737", dt.date(2025, 2, 21)),
        ("July 4, 2024", dt.date(2024, 7, 4)),
        ("4 July 2024", dt.date(2024, 7, 4)),
        ("Jul. 4, 2024", dt.date(2024, 7, 4)),
        ("Published: 4 July 2024", dt.date(2024, 7, 4)),
        ("Posted on July 4, 2024", dt.date(2024, 7, 4)),
        ("ASTANA, 4 July 2024", dt.date(2024, 7, 4)),
    ],
)
def test_date_on_a_header_line(line: str, expected: dt.date) -> None:
    assert derive_metadata(f"A title\n{line}\nThe body of the article.\n").date == expected


@pytest.mark.parametrize(
    "text",
    [
        "On July 4, 2024, the president said the summit mattered.\nMore text.",
        "Summit held July 4, 2024\nThe body.",
        "A title\nThe summit on 10 July 2024 was the largest yet.",
    ],
    ids=["event-date-in-lead", "event-date-in-headline", "event-date-in-prose"],
)
def test_event_date_in_prose_is_not_a_dateline(text: str) -> None:
    assert find_date(text) is None
    assert find_boilerplate(text) == ()
    day = 10 if "10 July" in text else 4
    assert (derive_metadata(text).date, derive_metadata(text).date_basis) == (dt.date(2024, 7, day), "text")


def test_event_date_in_lead_keeps_the_lead_as_title() -> None:
    text = "On July 4, 2024, the president said the summit mattered.\nMore text."
    assert derive_metadata(text).title == "On July 4, 2024, the president said the summit mattered."


def test_date_deep_in_the_body_is_not_taken() -> None:
    text = "A title\n" + "".join(f"Paragraph {n}.\n" for n in range(1, 6)) + "2024-07-10\n"
    assert find_date(text) is None


def test_impossible_calendar_date_is_not_taken() -> None:
    assert derive_metadata("A title\n31.02.2024\nThe body.").date is None


def test_dateline_marker_is_boilerplate() -> None:
    assert boilerplate_lines("A title\n21.02.2025 03:59:06 737\nThe body.") == ["21.02.2025 03:59:06 737"]


@pytest.mark.parametrize(
    ("line", "url"),
    [
        ("Source: https://example.org/news/1", "https://example.org/news/1"),
        ("Source : https://example.org/news/1.", "https://example.org/news/1"),
        ("Original: https://example.org/news/1", "https://example.org/news/1"),
    ],
)
def test_url_from_source_line(line: str, url: str) -> None:
    assert find_url(f"A title\nThe body.\n{line}\n") == url


def test_url_in_prose_is_not_the_source() -> None:
    assert find_url("A title\nSee https://example.org/other for more.\n") is None


def test_publisher_from_url_host() -> None:
    assert find_publisher("A title\nThe body.", "https://www.gov.kz/news/1") == "gov.kz"


def test_publisher_from_masthead_line() -> None:
    text = "A title\nThe body.\nGet The Astana Times stories sent directly to you!\n"
    assert find_publisher(text, None) == "The Astana Times"


def test_unknown_metadata_stays_none() -> None:
    metadata = derive_metadata("ministers met and talked about trade.")
    assert (metadata.date, metadata.publisher, metadata.url) == (None, None, None)


@pytest.mark.parametrize(
    "line",
    [
        "Share this article",
        "Share on Facebook",
        "Follow us on Telegram",
        "Subscribe to our newsletter",
        "Click here to read the full statement",
        "Read more: SCO summit opens",
        "Tags: SCO, Kazakhstan",
        "Sign up for our newsletter",
    ],
)
def test_share_prompts_are_boilerplate(line: str) -> None:
    assert boilerplate_lines(f"A title\nThe body.\n{line}\nMore body.\n") == [line]


@pytest.mark.parametrize("kicker", ["Breaking News", "EXCLUSIVE", "Opinion:", "Analysis"])
def test_kicker_on_a_header_line_is_boilerplate(kicker: str) -> None:
    text = f"{kicker}\nKazakhstan hosts the SCO summit\nThe body.\n"
    assert boilerplate_lines(text) == [kicker]
    assert derive_metadata(text).title == "Kazakhstan hosts the SCO summit"


@pytest.mark.parametrize(
    "line",
    [
        "Share prices rose 5% on the Astana exchange.",
        "More than 2,000 students sign up for the exchange programme each year.",
        "Analysis of the results will follow in the autumn.",
    ],
)
def test_prose_that_resembles_a_prompt_is_not_boilerplate(line: str) -> None:
    assert boilerplate_lines(f"A title\nThe body.\n{line}\n") == []


def test_boilerplate_marks_text_without_removing_it(tmp_path: Path, make_source) -> None:
    content = "A title\nThe body.\nShare this article\n"
    document = load_one(make_source(tmp_path, "a.txt", content))
    assert document.text == content
    assert document.is_boilerplate(content.index("Share"), len(content))
    assert not document.is_boilerplate(0, content.index("Share"))


# --- bad input ---------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(InputError, match="no such file or folder") as caught:
        load_corpus([missing])
    assert str(caught.value).startswith(f"{missing}:")
    assert caught.value.exit_code == EXIT_BAD_INPUT == 2


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="folder is empty") as caught:
        load_corpus([tmp_path])
    assert str(tmp_path) in str(caught.value)
    assert caught.value.exit_code == 2


def test_folder_without_sources(tmp_path: Path, make_source) -> None:
    make_source(tmp_path, "report.xlsx", b"PK")
    make_source(tmp_path, "notes.zip", b"PK")
    with pytest.raises(InputError) as caught:
        load_corpus([tmp_path])
    assert str(caught.value) == (
        f"{tmp_path}: no sources in this folder (.txt, .md, .html, .pdf, .docx); "
        "found 2 files of other kinds: .zip, .xlsx"
    )
    assert caught.value.exit_code == 2


def test_file_that_is_not_in_the_encoding_named(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "latin.txt", b"A title\nCaf\xe9 in Astana\n")
    with pytest.raises(InputError) as caught:
        load_corpus([path], encoding="ascii")
    message = str(caught.value)
    assert message.startswith(f"{path}:2:")
    assert "not valid ascii at byte 11" in message
    assert "--encoding (for example --encoding cp1252)" in message
    assert "latin-1" not in message
    assert 'encoding = "..." in latin.toml' in message
    assert caught.value.exit_code == 2


def test_binary_file(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    with pytest.raises(InputError, match=r"binary file \(NUL byte at 8\)") as caught:
        load_corpus([path])
    assert str(caught.value).startswith(f"{path}:")
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("content", ["", "   \n\t\r\n  "], ids=["empty", "white-space"])
def test_blank_file_is_skipped_with_a_warning(tmp_path: Path, make_source, content: str) -> None:
    blank = make_source(tmp_path, "blank.txt", content)
    make_source(tmp_path, "real.txt", "A title\nThe body.\n")
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["real"]
    assert corpus.warnings == (f"{blank}: skipped, the file is empty or only white space",)


@pytest.mark.parametrize("content", ["", "   \n\t\r\n  "], ids=["empty", "white-space"])
def test_blank_file_alone_is_an_error(tmp_path: Path, make_source, content: str) -> None:
    blank = make_source(tmp_path, "blank.txt", content)
    with pytest.raises(InputError, match="no source has any text") as caught:
        load_corpus([tmp_path])
    assert str(caught.value).startswith(f"{blank}:")
    assert caught.value.exit_code == 2


def test_file_over_the_default_size_limit(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "huge.txt", b"word " * (DEFAULT_MAX_BYTES // 5 + 1))
    with pytest.raises(InputError, match="over the 10,485,760-byte limit") as caught:
        load_corpus([path])
    assert str(caught.value).startswith(f"{path}: 10,485,765 bytes")
    assert caught.value.exit_code == 2


def test_file_over_a_custom_size_limit(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "a.txt", "x" * 1025)
    with pytest.raises(InputError, match=r"1,025 bytes is over the 1,024-byte limit"):
        load_corpus([path], max_bytes=1024)


def test_file_at_the_size_limit_is_read(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "a.txt", "x" * 1024)
    assert load_one(path, max_bytes=1024).text == "x" * 1024


def test_unknown_encoding_option(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "a.txt", "A title\n")
    with pytest.raises(InputError, match="--encoding: unknown encoding 'klingon'"):
        load_corpus([path], encoding="klingon")


def test_files_of_one_stem_side_by_side_are_told_apart_by_suffix(tmp_path: Path, make_source) -> None:
    make_source(tmp_path, "a.md", "A\n")
    make_source(tmp_path, "a.txt", "A\n")
    assert [d.id for d in load_corpus([tmp_path]).documents] == ["a.md", "a.txt"]


def test_clashing_ids_are_qualified_by_as_much_path_as_tells_them_apart(tmp_path: Path, make_source) -> None:
    for name in ("2016/october/story.txt", "2017/october/story.txt", "2017/march/story.txt", "top.txt"):
        make_source(tmp_path, name, f"{name}\n")
    make_source(tmp_path, "story.txt", "The story at the top\n")
    documents = load_corpus([tmp_path]).documents
    assert [(d.id, d.path.relative_to(tmp_path).as_posix()) for d in documents] == [
        ("2016/october/story", "2016/october/story.txt"),
        ("march/story", "2017/march/story.txt"),
        ("2017/october/story", "2017/october/story.txt"),
        ("story", "story.txt"),
        ("top", "top.txt"),
    ]


def test_a_file_named_twice_is_read_once(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "a.txt", "A\n")
    assert [d.id for d in load_corpus([tmp_path, path]).documents] == ["a"]


def test_source_ids_of_files_named_directly_are_their_stems() -> None:
    files = [Path("x/a.txt"), Path("y/b.txt")]
    assert source_ids(files, []) == ["a", "b"]


def test_malformed_sidecar_names_file_line_and_column(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "a.txt", "A title\n")
    sidecar = make_source(tmp_path, "a.toml", 'title = "ok"\ndate = \n')
    with pytest.raises(InputError) as caught:
        load_corpus([path])
    assert str(caught.value) == f"{sidecar}:2:8: malformed TOML: Invalid value"
    assert caught.value.exit_code == 2


def test_sidecar_problems_are_reported_together(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "a.txt", "A title\n")
    sidecar = make_source(
        tmp_path,
        "a.toml",
        'title = "ok"\nauthor = "someone"\npublisher = 42\ndate = "21/02/2025"\nencoding = "klingon"\n',
    )
    with pytest.raises(ConfigError) as caught:
        load_corpus([path])
    assert caught.value.problems == (
        f"{sidecar}:2: author: unknown key (expected one of: title, date, publisher, kind, url, encoding, retrieved)",
        f"{sidecar}:3: publisher: must be a non-empty string, not 42",
        f"{sidecar}:4: date: must be a date YYYY-MM-DD, not '21/02/2025'",
        f"{sidecar}:5: encoding: unknown encoding 'klingon'",
    )
    assert str(caught.value) == "\n".join(caught.value.problems)
    assert caught.value.exit_code == 2


def test_a_utf16_source_with_its_encoding_in_the_sidecar(tmp_path: Path, make_source) -> None:
    make_source(tmp_path, "wide.txt", "Wide talks\n\nThe port handled 40 ships in 2024.\n".encode("utf-16"))
    make_source(tmp_path, "wide.toml", 'encoding = "utf-16"\n')
    (document,) = load_corpus([tmp_path]).documents
    assert document.text.startswith("Wide talks\n")


def test_a_sidecar_url_must_be_a_web_address(tmp_path: Path, make_source) -> None:
    make_source(tmp_path, "a.txt", "Title\n\nBody text.\n")
    make_source(tmp_path, "a.toml", 'url = "javascript:alert(1)"\n')
    with pytest.raises(ConfigError) as caught:
        load_corpus([tmp_path])
    assert caught.value.problems == (
        f"{tmp_path / 'a.toml'}:1: url: must be an http or https address, not 'javascript:alert(1)'",
    )


@pytest.mark.parametrize(
    ("text", "publisher"),
    [
        ("Ministers met.\n© 2024 Bay Herald\n", "Bay Herald"),
        ("Ministers met.\nGet The Valley Post stories sent to you!\n", "The Valley Post"),
        ("Under Article 5(c) Member States must report by May.\n", None),
        ("The Copyright Office said the rule stands.\n", None),
        ("Readers who subscribe to Harbour Weekly get it first.\n", None),
    ],
)
def test_a_publisher_is_named_by_promotion_and_copyright_lines_not_by_prose(text, publisher):
    assert find_publisher(text, None) == publisher
