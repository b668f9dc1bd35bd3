"""The Word side of a theme as data: docx/styles.toml and docx/classes.toml merge over the
shipped ones key by key, and every problem in them is reported at once with file and line."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from briefgen.analysis import analyse
from briefgen.compose import compose_briefs
from briefgen.config import Settings, Theme
from briefgen.errors import ConfigError
from briefgen.render.docx import render_docx
from briefgen.render.docx.theme import load_docx_theme
from briefgen.render.html import render_html

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EPOCH = 1740096000


@pytest.fixture(scope="module")
def brief():
    analysis = analyse([SEEDS])
    found = compose_briefs(analysis, Theme(), settings=Settings(), source_date_epoch=str(EPOCH))
    return next(b for b in found if b.audience == "diplomatic")


def overlay(tmp_path: Path, files: dict[str, str]) -> Theme:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return Theme.with_overlay(tmp_path)


def test_the_shipped_theme_loads():
    word = load_docx_theme(Theme())
    names = [spec.name for spec in word.styles.styles]
    assert names.index("Body Text") < names.index("Compact") < names.index("Key Figure")
    assert word.style_map.classes["key-figure"] == "Key Figure"
    assert word.style_map.headings == {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2"}


def test_a_user_styles_file_restyles_one_setting_and_keeps_the_rest(brief, tmp_path):
    theme = overlay(
        tmp_path,
        {
            "docx/styles.toml": '[colors]\nink = "112233"\n\n[styles."Body Text".paragraph]\nalign = "left"\n'
            '\n[styles.Callout]\nbased_on = "My Base"\nrun = { size = 12 }\n'
            '\n[styles."My Base"]\nbased_on = "Body Text"\nrun = { italic = true }\n',
        },
    )
    data, _ = render_docx(render_html(brief, theme), brief, theme, reference=None, epoch=EPOCH)
    styles = docx.Document(io.BytesIO(data)).styles
    body = styles["Body Text"]
    assert body.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert body.paragraph_format.space_after == Pt(6)  # after = 120 twips, from the shipped file
    assert str(styles["Key Figure"].font.color.rgb) == "112233"  # a named colour, redefined
    assert styles["Callout"].base_style.name == "My Base"  # based on a style defined after it
    assert styles["My Base"].base_style.name == "Body Text"


def test_the_theme_is_read_once_and_again_when_a_file_changes(tmp_path):
    """Each pack of a build shares one reading; an edited file (as `serve` sees) is read anew."""
    theme = overlay(tmp_path, {"docx/classes.toml": '[classes]\nkey-figure = "Body Text"\n'})
    first = load_docx_theme(theme)
    assert load_docx_theme(theme) is first
    (tmp_path / "docx/classes.toml").write_text('[classes]\nkey-figure = "Title"\n', encoding="utf-8")
    assert load_docx_theme(theme).style_map.classes["key-figure"] == "Title"
    (tmp_path / "docx/classes.toml").write_text('[headings]\nh4 = "Heading 3"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="h4"):
        load_docx_theme(theme)


def test_every_problem_is_reported_with_file_line_and_key(tmp_path):
    theme = overlay(
        tmp_path,
        {
            "docx/styles.toml": '[styles."Body Text"]\nparagraph = { align = "justify", after = -1 }\n'
            'run = { color = "blue", bold = "yes" }\ncolour = "red"\n',
            "docx/classes.toml": '[headings]\nh4 = "Heading 3"\n\n[column_widths]\nterm = 1.5\n',
        },
    )
    with pytest.raises(ConfigError) as caught:
        load_docx_theme(theme)
    problems = caught.value.problems
    styles, classes = tmp_path / "docx/styles.toml", tmp_path / "docx/classes.toml"
    assert f'{styles}:2: styles."Body Text".paragraph.align: must be one of' in "\n".join(problems)
    assert any(p.startswith(f'{styles}:2: styles."Body Text".paragraph.after:') for p in problems)
    assert any(p.startswith(f'{styles}:3: styles."Body Text".run.color:') and "ink" in p for p in problems)
    assert any(
        p.startswith(f'{styles}:3: styles."Body Text".run.bold: must be true or false') for p in problems
    )
    assert any(p.startswith(f'{styles}:4: styles."Body Text".colour: unknown key') for p in problems)
    assert any(p.startswith(f"{classes}:2: headings.h4: unknown key") for p in problems)
    assert any(p.startswith(f"{classes}:5: column_widths.term:") for p in problems)
    assert len(problems) == 7


def test_a_class_mapped_to_a_missing_style_names_the_classes_file(brief, tmp_path):
    theme = overlay(tmp_path, {"docx/classes.toml": '[classes]\nfact = "No Such Style"\n'})
    with pytest.raises(ConfigError) as caught:
        render_docx(render_html(brief, theme), brief, theme, reference=None, epoch=EPOCH)
    assert str(caught.value).startswith(f"{tmp_path / 'docx/classes.toml'}:2: classes.fact: no style named")


ECONOMY = (Path(__file__).resolve().parent.parent / "templates/sections/economy.html").read_text()
MY_BOX = ECONOMY.replace("{% block after %}", '{% block after %}\n<p class="my-box">Boxed note.</p>', 1)


def paragraphs_with_text(data: bytes, text: str):
    return [p for p in docx.Document(io.BytesIO(data)).paragraphs if p.text == text]


def test_a_template_with_an_unmapped_class_builds_with_a_warning(brief, tmp_path):
    theme = overlay(tmp_path, {"sections/economy.html": MY_BOX})
    html = render_html(brief, theme)
    assert 'class="my-box"' in html
    data, warnings = render_docx(html, brief, theme, reference=None, epoch=EPOCH)
    assert warnings == [
        "brief.html / section#section-economy (sections/economy.html): class “my-box” on "
        '<p class="my-box"> is not in docx/classes.toml, so it is written as Body Text; '
        "add it to docx/classes.toml in the theme to choose its Word style"
    ]
    assert [p.style.name for p in paragraphs_with_text(data, "Boxed note.")] == ["Body Text"]


def test_a_class_mapped_in_the_users_classes_file_takes_that_style(brief, tmp_path):
    theme = overlay(
        tmp_path,
        {"sections/economy.html": MY_BOX, "docx/classes.toml": '[classes]\nmy-box = "Key Figure"\n'},
    )
    data, warnings = render_docx(render_html(brief, theme), brief, theme, reference=None, epoch=EPOCH)
    assert warnings == []
    assert [p.style.name for p in paragraphs_with_text(data, "Boxed note.")] == ["Key Figure"]
    document = docx.Document(io.BytesIO(data))
    assert any(p.style.name == "Body Text" for p in document.paragraphs)  # the shipped map still applies


def test_an_unmapped_class_on_an_element_no_class_styles_is_reported_too(brief, tmp_path):
    section = (Path(__file__).resolve().parent.parent / "templates/partials/section.html").read_text()
    theme = overlay(
        tmp_path, {"partials/section.html": section.replace('class="theme ', 'class="wide theme ', 1)}
    )
    _, warnings = render_docx(render_html(brief, theme), brief, theme, reference=None, epoch=EPOCH)
    assert warnings
    assert all(
        "class “wide” on <section" in w and "no effect on <section> in the DOCX" in w for w in warnings
    )


def test_a_broken_word_theme_fails_the_build_before_any_pack_is_laid_out(tmp_path, stub_writers, monkeypatch):
    from click.testing import CliRunner

    from briefgen import render
    from briefgen.cli import main

    laid_out: list[str] = []
    monkeypatch.setitem(render.PAGE_COUNTERS, "pdf", lambda html, theme, brief: laid_out.append(html) or 1)
    (tmp_path / "theme" / "docx").mkdir(parents=True)
    (tmp_path / "theme" / "docx" / "styles.toml").write_text('[styles.Title.run]\nsize = "huge"\n')
    result = CliRunner().invoke(
        main, ["build", str(SEEDS), "--templates", str(tmp_path / "theme"), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert f"{tmp_path / 'theme' / 'docx' / 'styles.toml'}:2: styles.Title.run.size" in result.stderr
    assert laid_out == []
    assert not (tmp_path / "out" / "press.pdf").exists()


def test_the_styles_are_built_once_per_theme_and_again_when_a_style_file_changes(brief, tmp_path):
    from briefgen.render.docx import BASES

    theme = overlay(tmp_path, {"docx/styles.toml": '[styles."Body Text".run]\nsize = 11\n'})
    html = render_html(brief, theme)
    BASES.clear()
    first, _ = render_docx(html, brief, theme, reference=None, epoch=EPOCH)
    again, _ = render_docx(html, brief, theme, reference=None, epoch=EPOCH)
    assert len(BASES) == 1 and again == first
    (tmp_path / "docx/styles.toml").write_text('[styles."Body Text".run]\nsize = 13\n', encoding="utf-8")
    edited, _ = render_docx(html, brief, theme, reference=None, epoch=EPOCH)
    assert len(BASES) == 2
    assert docx.Document(io.BytesIO(first)).styles["Body Text"].font.size == Pt(11)
    assert docx.Document(io.BytesIO(edited)).styles["Body Text"].font.size == Pt(13)
