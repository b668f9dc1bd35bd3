"""The pack's masthead: author, contact and disclaimer from the settings, and the
information cut-off date from the newest source, not from SOURCE_DATE_EPOCH."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefgen.analysis import analyse
from briefgen.compose import compose_briefs
from briefgen.config import Settings, Theme
from briefgen.config.settings import load_settings

SEEDS = Path(__file__).parents[1] / "seeds"


def test_settings_give_author_contact_and_disclaimer(tmp_path):
    path = tmp_path / "briefgen.toml"
    path.write_text(
        'author = "Desk of A. Writer"\ncontact = "press@example.org, +1 555 0100"\n'
        'disclaimer = "Not an official position."\n',
        encoding="utf-8",
    )
    settings = load_settings(path)
    assert (settings.author, settings.contact, settings.disclaimer) == (
        "Desk of A. Writer",
        "press@example.org, +1 555 0100",
        "Not an official position.",
    )


def test_the_cutoff_is_the_newest_sources_date_whatever_the_pack_date():
    settings = Settings(author="A. Writer", contact="desk@example.org", disclaimer="For background.")
    epoch = str(int(dt.datetime(2030, 1, 1, tzinfo=dt.UTC).timestamp()))
    (brief,) = compose_briefs(
        analyse([SEEDS]), Theme(), ["press"], settings=settings, source_date_epoch=epoch
    )
    assert brief.date == dt.date(2030, 1, 1)
    assert brief.cutoff == dt.date(2025, 2, 21)
    assert (brief.author, brief.contact, brief.disclaimer) == (
        "A. Writer",
        "desk@example.org",
        "For background.",
    )
