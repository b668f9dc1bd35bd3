"""The word lists: read from data files, comments and blank lines skipped, phrases kept whole."""

from __future__ import annotations

from pathlib import Path

from briefgen import lexicon
from briefgen.build import cache


def test_a_list_keeps_file_order_and_phrases_and_skips_comments():
    gap_words = lexicon.words("gap_words")
    assert gap_words[:2] == ("also", "later")
    assert "last week" in gap_words
    assert not any(word.startswith("#") for word in gap_words)


def test_a_table_pairs_keys_with_their_values():
    assert dict(lexicon.table("currency_words"))["u.s. dollars"] == "USD"
    assert dict(lexicon.table("irregular_verbs"))["say"] == "say says said saying"


def test_every_data_file_reads_without_blank_or_duplicate_entries():
    for path in sorted(lexicon.FOLDER.glob("*.txt")):
        entries = lexicon.words(path.stem)
        assert entries, path.name
        assert len(set(entries)) == len(entries), path.name


def test_editing_a_word_list_changes_the_extractor_fingerprint(tmp_path: Path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "honorifics.txt").write_text("mr\n", encoding="utf-8")
    before = cache.code_fingerprint(tmp_path)
    (tmp_path / "en" / "honorifics.txt").write_text("mr\nmrs\n", encoding="utf-8")
    assert cache.code_fingerprint(tmp_path) != before
    assert any(part.name == "lexicon" for part in cache.EXTRACTOR_PARTS)
