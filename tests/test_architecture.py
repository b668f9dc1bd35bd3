"""The house rule, enforced: stages import only the ground floor and the stages before them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def lint_imports(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--config", str(config), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=False,
    )


def test_no_module_imports_against_the_pipeline_order():
    result = lint_imports(REPO_ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("importer", "imported"),
    [("briefgen.extract", "briefgen.compose"), ("briefgen.config", "briefgen.sources")],
)
def test_an_import_back_up_the_pipeline_breaks_the_contract(tmp_path, importer, imported):
    """The contract can fail: with two layers swapped, the real imports between them go
    against the order and must be reported."""
    config = (REPO_ROOT / "pyproject.toml").read_text()
    low, high = importer.split(".")[1], imported.split(".")[1]
    swapped = config.replace(f'"{low}",', '"@@LOW@@",').replace(f'"{high}",', f'"{low}",')
    swapped = swapped.replace('"@@LOW@@",', f'"{high}",')
    (tmp_path / "pyproject.toml").write_text(swapped)
    result = lint_imports(tmp_path / "pyproject.toml")
    assert result.returncode == 1
    assert "BROKEN" in result.stdout
