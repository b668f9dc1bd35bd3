"""What a build says: a summary instead of a line per current pack, which input made a pack
stale, and each audience's steps as they happen (rich on a terminal, plain lines elsewhere)."""

from __future__ import annotations

import io
import shutil
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from briefgen import console
from briefgen.build import BuildRequest, build
from briefgen.cli import main
from briefgen.serve import start
from tests.conftest import SEEDS


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stub_writers: None) -> Path:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


BUILD = ("build", "seeds", "--format", "pdf,docx", "-j", "1")


def test_a_build_with_nothing_to_do_says_so_in_one_line(project):
    first = invoke(*BUILD)
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[0] == "wrote reports/diplomatic.pdf (new)"
    assert first.stdout.splitlines()[-1] == "wrote 8 packs in reports/"
    again = invoke(*BUILD)
    assert again.stdout == "8 packs in reports/ are up to date (nothing to rebuild)\n"


def test_check_says_once_per_output_which_input_changed(project):
    assert invoke(*BUILD).exit_code == 0
    source = project / "seeds" / "003_dc08bbe889f63825.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nKazakhstan’s ports added 7 cranes in 2024.\n")
    (project / "reports" / "press.docx").unlink()
    result = invoke(*BUILD, "--check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 8
    assert "reports/press.pdf: stale — seeds/003_dc08bbe889f63825.txt changed" in lines
    assert "reports/press.docx: missing" in lines
    assert result.stderr == (
        "briefgen: error: 8 of 8 packs in reports/ are stale or missing: `briefgen build` rebuilds them\n"
    )
    rebuilt = invoke(*BUILD)
    assert rebuilt.stdout.splitlines() == [
        "wrote reports/investor.pdf — seeds/003_dc08bbe889f63825.txt changed",
        "wrote reports/investor.docx — seeds/003_dc08bbe889f63825.txt changed",
        "wrote reports/press.docx (new)",
        "wrote 3 of 8 packs in reports/; 5 were up to date",
    ], "the other packs' files stand: the new sentence is not in them"
    assert invoke(*BUILD, "--check").stdout == "8 packs in reports/ are up to date\n"


def test_check_names_added_sources_and_a_changed_file(project):
    assert invoke(*BUILD).exit_code == 0
    (project / "seeds" / "005_new.txt").write_text("Fleet\nThe navy bought 4 ships in 2024.\n")
    (project / "reports" / "investor.pdf").write_bytes(b"%PDF-1.7 edited by hand")
    lines = invoke(*BUILD, "--check").stdout.splitlines()
    assert "reports/press.pdf: stale — seeds/005_new.txt added" in lines
    assert "reports/investor.pdf: stale — the file differs from the one briefgen wrote" in lines


def steps_of(project: Path, jobs: int) -> list[str]:
    said: list[str] = []
    request = BuildRequest(sources=(project / "seeds",), out=project / "reports", jobs=jobs)
    build(request, progress=lambda step: said.append(f"{step} [{step.done}/{step.total}]"))
    return said


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_audience_says_what_it_is_doing_as_it_does_it(project, jobs):
    said = steps_of(project, jobs)
    assert said[0] == "extracted 5 sources (5 new, 0 cached) [0/8]"
    press = [line for line in said if line.startswith("press: ")]
    assert [line.rsplit(" [", 1)[0] for line in press] == [
        "press: laying out version 1 of 4",
        "press: writing PDF",
        "press: written press.pdf",
        "press: writing DOCX",
        "press: written press.docx",
    ]
    assert said[-1].endswith("[8/8]") and len([s for s in said if " written " in s]) == 8


def test_ci_and_pipes_get_a_plain_line_per_step(project, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = invoke(*BUILD)
    assert "briefgen: press: laying out version 1 of 4\n" in result.stderr
    assert "briefgen: press: writing DOCX\n" in result.stderr
    assert "\x1b[" not in result.stderr


def test_a_terminal_gets_a_rich_bar_with_a_line_per_audience(project, monkeypatch):
    screen = io.StringIO()
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(console, "interactive", lambda: True)
    monkeypatch.setattr(
        console,
        "stderr",
        lambda: Console(file=screen, force_terminal=True, force_interactive=True, width=100),
    )
    request = BuildRequest(sources=(project / "seeds",), out=project / "reports", jobs=1)
    with console.build_progress() as progress:
        build(request, progress=progress)
    drawn = screen.getvalue()
    assert "press: laying out version 1 of 4" in drawn
    assert "investor: writing DOCX" in drawn
    assert "8/8" in drawn


def test_the_preview_prints_each_rebuild_and_takes_audience_and_format(project):
    said: list[str] = []

    def on_build(report, problem, seconds, out):
        said.append(console.summary(report, out) if report else problem)

    request = BuildRequest(
        sources=(project / "seeds",), out=project / "reports", audiences=("press",), formats=("pdf",)
    )
    server, _, shutdown = start(request, port=0, interval=0.2, on_build=on_build)
    try:
        assert said == [f"wrote 2 packs in {project / 'reports'}/"]
        assert sorted(p.name for p in (project / "reports").glob("*.*")) == [
            "manifest.json",
            "press.html",
            "press.pdf",
        ]
        base = f"http://127.0.0.1:{server.server_address[1]}"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/manifest.json", timeout=30)
        assert refused.value.code == 404
        source = project / "seeds" / "002_da26103f31216549.txt"
        source.write_text(
            source.read_text(encoding="utf-8") + "\nKazakhstan’s ports added 7 cranes in 2024.\n"
        )
        deadline = time.monotonic() + 60
        while len(said) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        shutdown()
    out = project / "reports"
    assert said[1] in {f"wrote 2 packs in {out}/", f"2 packs in {out}/ are up to date (nothing to rebuild)"}


def test_the_preview_prints_what_a_rebuild_wrote_and_why(project, capsys):
    request = BuildRequest(sources=(project / "seeds",), out=project / "reports", formats=("pdf",))
    report = build(request)
    console.print_rebuild(report, "", 1.25, project / "reports")
    lines = [line for line in capsys.readouterr().err.splitlines() if "warning" not in line]
    assert lines[0] == f"briefgen: wrote {project / 'reports' / 'diplomatic.pdf'} (new)"
    assert lines[-1] == f"briefgen: wrote 4 packs in {project / 'reports'}/ in 1.2 s"
    console.print_rebuild(None, "seeds/a.txt: cannot read", 0.5, project / "reports")
    assert (
        capsys.readouterr().err == "briefgen: error: rebuild failed after 0.5 s: seeds/a.txt: cannot read\n"
    )


@pytest.mark.parametrize("option", ["--audience", "--format", "--settings", "--subject"])
def test_serve_takes_the_options_build_takes(option):
    assert option in {opt for param in main.commands["serve"].params for opt in param.opts}


def test_strict_fails_on_a_layout_warning_made_now_or_recorded(project, monkeypatch):
    from briefgen import render

    def stranded(pack: render.Pack) -> render.Written:
        found = (
            ("page 2: the heading “Economy” is left at the foot of the page",)
            if pack.brief.audience == "press"
            else ()
        )
        return render.Written(b"%PDF-1.7 stub\n" + pack.html.encode(), found)

    assert invoke(*BUILD, "--strict", "--audience", "executive").exit_code == 0
    monkeypatch.setitem(render.WRITERS, "pdf", stranded)
    lenient = invoke(*BUILD)
    assert lenient.exit_code == 0, lenient.output
    assert (
        "briefgen: warning: press.pdf: page 2: the heading “Economy” is left at the foot of the page\n"
        in lenient.stderr
    )
    again = invoke(*BUILD, "--strict")  # nothing to rebuild: the warning is the manifest's
    assert again.exit_code == 1
    assert again.stderr.endswith("briefgen: error: 1 layout warning with --strict\n")


def test_only_warnings_that_name_a_page_are_layout_warnings():
    from briefgen.render import is_layout_warning, over_budget

    assert over_budget("executive", 3, 2) == "executive: page 3 runs over its budget of 2"
    assert over_budget("executive", 5, 2) == "executive: pages 3–5 run over its budget of 2"
    assert is_layout_warning(over_budget("executive", 5, 2))
    assert over_budget("executive", 3, 2, estimated=True) == (
        "executive: page 3 runs over its budget of 2 (estimated from the text: no PDF laid out)"
    )
    assert is_layout_warning("investor.pdf: page 7: the last page is 3% full")
    assert not is_layout_warning("seeds/001.txt: no date found")
    assert not is_layout_warning("press.docx: templates/brief.html:3: class “x” is not in docx/classes.toml")
