"""How a source gets its date, and how it says how: sidecar, front matter, dateline, text, none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefgen.clock import epoch_of, pack_date, undated_warnings
from briefgen.sources import load_corpus
from briefgen.sources.dates import date_of, relative_date, text_date, writing_year


def basis(text: str) -> tuple[dt.date | None, str | None]:
    dated = date_of(text)
    return (dated.date, dated.basis) if dated else (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "---\ntitle: Talks\ndate: 2024-03-05\n---\nThe talks began.\n",
            (dt.date(2024, 3, 5), "front matter"),
        ),
        ("Talks resume\nLONDON, 5 March 2024\nThe talks began.\n", (dt.date(2024, 3, 5), "dateline")),
        (
            "Talks resume\nThe talks began. Published on March 5, 2024 by the desk.\n",
            (dt.date(2024, 3, 5), "text"),
        ),
        (
            "Talks resume\nThe vote is set for the hearing on May 9. In 2023 the same hearing stalled."
            " Members meet before the hearing tomorrow.\n",
            (dt.date(2023, 5, 8), "text"),
        ),
        (
            "Talks resume\nThe ferry sank on 12 April 2019. Its owner was fined later.\n",
            (dt.date(2019, 4, 12), "text"),
        ),
        ("Talks resume\nThe talks began in spring and are to finish by 2030.\n", (None, None)),
    ],
    ids=["front-matter", "dateline", "published-in-body", "tomorrow", "first-full-date", "no-date"],
)
def test_date_and_its_basis(text: str, expected: tuple[dt.date | None, str | None]) -> None:
    assert basis(text) == expected


def test_a_dateline_wins_over_a_date_in_the_body() -> None:
    assert basis("A title\nPosted on 1 June 2024\nThe fair opened on 3 May 2021.\n") == (
        dt.date(2024, 6, 1),
        "dateline",
    )


def test_tomorrow_takes_the_year_of_its_anchor_when_it_has_one() -> None:
    assert relative_date(
        "The vote comes at the session on June 4, 2022. We expect the session tomorrow."
    ) == dt.date(2022, 6, 3)


def test_yesterday_is_the_day_after_the_event() -> None:
    assert relative_date(
        "In 2021 the rally on March 2 drew crowds; the rally yesterday was calm."
    ) == dt.date(2021, 3, 3)


def test_tomorrow_needs_the_same_event_on_a_named_day() -> None:
    assert relative_date("In 2021 the rally on March 2 drew crowds; the vote tomorrow decides.") is None


def test_writing_year_skips_targets_and_span_ends() -> None:
    assert writing_year("Output rose in 2022 and should double by 2030 under the 2023-2027 plan.") == 2023


def test_text_date_without_any_date_is_none() -> None:
    assert text_date("Nothing here says when.") is None


def test_sidecar_date_has_sidecar_basis(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A title\nLONDON, 5 March 2024\nBody.\n", encoding="utf-8")
    (tmp_path / "a.toml").write_text('date = "2024-03-09"\n', encoding="utf-8")
    (document,) = load_corpus([tmp_path]).documents
    assert (document.date, document.date_basis) == (dt.date(2024, 3, 9), "sidecar")


def test_an_undated_corpus_has_no_pack_date_and_one_warning_per_source(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text("A title\nThe body says nothing of when.\n", encoding="utf-8")
    documents = load_corpus([tmp_path]).documents
    assert [d.date_basis for d in documents] == ["none", "none"]
    assert pack_date(documents, None) is None
    assert epoch_of(None, None) == 0
    warnings = undated_warnings(documents)
    assert [w.split(":")[0] for w in warnings] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert all("no date found" in w for w in warnings)
