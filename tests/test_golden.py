"""Golden files for the seeds: the four HTML packs and `extract --format json` (the bytes
the command prints), compared without WeasyPrint, so that a change to extraction,
composition or the templates shows up as a reviewable diff in tests/golden/.

After a deliberate change, regenerate them and review the diff:

    .venv/bin/python -m pytest tests/test_golden.py --force-regen
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefgen.analysis import analyse
from briefgen.compose import compose_briefs
from briefgen.config import Theme
from briefgen.render.html import render_html
from briefgen.serialize import catalog_record
from tests.conftest import REPO_ROOT

GOLDEN = REPO_ROOT / "tests" / "golden"
AUDIENCES = ("diplomatic", "executive", "investor", "press")


@pytest.fixture(scope="module")
def analysis():
    """Read as `briefgen extract seeds` reads them from the repository root, so that the
    paths in the JSON are the same on every machine."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO_ROOT)
        return analyse([Path("seeds")])


def test_extract_json_of_the_seeds(analysis, file_regression):
    text = json.dumps(catalog_record(analysis), ensure_ascii=False, indent=2) + "\n"
    file_regression.check(text, fullpath=GOLDEN / "extract.json")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_html_pack_of_the_seeds(analysis, audience, file_regression):
    """The fullest version of each pack (before any trimming to a page budget, which needs
    the laid-out PDF)."""
    (brief,) = compose_briefs(analysis, Theme(), [audience])
    file_regression.check(render_html(brief, Theme()), fullpath=GOLDEN / f"{audience}.html")
