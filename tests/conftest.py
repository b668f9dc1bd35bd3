"""Fixtures shared by the test modules: the shipped seeds and small source files on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS = REPO_ROOT / "seeds"

MakeSource = Callable[..., Path]


@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich output without colour codes, whatever the CI runner's environment asks for."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")


@pytest.fixture
def seeds_dir() -> Path:
    """The source texts shipped in the repository."""
    assert SEEDS.is_dir(), f"{SEEDS} is missing"
    return SEEDS


def write_source(folder: Path, name: str, content: bytes | str) -> Path:
    """Write folder/name; a str is written as UTF-8 with its newlines untouched (CRLF stays CRLF)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.fixture
def make_source() -> MakeSource:
    """`make_source(tmp_path, name, content)` writes one source file and returns its path."""
    return write_source


# Property tests: modest example counts in CI, more with `--hypothesis-profile long`.
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci")
