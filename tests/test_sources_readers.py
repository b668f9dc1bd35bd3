"""The readers, one per kind of file: what each makes the text, its metadata and the spans
to skip or to leave out when shown, read from files written here or in tests/cases/readers."""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import docx
import pytest

from briefgen.errors import InputError
from briefgen.model import Corpus, Document
from briefgen.sources import load_corpus
from briefgen.sources.readers import read_html, read_markdown, read_pdf, read_text, read_word, reader_for

CASES = Path(__file__).parent / "cases" / "readers"
NEWS_PAGE = CASES / "corpus" / "ferry-terminal.html"
STATEMENT = CASES / "make" / "harbour-statement.html"


def load_one(path: Path, **options: Any) -> tuple[Document, Corpus]:
    corpus = load_corpus([path], **options)
    (document,) = corpus.documents
    return document, corpus


def skipped_text(document: Document) -> list[str]:
    return [document.text[span.start : span.end] for span in document.boilerplate]


@pytest.fixture(scope="module")
def statement_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-page statement with a running header and footer and words hyphenated at line ends."""
    import weasyprint

    path = tmp_path_factory.mktemp("pdf") / "statement.pdf"
    weasyprint.HTML(STATEMENT).write_pdf(path)
    return path


# --- the registry ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("a.txt", read_text),
        ("a.md", read_markdown),
        ("a.HTML", read_html),
        ("a.htm", read_html),
        ("a.pdf", read_pdf),
        ("a.docx", read_word),
        ("a.log", read_text),
    ],
)
def test_the_reader_is_chosen_by_the_file_suffix(name: str, reader: object) -> None:
    assert reader_for(Path(name)) is reader


# --- plain text in another encoding ------------------------------------------

WINDOWS_TEXT = (
    "Harbour notes from Tavel\n17 October 2024\n\n"
    "The ferry crew at the quay caf\u00e9 said the new berth was \u201ca relief\u201d after years of waiting.\n\n"
    "\u201cWe can finally sail on time,\u201d said Ada Brenn, the captain of the Tavel ferry.\n"
)


def test_a_windows_1252_file_with_curly_quotes_just_works(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(WINDOWS_TEXT.encode("cp1252"))
    document, corpus = load_one(path)
    assert document.text == WINDOWS_TEXT
    assert document.reader == "text"
    assert document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert document.text_sha256 == hashlib.sha256(WINDOWS_TEXT.encode("utf-8")).hexdigest()
    assert corpus.warnings == (
        f"{path}: not UTF-8; read as cp1252, the encoding detected "
        '(set encoding = "cp1252" in notes.toml to make it explicit)',
    )


def test_latin_1_named_for_windows_1252_text_is_refused_with_the_right_advice(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(WINDOWS_TEXT.encode("cp1252"))
    with pytest.raises(InputError) as caught:
        load_corpus([path], encoding="latin-1")
    assert str(caught.value) == (
        f"{path}:4: read as latin-1, the file has control character U+0093 where Windows-1252 "
        "has a quote mark or dash; pass --encoding cp1252"
    )


def test_an_encoding_named_in_the_sidecar_is_used_without_detection(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(WINDOWS_TEXT.encode("cp1252"))
    (tmp_path / "notes.toml").write_text('encoding = "cp1252"\n')
    document, corpus = load_one(path)
    assert document.text == WINDOWS_TEXT
    assert corpus.warnings == ()


# --- Markdown ----------------------------------------------------------------

MARKDOWN = (
    "---\n"
    "title: Tavel ferry timetable agreed\n"
    "date: 2024-10-18\n"
    "publisher: Tavel Community News\n"
    "url: https://news.example.org/tavel-timetable\n"
    "tags: [ferry, tavel]\n"
    "---\n"
    "# Timetable agreed\n\n"
    "The **first** sailing will leave at 6:40 on weekdays, says the [operator](https://ferry.example.org).\n"
    "Fares rise by `4%` in \\*January\\*.\n"
)


def test_markdown_front_matter_is_metadata_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "timetable.md"
    path.write_text(MARKDOWN)
    document, _ = load_one(path)
    assert document.text == MARKDOWN
    assert (document.title, document.date, document.publisher, document.url) == (
        "Tavel ferry timetable agreed",
        dt.date(2024, 10, 18),
        "Tavel Community News",
        "https://news.example.org/tavel-timetable",
    )
    assert skipped_text(document)[0] == MARKDOWN[: MARKDOWN.index("# Timetable")]
    assert document.reader == "markdown"


def test_markdown_inline_markup_is_left_out_when_shown_while_offsets_index_the_file(tmp_path: Path) -> None:
    path = tmp_path / "timetable.md"
    path.write_text(MARKDOWN)
    document, _ = load_one(path)
    sentence = "The **first** sailing will leave at 6:40 on weekdays, says the [operator](https://ferry.example.org)."
    start = document.text.index(sentence)
    assert document.shown(start, start + len(sentence)) == (
        "The first sailing will leave at 6:40 on weekdays, says the operator."
    )
    fares = document.text.index("Fares")
    assert document.shown(fares, document.text.index("\n", fares)) == "Fares rise by 4% in *January*."
    heading = document.text.index("# Timetable")
    assert document.shown(heading, heading + len("# Timetable agreed")) == "Timetable agreed"
    assert [document.text[s.start : s.end] for s in document.markup] == [
        "# ",
        "**",
        "**",
        "[",
        "](https://ferry.example.org)",
        "`",
        "`",
        "\\",
        "\\",
    ]


def test_markdown_without_front_matter_keeps_its_heading_as_title(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Summit notes\n\n---\n\nThe body.\n")
    document, _ = load_one(path)
    assert document.title == "Summit notes"
    assert document.boilerplate == ()


def test_malformed_front_matter_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: Fine\ndate: [2024\n---\nBody.\n")
    with pytest.raises(InputError, match=rf"^{path}:\d+: malformed front matter") as caught:
        load_corpus([path])
    assert caught.value.exit_code == 2


# --- saved web pages ---------------------------------------------------------


def test_a_saved_news_page_gives_its_article_and_metadata() -> None:
    document, _ = load_one(NEWS_PAGE)
    assert document.reader == "html"
    assert (document.title, document.date, document.publisher, document.url) == (
        "Velmora opens its new ferry terminal",
        dt.date(2024, 10, 16),
        "The Coastline Courier",
        "https://courier.example.org/2024/10/velmora-ferry-terminal",
    )
    assert "“This terminal gives the islands a front door worthy of them,” said Ines Darrow" in document.text
    assert "&ldquo;" not in document.text
    for chrome in ("Weather", "Subscribe", "1,204 shares", "Share on", "newsletter", "Privacy", "All rights"):
        assert chrome not in document.text
    assert document.text.split("\n\n")[1].startswith("The town of Velmora opened")


def test_a_page_without_an_article_is_skipped_with_the_reason(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>Loading…</title></head><body><script>load()</script></body></html>")
    (tmp_path / "real.txt").write_text("A title\nThe body.\n")
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["real"]
    assert corpus.warnings == (f"{empty}: skipped, no article text found in the page",)


# --- PDF ---------------------------------------------------------------------


def test_a_text_pdf_reads_in_order_without_running_heads_or_hyphens(statement_pdf: Path) -> None:
    document, _ = load_one(statement_pdf)
    assert document.reader == "pdf"
    paragraphs = document.text.split("\n\n")
    assert paragraphs[:2] == [
        "Statement on the opening of the Velmora ferry terminal",
        "VELMORA, 16 October 2024",
    ]
    assert "said Lena Marsh, the chair of the Velmora Harbour Authority." in document.text
    assert "the authority expects the terminal to create 35 permanent jobs" in document.text
    assert "Statement page" not in document.text and "Press statement" not in document.text
    assert "\u2010" not in document.text and "  " not in document.text
    assert (document.title, document.date, document.publisher) == (
        "Statement on the opening of the Velmora ferry terminal",
        dt.date(2024, 10, 16),
        "Velmora Harbour Authority",
    )


def test_a_scanned_pdf_is_reported_as_having_no_text_layer(tmp_path: Path) -> None:
    import weasyprint

    scan = tmp_path / "scan.pdf"
    weasyprint.HTML(string="<div style='height: 5cm; background: #888'></div>").write_pdf(scan)
    (tmp_path / "real.txt").write_text("A title\nThe body.\n")
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["real"]
    assert corpus.warnings == (
        f"{scan}: skipped, a scanned PDF with no text layer (1 page); run OCR on it (for example ocrmypdf) to read it",
    )


def test_a_broken_pdf_is_one_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\nnot really\n")
    with pytest.raises(InputError, match=rf"^{path}: not a readable PDF"):
        load_corpus([path])


def test_without_the_pdf_extra_the_error_names_the_install_command(
    statement_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_pdfminer(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("pdfminer"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pdfminer)
    with pytest.raises(InputError) as caught:
        load_corpus([statement_pdf])
    assert str(caught.value) == (
        f"{statement_pdf}: reading .pdf files needs the [pdf] extra: pip install 'briefgen[pdf]'"
    )


# --- Word --------------------------------------------------------------------


def test_a_word_file_gives_its_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    path = tmp_path / "memo.docx"
    memo = docx.Document()
    memo.core_properties.title = "Notes on the new crossing"
    memo.add_heading("Orsk Island Council", 1)
    memo.add_paragraph("17 October 2024")
    memo.add_paragraph("The council met on Wednesday.")
    table = memo.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Sailings"
    table.rows[0].cells[1].text = "12 a day"
    memo.add_paragraph("")
    memo.add_paragraph("The timetable starts in November.")
    memo.sections[0].header.paragraphs[0].text = "Internal: not for publication"
    memo.save(path)
    document, _ = load_one(path)
    assert document.reader == "word"
    assert document.text == (
        "Orsk Island Council\n\n17 October 2024\n\nThe council met on Wednesday.\n\n"
        "Sailings\t12 a day\n\nThe timetable starts in November.\n"
    )
    assert (document.title, document.date) == ("Notes on the new crossing", dt.date(2024, 10, 17))


def test_a_file_that_is_not_a_word_file_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "memo.docx"
    path.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(InputError, match=rf"^{path}: not a readable Word \(\.docx\) file"):
        load_corpus([path])
