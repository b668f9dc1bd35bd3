"""`briefgen doctor`: what the PDF stack needs, found without importing WeasyPrint, and the
package that installs what is missing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from briefgen.cli import main
from briefgen.render import system


def without(monkeypatch: pytest.MonkeyPatch, *hidden: str) -> None:
    real = system.find_library
    monkeypatch.setattr(system, "find_library", lambda name: None if name in hidden else real(name))


def test_without_pango_doctor_names_the_package_to_install_and_exits_2(monkeypatch):
    without(monkeypatch, "pango-1.0")
    drawn: list[str] = []
    monkeypatch.setattr(system, "trial_render", lambda: drawn.append("drawn") or (True, ""))
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 2
    assert result.stderr == (
        "briefgen: error: Pango is missing (WeasyPrint lays out the PDF packs with it): "
        "apt-get install libpango-1.0-0 libpangoft2-1.0-0 (Debian, Ubuntu) or brew install pango (macOS)\n"
    )
    assert any(line.startswith("MISSING  Pango ") for line in result.stdout.splitlines())
    assert drawn == [], "no test page is drawn without the libraries it needs"


def test_a_missing_optional_part_is_said_but_does_not_fail(monkeypatch):
    without(monkeypatch, "harfbuzz-subset")
    monkeypatch.setattr(system.shutil, "which", lambda name: None)
    monkeypatch.setattr(system, "trial_render", lambda: (True, "WeasyPrint drew a test page in 0.1 s"))
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(
        line.startswith("missing  HarfBuzz subsetter ") and "libharfbuzz-subset0" in line for line in lines
    )
    assert any(
        line.startswith("missing  LibreOffice ") and "libreoffice-writer-nogui" in line for line in lines
    )
    assert (
        lines[-1] == "ok: WeasyPrint drew a test page in 0.1 s; `briefgen build` can write PDF and Word packs"
    )


def test_a_page_weasyprint_cannot_draw_is_exit_2():
    def broken() -> bytes:
        raise OSError("cannot load library 'libgobject-2.0-0'")

    assert system.trial_render(broken) == (
        False,
        "WeasyPrint could not draw a test page: OSError: cannot load library 'libgobject-2.0-0'",
    )


def test_on_this_machine_the_stack_draws_a_page():
    if not system.libraries("pango-1.0", "pangoft2-1.0"):
        pytest.skip("Pango is not installed here")
    drawn, how = system.trial_render()
    assert drawn, how
