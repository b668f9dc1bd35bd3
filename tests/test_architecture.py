"""The house rule, enforced: stages import only the ground floor and the stages before them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def lint_imports(config: Path, cwd: Path = REPO_ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--config", str(config), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **env},
        check=False,
    )


def test_no_module_imports_against_the_pipeline_order():
    result = lint_imports(REPO_ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


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


def test_a_circle_between_two_modules_of_a_stage_breaks_the_contract(tmp_path):
    """The acyclic contract as configured, applied to a package with a circle in it."""
    package = tmp_path / "stage"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from stage import b\n")
    (package / "b.py").write_text("from stage import a\n")
    config = (REPO_ROOT / "pyproject.toml").read_text()
    start = config.index('[[tool.importlinter.contracts]]\nname = "no import circles inside a stage"')
    contract = config[start:].split("\n\n", 1)[0].replace('["briefgen"]', '["stage"]')
    (tmp_path / "pyproject.toml").write_text(f'[tool.importlinter]\nroot_package = "stage"\n\n{contract}\n')
    result = lint_imports(tmp_path / "pyproject.toml", cwd=tmp_path, PYTHONPATH=str(tmp_path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
