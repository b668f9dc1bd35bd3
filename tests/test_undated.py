"""A corpus where no source has a date: "Undated" on every cover and in the metadata, never 1970,
and one warning per source."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.build import BuildRequest, build

SOURCES = {
    "harbour": "Harbour works resume\nThe port authority said 40 ships were waiting to dock."
    " Crews have cleared 12 berths so far.\n",
    "orchard": "Orchards recover\nGrowers planted 3,000 trees on the hillside."
    " The cooperative has 85 members.\n",
}


@pytest.fixture(scope="module")
def undated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[str, ...]]:
    folder = tmp_path_factory.mktemp("undated")
    for name, text in SOURCES.items():
        (folder / "sources").mkdir(exist_ok=True)
        (folder / "sources" / f"{name}.txt").write_text(text, encoding="utf-8")
    request = BuildRequest(
        sources=(folder / "sources",),
        out=folder / "reports",
        audiences=("executive", "press"),
        formats=("pdf", "docx", "html"),
        jobs=1,
    )
    return folder / "reports", build(request).warnings


def test_every_cover_says_undated(undated: tuple[Path, tuple[str, ...]]) -> None:
    out, _ = undated
    for audience in ("executive", "press"):
        html = (out / f"{audience}.html").read_text(encoding="utf-8")
        cover = html.split('id="cover"', 1)[1].split("</section>", 1)[0]
        assert "Undated · information cut-off not stated · 2 sources" in cover
        assert "1970" not in html


def test_one_warning_per_undated_source(undated: tuple[Path, tuple[str, ...]]) -> None:
    _, warnings = undated
    dated = [w for w in warnings if "no date found" in w]
    assert sorted(w.split(":")[0].rsplit("/", 1)[-1] for w in dated) == ["harbour.txt", "orchard.txt"]


def test_pdf_metadata_says_undated_and_has_no_dates(undated: tuple[Path, tuple[str, ...]]) -> None:
    out, _ = undated
    info = PdfReader(out / "press.pdf").metadata
    assert info is not None
    assert info.get("/Subject") == "press · Undated"
    assert "/CreationDate" not in info and "/ModDate" not in info


def test_docx_core_properties_say_undated_and_have_no_dates(undated: tuple[Path, tuple[str, ...]]) -> None:
    out, _ = undated
    with zipfile.ZipFile(out / "press.docx") as package:
        core = package.read("docProps/core.xml").decode("utf-8")
    assert "<dc:subject>press · Undated</dc:subject>" in core
    assert "dcterms:created" not in core and "dcterms:modified" not in core
    assert "1970" not in core
