"""Build orchestration: skip what is current, rebuild what changed, never leave half a file."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from filelock import FileLock

from briefgen.build import BuildRequest, build, check
from briefgen.cli import main
from briefgen.errors import LockHeld
from briefgen.serve import start
from tests.conftest import REPO_ROOT, SEEDS


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stub_writers: None) -> Path:
    """A copy of the seeds in a folder of its own, so tests may edit them; the working
    folder too, so that library and command line read the same (absent) ./briefgen.toml.
    Packs are written by the stub writers: these tests are about orchestration."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def request_for(project: Path, **changes) -> BuildRequest:
    options = {"sources": (project / "seeds",), "out": project / "reports", "formats": ("pdf",), "jobs": 1}
    return BuildRequest(**{**options, **changes})


def statuses(report) -> dict[str, str]:
    return {outcome.path.name: outcome.status for outcome in report.outcomes}


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_a_no_op_rebuild_skips_everything_without_importing_weasyprint(project):
    build(request_for(project))
    probe = (
        "import sys; from briefgen.cli import main\n"
        "try:\n    main(['build', 'seeds', '--format', 'pdf', '-j', '1'])\n"
        "except SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print('loaded:', sorted(set(sys.argv[1:]) & sys.modules.keys()))"
    )
    # Nor what reads sources and makes packs of them: digesting the sources is all it needs.
    unneeded = (
        "weasyprint",
        "docx",
        "filelock",
        "briefgen.model",
        "briefgen.sources.metadata",
        "briefgen.render",
    )
    manifest = project / "reports" / "manifest.json"
    written = manifest.stat().st_mtime_ns
    result = subprocess.run(
        [sys.executable, "-c", probe, *unneeded], cwd=project, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "loaded: []" in result.stdout  # nor python-docx, nor the lock a writing build takes
    assert "4 packs in reports/ are up to date (nothing to rebuild)\n" in result.stdout
    assert manifest.stat().st_mtime_ns == written, "a build with nothing to do writes nothing"


def test_a_build_keeps_the_charts_it_draws_in_its_cache_folder(project, monkeypatch):
    from briefgen import render
    from briefgen.render import charts

    monkeypatch.setattr(charts, "DRAWN", {})  # drawn by an earlier test in this process
    monkeypatch.setattr(charts, "STORES", [])

    def drawing_writer(pack: render.Pack) -> render.Written:
        return render.Written(b"".join(svg for _, svg in render.svg_images(pack.brief, pack.theme)))

    monkeypatch.setitem(render.WRITERS, "pdf", drawing_writer)
    state = project / "state"
    build(request_for(project, state=state))
    kept = {path.read_bytes() for path in (state / "cache").glob("chart-*.svg")}
    press = (project / "reports" / "press.pdf").read_bytes()
    assert len(kept) >= 2  # the press pack draws its timeline and a series at least
    assert sum(len(svg) for svg in kept if svg in press) == len(press)


def test_a_build_with_nothing_to_do_does_not_wait_for_a_build_that_holds_the_lock(project):
    from briefgen.build.state import lock_path

    build(request_for(project))
    with FileLock(str(lock_path(project / ".briefgen", project / "reports"))):
        report = build(request_for(project))
        assert set(statuses(report).values()) == {"unchanged"}
        (project / "seeds" / "002_extra.txt").write_text("The council met on 3 May 2024.\n", encoding="utf-8")
        with pytest.raises(LockHeld):
            build(request_for(project, wait=0.1))


def test_editing_one_source_reextracts_it_alone_and_rewrites_the_packs_that_show_the_change(project):
    build(request_for(project))
    before = {path.name: path.read_bytes() for path in (project / "reports").glob("*.pdf")}
    source = project / "seeds" / "001_bad3f164150ac668.txt"
    source.write_text(
        source.read_text(encoding="utf-8") + "\nThe SCO Development Bank lent $5 million in 2024.\n",
        encoding="utf-8",
    )
    messages: list[str] = []
    report = build(request_for(project), progress=lambda step: messages.append(str(step)))
    assert "extracted 5 sources (1 new, 4 cached)" in messages
    added = b"The SCO Development Bank lent $5 million in 2024."
    showing = {name for name in before if added in (project / "reports" / name).read_bytes()}
    assert "investor.pdf" in showing and "executive.pdf" not in showing
    assert statuses(report) == {name: "written" if name in showing else "unchanged" for name in before}
    for name in set(before) - showing:
        assert (project / "reports" / name).read_bytes() == before[name]


def test_an_edit_that_leaves_every_pack_as_it_was_lays_out_and_writes_nothing(project, monkeypatch):
    from briefgen import render

    build(request_for(project, formats=("pdf", "docx")))
    calls: list[str] = []
    monkeypatch.setitem(render.PAGE_COUNTERS, "pdf", lambda html, theme, brief: calls.append("layout") or 1)
    for fmt in ("pdf", "docx"):
        monkeypatch.setitem(
            render.WRITERS, fmt, lambda pack, fmt=fmt: calls.append(fmt) or render.Written(b"")
        )
    source = project / "seeds" / "001_bad3f164150ac668.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nThe weather was mild.\n", encoding="utf-8")
    report = build(request_for(project, formats=("pdf", "docx")))
    assert set(statuses(report).values()) == {"unchanged"}
    assert calls == []
    messages: list[str] = []
    again = build(
        request_for(project, formats=("pdf", "docx")), progress=lambda step: messages.append(str(step))
    )
    assert set(statuses(again).values()) == {"unchanged"}
    assert messages == [], "the manifest records the new inputs: the next build extracts nothing"


def test_editing_a_profile_rebuilds_that_audience_only(project):
    shutil.copytree(REPO_ROOT / "templates" / "audiences", project / "theme" / "audiences")
    build(request_for(project, templates=project / "theme"))
    profile = project / "theme" / "audiences" / "press.toml"
    profile.write_text(profile.read_text().replace('marking = "For release"', 'marking = "Embargoed"'))
    report = build(request_for(project, templates=project / "theme"))
    assert statuses(report) == {
        "diplomatic.pdf": "unchanged",
        "executive.pdf": "unchanged",
        "investor.pdf": "unchanged",
        "press.pdf": "written",
    }
    assert '<p class="marking">Embargoed</p>' in (project / "reports" / "press.pdf").read_text()


def test_the_manifest_records_inputs_and_output_digests(project):
    build(request_for(project, audiences=("executive",)))
    manifest = json.loads((project / "reports" / "manifest.json").read_text())
    entry = manifest["outputs"]["executive.pdf"]
    assert entry["audience"] == "executive" and entry["format"] == "pdf"
    assert len(entry["inputs"]) == 64
    import hashlib

    assert entry["sha256"] == hashlib.sha256((project / "reports" / "executive.pdf").read_bytes()).hexdigest()


def test_check_exits_1_listing_stale_and_missing_outputs_and_0_when_current(project):
    runner = CliRunner()
    args = ["build", str(project / "seeds"), "--out", str(project / "reports"), "--format", "pdf", "-j", "1"]
    missing = runner.invoke(main, [*args, "--check"])
    assert missing.exit_code == 1
    assert f"{project / 'reports' / 'press.pdf'}: missing\n" in missing.stdout
    assert runner.invoke(main, args).exit_code == 0
    assert runner.invoke(main, [*args, "--check"]).exit_code == 0
    (project / "reports" / "executive.pdf").write_bytes(b"%PDF-1.7 tampered")
    stale = runner.invoke(main, [*args, "--check"])
    assert stale.exit_code == 1
    assert f"{project / 'reports' / 'executive.pdf'}: stale" in stale.stdout
    assert "press.pdf: " not in stale.stdout


def test_a_second_build_waits_for_the_lock_then_exits_3(project):
    from briefgen.build.state import lock_path

    lock = lock_path(project / ".briefgen", project / "reports")
    lock.parent.mkdir(parents=True)
    with FileLock(str(lock)):
        result = CliRunner().invoke(
            main, ["build", str(project / "seeds"), "--out", str(project / "reports"), "--wait", "0.2"]
        )
    assert result.exit_code == 3
    assert "another briefgen build is writing" in result.stderr
    assert "--wait" in result.stderr
    assert not (project / "reports" / "press.pdf").exists()


def get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), ""


def test_the_preview_serves_packs_and_nothing_else_and_rebuilds_on_change(project):
    server, preview, shutdown = start(request_for(project), port=0, interval=0.2)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        status, body, _ = get(f"{base}/")
        assert status == 200 and b'href="/press.pdf"' in body and b'href="/press.html"' in body
        status, body, kind = get(f"{base}/press.pdf")
        assert status == 200 and body.startswith(b"%PDF") and kind == "application/pdf"
        status, body, _ = get(f"{base}/press.html")
        assert status == 200 and b"/__version" in body
        assert get(f"{base}/print.css")[0] == 200
        for evil in (
            "/../pyproject.toml",
            "/..%2fpyproject.toml",
            "/%2e%2e/seeds/000_b21f912d4337dd37.txt",
            "/.briefgen.lock",
            "/manifest.json",
            "/..%5c..%5cetc%5cpasswd",
            "/manifest.json/../../x",
            "//etc/passwd",
        ):
            assert get(f"{base}{evil}")[0] == 404, evil
        generation = preview.generation
        source = project / "seeds" / "002_da26103f31216549.txt"
        source.write_text(
            source.read_text(encoding="utf-8") + "\nThe port added 7 cranes in 2024.\n", encoding="utf-8"
        )
        deadline = time.monotonic() + 120
        while preview.generation == generation and time.monotonic() < deadline:
            time.sleep(0.1)
        assert preview.generation > generation
        assert get(f"{base}/__version")[1] == str(preview.generation).encode()
    finally:
        shutdown()
    assert server.server_address[0] == "127.0.0.1"


def test_the_committed_reports_are_current():
    result = run_cli("build", "--check", cwd=REPO_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_report_lists_every_output(project):
    report = check(request_for(project, formats=("pdf", "docx")))
    assert len(report.outcomes) == 8
    assert {o.status for o in report.outcomes} == {"missing"}


def test_the_preview_refuses_foreign_host_names_and_nul_bytes(project):
    server, _, shutdown = start(request_for(project), port=0, interval=60)
    port = server.server_address[1]
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/press.pdf", headers={"Host": "evil.example"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 403
        assert get(f"http://localhost:{port}/press.pdf")[0] == 200
        assert get(f"http://127.0.0.1:{port}/press%00.pdf")[0] == 404
    finally:
        shutdown()


def test_cache_entries_are_written_whole_without_waiting_for_the_disk(tmp_path, monkeypatch):
    from briefgen.build import files

    synced: list[int] = []
    monkeypatch.setattr(files.os, "fsync", lambda fd: synced.append(fd))
    files.atomic_write(tmp_path / "entry.json", b"{}", durable=False)
    assert (tmp_path / "entry.json").read_bytes() == b"{}" and synced == []
    files.atomic_write(tmp_path / "pack.pdf", b"%PDF")
    assert len(synced) == 2, "a pack is flushed, then its folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry.json", "pack.pdf"]


@pytest.mark.parametrize(
    "name", ["weasyprint", "pydyf", "fonttools", "python-docx", "jinja2", "lxml", "Jinja2"]
)
def test_renderer_versions_in_the_digest_are_the_installed_ones(name):
    from importlib import metadata

    from briefgen.build.plan import installed_version

    assert installed_version(name) == metadata.version(name)


def test_a_renderer_that_is_not_installed_is_absent_from_the_digest():
    from briefgen.build.plan import installed_version

    assert installed_version("no-such-distribution") == "absent"


def test_another_pango_or_harfbuzz_makes_the_pdfs_stale_and_not_the_word_files(project, monkeypatch):
    plan = importlib.import_module("briefgen.build.plan")  # the module, not build.plan()
    request = request_for(project, formats=("pdf", "docx"))
    build(request)
    assert set(statuses(check(request)).values()) == {"unchanged"}
    shipped = dict(plan.typesetter_versions())
    monkeypatch.setattr(
        plan, "typesetter_versions", lambda: (("pango", "1.99.0"), ("harfbuzz", shipped["harfbuzz"]))
    )
    report = check(request)
    assert {name: status for name, status in statuses(report).items() if name.endswith(".pdf")} == {
        f"{audience}.pdf": "stale" for audience in ("diplomatic", "executive", "investor", "press")
    }
    assert {status for name, status in statuses(report).items() if name.endswith(".docx")} == {"unchanged"}
    assert {o.reason for o in report.outcomes if o.status == "stale"} == {"the installed Pango changed"}
    monkeypatch.setattr(
        plan, "typesetter_versions", lambda: (("pango", shipped["pango"]), ("harfbuzz", "9.9.9"))
    )
    assert {o.reason for o in check(request).outcomes if o.status == "stale"} == {
        "the installed HarfBuzz changed"
    }


def test_a_word_file_written_without_its_pdf_is_not_taken_for_one_written_beside_it(project):
    full = request_for(project, formats=("pdf", "docx"))
    build(full)
    alone = request_for(project, formats=("docx",))
    report = check(alone)
    assert set(statuses(report).values()) == {"stale"}
    assert {o.reason for o in report.outcomes} == {
        "where the DOCX contents' page numbers come from (--format pdf or not) changed"
    }
    build(alone)
    assert set(statuses(check(alone)).values()) == {"unchanged"}
