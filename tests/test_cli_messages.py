"""What the command line says: whole summaries and ids, and why an item is where it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import main


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def test_help_shows_every_commands_summary_whole():
    result = invoke("--help")
    assert result.exit_code == 0
    commands = result.output.split("Commands:\n", 1)[1].splitlines()
    for name, command in main.commands.items():
        (line,) = (line for line in commands if line.split()[:1] == [name])
        assert line.split(None, 1)[1] == command.short_help, line
        assert not line.endswith("..."), line
    assert "Show why an item landed in its section." in result.output


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    """One fact per file, each sent to its section by another rule of sections.toml."""
    for stem, sentence in {
        "river": "The ministry counted 12 river surveys in 2024.",
        "port": "The port moved 40 tons of cargo past the tourism office in 2024.",
        "council": "The council met 7 times in 2024.",
        "growth": "Growth reached 3 percent in 2024.",
    }.items():
        (tmp_path / f"{stem}.txt").write_text(f"Notes\n{sentence}\n", encoding="utf-8")
    return tmp_path


def test_explain_names_the_rule_that_chose_the_section_and_the_terms_behind_each_score(notes):
    outputs = {
        stem: invoke("explain", f"{stem}#f1", str(notes)).output.splitlines()[2:]
        for stem in ("river", "port", "council", "growth")
    }
    assert all(any(line.startswith("  entity: ") for line in output) for output in outputs.values())
    lines = {
        stem: [line for line in output if not line.startswith("  entity: ")]
        for stem, output in outputs.items()
    }
    assert lines["river"] == [
        "  section: ecology — the only section whose terms appear, scoring 3",
        "  ecology 3: river*",
    ]
    assert lines["port"] == [
        "  section: overview — mixed: culture scores 3, at least 0.5 of economy's 5 (sections.toml: mixed_ratio)",
        "  economy 5: cargo, tons",
        "  culture 3: tourism",
    ]
    assert lines["council"] == ["  section: overview — no term of sections.toml appears in it"]
    assert lines["growth"] == [
        "  section: overview — its best section, economy, scores 1, below the threshold of 2 (sections.toml: threshold)",
        "  economy 1: growth",
    ]


def test_explain_says_why_an_item_is_cited_to_several_sources(tmp_path):
    for name, text in {
        "a": "The WHO fund paid out 40 grants.",
        "b": "Auditors confirmed the WHO fund paid out 40 grants.",
    }.items():
        (tmp_path / f"{name}.txt").write_text(f"Grants\n{text}\n", encoding="utf-8")
    head = invoke("explain", "a#f1", str(tmp_path)).output.splitlines()
    assert head[-2:] == [
        "  cited to 2 sources: each item merged into it states the same value of the same measure",
        "  merged: b#f1: states '40 grants', grants (WHO), as a#f1 does",
    ]
    merged = invoke("explain", "b#f1", str(tmp_path)).output.splitlines()
    assert merged[-1] == "  merged into a#f1, which carries its citation (explain that item)"


def test_the_extract_table_leads_each_row_with_the_id_explain_takes(notes):
    result = invoke("extract", str(notes), "--format", "table", "--kind", "facts")
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if "text" in line)
    assert header.split()[0] == "id"
    rows = [line.split()[0] for line in result.output.splitlines() if "#f" in line]
    assert sorted(rows) == ["council#f1", "growth#f1", "port#f1", "river#f1"]
    assert invoke("explain", rows[0], str(notes)).exit_code == 0


@pytest.mark.parametrize("columns", [None, "200"])
def test_source_ids_are_never_cut(tmp_path, columns):
    stem = "2024-10-01_regional-ferry-service-annual-report_final-version"
    (tmp_path / f"{stem}.txt").write_text("Ferry report\nThe ferry carried 900 people in 2024.\n")
    result = invoke("sources", str(tmp_path), env={"COLUMNS": columns} if columns else None)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "Ferry report" in line)
    assert row.split()[0] == stem
    if columns:
        assert max(map(len, result.output.splitlines())) <= 200
