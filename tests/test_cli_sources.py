"""`briefgen sources` and the CLI's error contract, through Click's runner and a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from briefgen import __version__
from briefgen.cli import main

SEED_001 = "001_bad3f164150ac668"
TITLE_001 = "Expert Discusses Kazakhstan’s Priorities as SCO Chair"
SEED_004 = "004_8753a5daf2dfcb1a"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def run_process(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """briefgen as a user runs it: a separate interpreter, real stdout and stderr."""
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        check=False,
    )


def json_sources(result: Result) -> dict[str, dict[str, Any]]:
    assert result.exit_code == 0, result.output
    return {record["id"]: record for record in json.loads(result.stdout)["sources"]}


def table_column(output: str, name: str) -> list[str]:
    """The cells of one column of a rich table, a wrapped cell joined back into one line."""
    lines = output.splitlines()
    header = next(index for index, line in enumerate(lines) if line.split()[:1] == ["id"])
    names = lines[header].split()
    starts = [lines[header].index(f" {column} ") + 1 for column in names]
    column = names.index(name)
    start, end = starts[column], (starts[column + 1] if column + 1 < len(starts) else None)
    cells: list[str] = []
    for line in lines[header + 2 :]:
        if not line.strip():
            continue
        text = line[start:end].strip()
        if line[: starts[1]].strip():  # a new row starts where the id column is filled
            cells.append(text)
        elif text:
            cells[-1] += " " + text
    return cells


def assert_one_error_line(result: Result, *expected: str) -> str:
    """Exit 2, one `briefgen: error:` line on stderr naming what went wrong, no traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("briefgen: error: ")
    for text in expected:
        assert text in lines[0]
    return lines[0]


# --- the happy path ----------------------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"briefgen, version {__version__}\n"


def test_sources_json_on_the_seeds(seeds_dir: Path) -> None:
    records = json_sources(run("sources", "--format", "json", seeds_dir))
    assert len(records) == 5
    assert records[SEED_001]["title"] == TITLE_001
    assert records[SEED_001]["publisher"] == "The Astana Times"
    assert records["002_da26103f31216549"]["date"] == "2024-07-10"
    assert records[SEED_004]["date"] == "2025-02-21"
    assert records[SEED_004]["url"] == "https://www.gov.kz/memleket/entities/mfa/press/news/details/941854"
    assert records[SEED_004]["publisher"] == "gov.kz"
    dates = {(r["date"], r["date_basis"]) for r in records.values()}
    assert dates == {
        ("2024-07-02", "text"),
        (None, "none"),
        ("2024-07-10", "dateline"),
        ("2023-07-05", "text"),
        ("2025-02-21", "dateline"),
    }


def test_sources_json_record_keys(seeds_dir: Path) -> None:
    record = json_sources(run("sources", "--format", "json", seeds_dir))[SEED_004]
    assert {"id", "path", "title", "date", "date_basis", "publisher", "url", "sha256"} <= record.keys()
    assert record["path"] == str(seeds_dir / f"{SEED_004}.txt")


def test_sources_json_boilerplate_spans_index_the_text(seeds_dir: Path) -> None:
    record = json_sources(run("sources", "--format", "json", seeds_dir))[SEED_004]
    text = (seeds_dir / f"{SEED_004}.txt").read_text(encoding="utf-8")
    spans = [text[span["start"] : span["end"]] for span in record["boilerplate"]]
    assert "Source : https://www.gov.kz/memleket/entities/mfa/press/news/details/941854" in spans


def test_sources_table_lists_ids_and_titles(seeds_dir: Path) -> None:
    result = run("sources", seeds_dir)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("5 sources")
    assert table_column(result.stdout, "id") == sorted(path.stem for path in seeds_dir.glob("*.txt"))
    titles = table_column(result.stdout, "title")
    assert titles[1] == TITLE_001
    assert titles[4] == (
        "Kazakhstan strengthens global cooperation: main achievements of foreign policy in 2024"
    )


def test_sources_default_path_is_seeds_in_the_working_folder(
    tmp_path: Path, make_source, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_source(tmp_path, "seeds/here.txt", "Found in ./seeds\nThe body.\n")
    monkeypatch.chdir(tmp_path)
    records = json_sources(run("sources", "--format", "json"))
    assert list(records) == ["here"]
    assert records["here"]["path"] == str(Path("seeds", "here.txt"))


def test_sources_without_seeds_in_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert_one_error_line(run("sources"), "no sources here", "`briefgen build PATH`", "`briefgen init`")


def test_encoding_option(tmp_path: Path, make_source) -> None:
    make_source(tmp_path, "a.txt", "Café in Astana\nThe body.\n".encode("latin-1"))
    records = json_sources(run("sources", "--format", "json", "--encoding", "latin-1", tmp_path))
    assert records["a"]["title"] == "Café in Astana"


def test_blank_file_is_skipped_with_a_warning(tmp_path: Path, make_source) -> None:
    blank = make_source(tmp_path, "blank.txt", "  \n")
    make_source(tmp_path, "real.txt", "A title\n")
    result = run("sources", "--format", "json", tmp_path)
    assert list(json_sources(result)) == ["real"]
    assert result.stderr == f"briefgen: warning: {blank}: skipped, the file is empty or only white space\n"


# --- bad input: exit 2, one line naming the file ---------------------------


def test_missing_path(tmp_path: Path) -> None:
    assert_one_error_line(run("sources", tmp_path / "nowhere"), f"{tmp_path / 'nowhere'}: no such file")


def test_empty_folder(tmp_path: Path) -> None:
    assert_one_error_line(run("sources", tmp_path), f"{tmp_path}: folder is empty")


def test_folder_without_sources(tmp_path: Path, make_source) -> None:
    make_source(tmp_path, "report.xlsx", b"PK")
    assert_one_error_line(run("sources", tmp_path), f"{tmp_path}: no sources in this folder", ".xlsx")


def test_file_that_is_not_utf8(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "latin.txt", b"A title\nCaf\xe9\n")
    assert_one_error_line(
        run("sources", "--encoding", "ascii", tmp_path),
        f"{path}:2: not valid ascii at byte 11",
        "--encoding",
        "latin.toml",
    )


def test_binary_file(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "image.txt", b"GIF89a\0\0")
    assert_one_error_line(run("sources", tmp_path), f"{path}: looks like a binary file")


def test_blank_file_alone(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "blank.txt", "\n\n")
    assert_one_error_line(run("sources", path), f"{path}: no source has any text")


@pytest.mark.parametrize(("limit", "size"), [("1KB", 1025), ("2k", 2049), ("100", 101)])
def test_max_size_refuses_a_larger_file(tmp_path: Path, make_source, limit: str, size: int) -> None:
    path = make_source(tmp_path, "a.txt", "x" * size)
    assert_one_error_line(run("sources", "--max-size", limit, path), f"{path}: {size:,} bytes is over")


def test_max_size_accepts_a_file_at_the_limit(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "a.txt", "x" * 1024)
    assert run("sources", "--max-size", "1KB", path).exit_code == 0


def test_max_size_that_is_not_a_size() -> None:
    result = run("sources", "--max-size", "lots")
    assert result.exit_code == 2
    assert "'lots' is not a size" in result.stderr


def test_malformed_sidecar(tmp_path: Path, make_source) -> None:
    make_source(tmp_path, "a.txt", "A title\n")
    sidecar = make_source(tmp_path, "a.toml", 'title = "unclosed\n')
    assert_one_error_line(run("sources", tmp_path), f"{sidecar}:1:", "malformed TOML")


def test_sidecar_problems_are_one_line_each(tmp_path: Path, make_source) -> None:
    make_source(tmp_path, "a.txt", "A title\n")
    sidecar = make_source(tmp_path, "a.toml", 'author = "x"\npublisher = 1\n')
    result = run("sources", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"briefgen: error: {sidecar}:1: author: unknown key (expected one of: title, date, publisher, kind, url, encoding, retrieved)",
        f"briefgen: error: {sidecar}:2: publisher: must be a non-empty string, not 1",
    ]


def test_unknown_encoding_option(seeds_dir: Path) -> None:
    assert_one_error_line(run("sources", "--encoding", "klingon", seeds_dir), "unknown encoding 'klingon'")


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_raises_the_error_instead(tmp_path: Path, where: str) -> None:
    options = {"before": ["--debug", "sources"], "after": ["sources", "--debug"]}[where]
    result = CliRunner().invoke(main, [*options, str(tmp_path)])
    assert result.exit_code == 1
    assert type(result.exception).__name__ == "InputError"


# --- a real process ------------------------------------------------------------


def test_process_version() -> None:
    completed = run_process("--version")
    assert (completed.returncode, completed.stdout) == (0, f"briefgen, version {__version__}\n")


def test_process_sources_json_from_the_repository_root(seeds_dir: Path) -> None:
    completed = run_process("sources", "--format", "json", cwd=seeds_dir.parent)
    assert completed.returncode == 0, completed.stderr
    records = {record["id"]: record for record in json.loads(completed.stdout)["sources"]}
    assert records[SEED_004]["date"] == "2025-02-21"
    assert records[SEED_001]["publisher"] == "The Astana Times"
    assert completed.stderr == ""


def test_process_error_is_one_line_without_traceback(tmp_path: Path, make_source) -> None:
    path = make_source(tmp_path, "latin.txt", b"Caf\xe9\n")
    completed = run_process("sources", "--encoding", "ascii", path)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "Traceback" not in completed.stderr
    assert completed.stderr.splitlines() == [
        f"briefgen: error: {path}:1: not valid ascii at byte 3; pass --encoding (for example --encoding "
        'cp1252) or set encoding = "..." in latin.toml'
    ]


def test_process_debug_shows_the_traceback(tmp_path: Path) -> None:
    completed = run_process("--debug", "sources", tmp_path)
    assert completed.returncode == 1
    assert "Traceback (most recent call last)" in completed.stderr
    assert f"InputError: {tmp_path}: folder is empty" in completed.stderr


def test_sources_table_says_how_each_date_was_found(seeds_dir: Path) -> None:
    result = run("sources", seeds_dir)
    assert table_column(result.stdout, "date") == [
        "2024-07-02",
        "—",
        "2024-07-10",
        "2023-07-05",
        "2025-02-21",
    ]
    assert table_column(result.stdout, "basis") == ["text", "none", "dateline", "text", "dateline"]
