"""Quote cases as data (tests/cases/quotes/*.txt): a passage, then the quotes, speakers and bases it must yield."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.extract.quotes import extract_quotes
from briefgen.model import Document

CASES = Path(__file__).parent / "cases" / "quotes"


def read_case(path: Path) -> tuple[str, list[tuple[str, str | None, str | None]]]:
    passage, expected = path.read_text(encoding="utf-8").split("\n---\n")
    lines = [line for line in passage.splitlines() if not line.startswith("#")]
    rows = []
    for line in expected.strip().splitlines():
        text, speaker, basis = (part.strip() for part in line.split(" | "))
        rows.append((text, None if speaker == "-" else speaker, None if basis == "-" else basis))
    return "\n".join(lines), rows


@pytest.mark.parametrize("path", sorted(CASES.glob("*.txt")), ids=lambda path: path.stem)
def test_case(path: Path) -> None:
    text, expected = read_case(path)
    document = Document(id="case", path=path, text=text, sha256="0" * 64)
    found = extract_quotes(document)
    assert [(q.text, q.speaker, q.speaker_basis) for q in found] == expected
    for quote in found:
        assert text[quote.start : quote.end] == quote.text


def test_the_cases_folder_is_not_empty() -> None:
    assert len(list(CASES.glob("*.txt"))) >= 5
