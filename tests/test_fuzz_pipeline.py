"""Arbitrary text through the whole pipeline: extract -> compose -> HTML -> DOCX raises
nothing but the documented input errors, and every quote and fact shown is verbatim (a
misquote, CheckFailed, fails the test)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from briefgen.analysis import analyse
from briefgen.compose import compose_briefs
from briefgen.config import Theme
from briefgen.errors import InputError
from briefgen.render.docx import render_docx
from briefgen.render.html import render_html

NAMES = st.sampled_from(
    ["Jane Doe", "Minister Aliya Nurlanova", "he", "the spokesperson", "Petrov", "Ōta Kenji"]
)
FRAGMENTS = st.one_of(
    st.builds(lambda words, name: f"“{words},” said {name}.", st.text(min_size=1, max_size=40), NAMES),
    st.builds(lambda name, words: f'{name} said: "{words}"', NAMES, st.text(max_size=40)),
    st.builds(
        lambda n, noun: f"Officials counted {n} {noun} in 2024.",
        st.integers(0, 10**9),
        st.sampled_from(["ships", "events", "member states", "tons of grain"]),
    ),
    st.sampled_from(
        [
            "$1.5 billion",
            "more than 40%",
            "about 10,000 journalists",
            "the so-called ‘plan’",
            "(NATO)",
            "the North Atlantic Treaty Organization (NATO)",
            "until 2035",
            "July 4, 2024",
            "“",
            "”",
            "‘",
            "’",
            '"',
            "'",
            "\n",
            "\r\n",
            "\n\n",
            "\x07",
            "\x0b",
            "{{ 7*7 }}",
            "{% raw %}",
            "<script>x</script>",
            '<img src="file:///etc/passwd">',
            "е\u0301",
            "Қазақстан",
            "  ",
            "•",
            "I.",
            "Mr.",
            "U.S.",
        ]
    ),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
)
TEXTS = st.lists(FRAGMENTS, max_size=25).map(" ".join)


def run_pipeline(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "fuzz.txt").write_text(text, encoding="utf-8", newline="")
        try:
            analysis = analyse([Path(folder)])
            briefs = compose_briefs(analysis, Theme(), ["press", "diplomatic"], source_date_epoch="0")
        except InputError:
            return  # documented: empty text, a NUL byte, and the like
    document = analysis.catalog.documents[0]
    for item in (*analysis.catalog.quotes, *analysis.catalog.facts):
        assert document.text[item.start : item.end] == item.text
    for brief in briefs:
        for section in brief.sections:
            for item in (*section.facts, *section.quotes):
                citation = item.citations[0]
                assert document.text[citation.start : citation.end] == item.text
        html = render_html(brief, Theme())
    # The Word writer walks the same HTML vocabulary for every audience: one pack is enough.
    data, _ = render_docx(html, brief, Theme(), reference=None, epoch=0)
    assert data.startswith(b"PK")


@given(TEXTS)
def test_newsy_text_never_breaks_the_pipeline(text):
    run_pipeline(text)


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_unicode_never_breaks_the_pipeline(text):
    run_pipeline(text)
