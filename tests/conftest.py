"""Fixtures shared by the test modules: the shipped seeds and small source files on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from briefgen import render
from briefgen.config import Theme
from briefgen.render import Pack, Written

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS = REPO_ROOT / "seeds"

MakeSource = Callable[..., Path]


@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich output without colour codes and at briefgen's own width, whatever the CI runner's
    environment (or a pytest-xdist worker's, which sets COLUMNS) asks for."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "CLICOLOR_FORCE", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")


STUB_PDF = b"%PDF-1.7\n% briefgen test stub: the pack's HTML follows\n"
STUB_DOCX = b"PK\x03\x04 briefgen test stub: the pack's HTML follows\n"


def _stub(prefix: bytes) -> Callable[[Pack], Written]:
    def write(pack: Pack) -> Written:
        return Written(prefix + pack.html.encode("utf-8"))

    return write


def _one_page(html: str, theme: Theme, brief: object) -> int:
    return 1


def _no_heights(html: str, theme: Theme, brief: object) -> tuple[dict[str, float], float]:
    return {}, 1.0


@pytest.fixture
def stub_writers(monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests of orchestration (lock, manifest, cache, preview): PDF and DOCX writers that
    return the pack's HTML behind a stub header, and packs of one page, so that WeasyPrint
    and python-docx never start. The HTML, and so every digest, is the real one."""
    monkeypatch.setitem(render.WRITERS, "pdf", _stub(STUB_PDF))
    monkeypatch.setitem(render.WRITERS, "docx", _stub(STUB_DOCX))
    monkeypatch.setitem(render.PAGE_COUNTERS, "pdf", _one_page)
    monkeypatch.setitem(render.BLOCK_HEIGHTS, "pdf", _no_heights)


@pytest.fixture(scope="session")
def seed_packs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four seed packs as PDF and DOCX, built once per session (per test worker) into a
    folder of their own, with the seeds' settings as the command line finds them."""
    from briefgen.build import BuildRequest, build

    out = tmp_path_factory.mktemp("seed-packs")
    build(
        BuildRequest(
            sources=(SEEDS,),
            out=out,
            source_date_epoch="1735689600",
            settings_path=REPO_ROOT / "briefgen.toml",
            state=tmp_path_factory.mktemp("seed-packs-state"),
        )
    )
    return out


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
