"""The shared vocabulary is checked when the HTML is rendered, so a template that the DOCX
could not follow fails a PDF-only or HTML-only build too."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.analysis import analyse
from briefgen.cli import main
from briefgen.compose import compose_briefs
from briefgen.config import Settings, Theme
from briefgen.errors import CheckFailed
from briefgen.render.html import render_html

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ECONOMY = (ROOT / "templates/sections/economy.html").read_text(encoding="utf-8")


def overlay(tmp_path: Path, block: str) -> Path:
    folder = tmp_path / "theme"
    (folder / "sections").mkdir(parents=True)
    text = ECONOMY.replace("{% block after %}", "{% block after %}\n" + block, 1)
    (folder / "sections/economy.html").write_text(text, encoding="utf-8")
    return folder


def test_an_html_only_build_with_a_div_exits_1_naming_the_template_and_element(tmp_path):
    theme = overlay(tmp_path, '<div class="note">Aside.</div>')
    args = [
        "build",
        str(SEEDS),
        "--templates",
        str(theme),
        "--format",
        "html",
        "--out",
        str(tmp_path / "out"),
    ]
    result = CliRunner().invoke(main, [*args, "-j", "1"])
    assert result.exit_code == 1, result.output
    assert "section#section-economy (sections/economy.html)" in result.stderr
    assert '<div class="note"> is not in the semantic HTML vocabulary' in result.stderr
    assert not list((tmp_path / "out").glob("*.html"))


def test_an_attribute_outside_the_vocabulary_fails_when_the_html_is_rendered(tmp_path):
    analysis = analyse([SEEDS])
    brief = compose_briefs(analysis, Theme(), settings=Settings(), source_date_epoch="0")[0]
    theme = Theme.with_overlay(overlay(tmp_path, '<p style="color: red">Red.</p>'))
    with pytest.raises(CheckFailed, match=r"sections/economy\.html.*attribute style= on <p>"):
        render_html(brief, theme)
