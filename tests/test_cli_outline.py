"""The composition commands end to end: audiences, outline, explain, extract."""

from __future__ import annotations

import json

from click.testing import CliRunner

from briefgen.cli import main
from tests.conftest import SEEDS


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_audiences_lists_shipped_and_user_profiles(tmp_path):
    (tmp_path / "audiences").mkdir()
    (tmp_path / "audiences" / "board.toml").write_text(
        'title = "Board note"\ndescription = "Economy for the board."\nreader = "Board"\n'
        'sections = ["economy"]\nkinds = ["facts"]\n'
    )
    result = invoke("audiences", "--templates", str(tmp_path))
    assert result.exit_code == 0, result.output
    for name in ("board", "diplomatic", "executive", "investor", "press"):
        assert name in result.output
    assert "Economy for the board." in result.output


def test_a_user_profile_works_end_to_end(tmp_path):
    (tmp_path / "audiences").mkdir()
    (tmp_path / "audiences" / "board.toml").write_text(
        'title = "Board note"\ndescription = "Economy for the board."\nsections = ["economy"]\nkinds = ["facts"]\n'
    )
    outline = invoke(
        "outline", str(SEEDS), "--templates", str(tmp_path), "--audience", "board", "--format", "json"
    )
    assert outline.exit_code == 0, outline.output
    brief = json.loads(outline.stdout)
    assert [s["name"] for s in brief["sections"]] == ["economy"]
    out = tmp_path / "out"
    built = invoke(
        "build",
        str(SEEDS),
        "--templates",
        str(tmp_path),
        "--audience",
        "board",
        "--format",
        "html",
        "--out",
        str(out),
    )
    assert built.exit_code == 0, built.output
    assert '<p class="subtitle"><strong>Board note</strong></p>' in (out / "board.html").read_text()


def test_outline_text_shows_sections_in_profile_order_with_reasons():
    result = invoke("outline", str(SEEDS), "--audience", "diplomatic")
    assert result.exit_code == 0, result.output
    security, expansion = result.output.index("\nSecurity\n"), result.output.index("\nExpansion\n")
    assert security < expansion
    assert "section terms" in result.output
    assert "Sources disagree" in result.output


def test_outline_of_an_unknown_audience_exits_2():
    result = invoke("outline", str(SEEDS), "--audience", "cabinet")
    assert result.exit_code == 2
    assert "unknown audience 'cabinet'" in result.stderr


def test_explain_names_the_matched_terms():
    extracted = json.loads(invoke("extract", str(SEEDS), "--format", "json").output)
    fact = next(f for f in extracted["facts"] if "2.76 million tons" in f["text"])
    result = invoke("explain", fact["id"], str(SEEDS))
    assert result.exit_code == 0, result.output
    assert "section: economy" in result.output
    assert "cargo" in result.output


def test_explain_shows_a_quotes_speaker_and_its_basis():
    extracted = json.loads(invoke("extract", str(SEEDS), "--format", "json").output)
    quote = next(q for q in extracted["quotes"] if q["speaker"] and q["speaker_basis"] == "verb")
    result = invoke("explain", quote["id"], str(SEEDS))
    assert result.exit_code == 0, result.output
    assert f"  speaker: {quote['speaker']} (basis: verb)" in result.output.splitlines()


def test_extract_json_follows_the_contract():
    data = json.loads(invoke("extract", str(SEEDS), "--format", "json").output)
    assert set(data) == {"sources", "quotes", "facts", "acronyms", "people", "conflicts"}
    texts = {s["id"]: (SEEDS / f"{s['id']}.txt").read_text(encoding="utf-8") for s in data["sources"]}
    for quote in data["quotes"]:
        assert texts[quote["source"]][quote["start"] : quote["end"]] == quote["text"]
        assert set(quote) == {
            "id",
            "text",
            "speaker",
            "speaker_role",
            "speaker_basis",
            "partial",
            "source",
            "start",
            "end",
            "section",
            "about",
            "about_basis",
            "insertions",
            "unresolved",
        }
    for item in [*data["quotes"], *data["facts"]]:
        source = texts[item["source"]]
        for insertion in item["insertions"]:
            assert item["start"] <= insertion["start"] < insertion["end"] <= item["end"]
            if insertion["kind"] == "antecedent":
                assert (
                    source[insertion["antecedent_start"] : insertion["antecedent_end"]] == insertion["text"]
                )
    for fact in data["facts"]:
        assert texts[fact["source"]][fact["start"] : fact["end"]] == fact["text"]
        for figure in fact["figures"]:
            assert texts[fact["source"]][figure["start"] : figure["end"]] == figure["text"]
    assert {(c["measure"], c["kind"]) for c in data["conflicts"]} == {
        ("events (SCO)", "change"),
        ("member states (SCO)", "change"),
        ("date of the summit (SCO)", "disagreement"),
    }


def test_extract_table_shows_one_kind():
    result = invoke("extract", str(SEEDS), "--format", "table", "--kind", "acronyms")
    assert result.exit_code == 0
    assert "Shanghai Cooperation Organization" in result.output


def test_the_press_outline_lists_its_quotable_lines_with_their_speakers():
    outline = invoke("outline", str(SEEDS), "--audience", "press", "--format", "json")
    assert outline.exit_code == 0, outline.output
    lines = json.loads(outline.stdout)["quotable_lines"]
    assert lines and all(line["speaker"] and not line["text"].endswith(",") for line in lines)
    text = invoke("outline", str(SEEDS), "--audience", "press")
    assert "Quotable lines" in text.stdout and lines[0]["text"] in text.stdout
