"""A project on the command line: init, add and build in an empty folder; which settings a
build uses and says it uses; build state kept out of the packs' folder, and clean."""

from __future__ import annotations

import shutil
import threading
import tomllib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from filelock import FileLock

from briefgen.build.state import lock_path
from briefgen.cli import main
from tests.conftest import REPO_ROOT, SEEDS

ARTICLE = (
    "<!DOCTYPE html><html><head><title>Harbour crane | Pellwick Gazette</title></head><body>"
    '<article><h1>Harbour crane</h1><time datetime="2024-05-02">2 May 2024</time>'
    "<p>The harbour board bought 3 cranes for cargo in 2024.</p>"
    "<p>“We will move more freight than ever,” said Ines Marlow, the harbour master.</p>"
    "</article></body></html>"
).encode()
SEEDS_SUBJECT = "Kazakhstan's chairmanship of the Shanghai Cooperation Organisation, 2023–2024"


def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(arg) for arg in args])


@pytest.fixture
def page_server() -> Iterator[str]:
    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(ARTICLE)))
            self.end_headers()
            self.wfile.write(ARTICLE)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_outside_a_project_build_says_how_to_point_it_at_sources(empty):
    result = invoke("build")
    assert result.exit_code == 2
    assert result.stderr == (
        "briefgen: error: no sources here (no ./seeds, no briefgen.toml naming a sources folder): "
        "run `briefgen build PATH` on a folder of sources, or `briefgen init` to start a project here\n"
    )


def test_init_then_add_then_build_makes_packs_in_an_empty_folder(empty, page_server, stub_writers):
    started = invoke("init", "--subject", "Pellwick harbour")
    assert started.exit_code == 0, started.output
    assert "created briefgen.toml\n" in started.stdout and "briefgen add URL" in started.stdout
    assert sorted(p.name for p in empty.iterdir()) == [".gitignore", "briefgen.toml", "sources", "templates"]
    assert list((empty / "sources").iterdir()) == []
    settings = tomllib.loads((empty / "briefgen.toml").read_text(encoding="utf-8"))
    assert settings["subject"] == "Pellwick harbour" and settings["sources"] == "sources"
    assert "audiences/press.toml" in (empty / "templates" / "README.txt").read_text(encoding="utf-8")
    assert invoke("init").exit_code == 2, "a second init must not overwrite the settings"

    added = invoke("add", f"{page_server}/harbour-crane.html")
    assert added.exit_code == 0, added.output
    assert (empty / "sources" / "harbour-crane.html").is_file()

    (empty / "templates" / "audiences").mkdir()
    (empty / "templates" / "audiences" / "board.toml").write_text(
        'title = "Board note"\ndescription = "Economy for the board."\nsections = ["economy"]\n'
    )
    built = invoke("build", "--format", "html", "-j", "1")
    assert built.exit_code == 0, built.output
    assert "briefgen: settings: briefgen.toml; subject “Pellwick harbour”\n" in built.stderr
    assert built.stdout.endswith("wrote 5 packs in reports/\n"), "the templates/ overlay's audience too"
    assert "Pellwick harbour" in (empty / "reports" / "board.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (empty / "reports").iterdir() if p.name.startswith(".")) == []


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stub_writers: None) -> Path:
    """The seeds and their briefgen.toml, as in a clone, and another corpus outside it."""
    shutil.copytree(SEEDS, tmp_path / "clone" / "seeds")
    shutil.copy(REPO_ROOT / "briefgen.toml", tmp_path / "clone" / "briefgen.toml")
    (tmp_path / "politics").mkdir()
    (tmp_path / "politics" / "senate.txt").write_text(
        "Senate vote\nThe senate passed the budget by 61 votes to 39 in 2024.\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path / "clone")
    return tmp_path


def test_a_build_says_which_settings_it_uses_and_its_subject(clone):
    result = invoke("build", "--format", "html", "-j", "1")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == f"briefgen: settings: briefgen.toml; subject “{SEEDS_SUBJECT}”"


def test_settings_for_another_sources_folder_are_not_applied_silently(clone):
    out = clone / "packs"
    result = invoke("build", clone / "politics", "--format", "html", "--out", out, "-j", "1")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"briefgen: warning: briefgen.toml: not applied, its settings are for seeds/, not {clone / 'politics'} "
        "(pass --settings briefgen.toml to apply them)"
    )
    assert lines[1].startswith("briefgen: settings: the defaults (no briefgen.toml for these sources)")
    html = (out / "press.html").read_text(encoding="utf-8")
    assert "Kazakhstan" not in html and "Briefing pack" in html


@pytest.mark.parametrize("command", ["build", "outline", "serve"])
def test_subject_and_settings_are_options_of_every_command_that_builds(command):
    options = {option for param in main.commands[command].params for option in param.opts}
    assert {"--subject", "--settings"} <= options


def test_subject_overrides_the_settings_file_in_the_pack(clone):
    out = clone / "packs"
    result = invoke(
        "build",
        clone / "politics",
        "--subject",
        "The 2024 budget vote",
        "--format",
        "html",
        "--out",
        out,
        "-j",
        "1",
    )
    assert result.exit_code == 0, result.output
    assert "briefgen: settings: the defaults; subject “The 2024 budget vote” (--subject)\n" in result.stderr
    assert "The 2024 budget vote" in (out / "press.html").read_text(encoding="utf-8")
    outline = invoke("outline", clone / "politics", "--audience", "press", "--settings", "briefgen.toml")
    assert outline.exit_code == 0, outline.output
    assert f"briefgen: settings: briefgen.toml; subject “{SEEDS_SUBJECT}”\n" in outline.stderr
    assert SEEDS_SUBJECT in outline.stdout.splitlines()[0]


def test_build_state_stays_out_of_the_packs_folder_and_clean_removes_it(clone):
    out = clone / "send-me"
    assert invoke("build", "--format", "html", "--out", out, "-j", "1").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "diplomatic.html",
        "executive.html",
        "investor.html",
        "manifest.json",
        "press.html",
    ]
    state = clone / "clone" / ".briefgen"
    assert len(list((state / "cache").glob("*.json"))) == 5
    (out / ".cache").mkdir()
    (out / ".cache" / "0123-abcd.json").write_text("{}")  # an older briefgen's cache
    for drawing in ("chart-0123.svg", "chart-0123.png"):  # a chart a PDF or DOCX build drew
        (state / "cache" / drawing).write_bytes(b"drawn")
    cleaned = invoke("clean", "--out", out)
    assert cleaned.exit_code == 0, cleaned.output
    assert cleaned.stdout == (
        f"removed the build state in {state}: 8 cache entries and 1 locks; the packs are untouched\n"
    )
    assert not state.exists() and not (out / ".cache").exists()
    assert (out / "press.html").is_file()
    assert invoke("clean").stdout == f"nothing to clean: no build state in {state}\n"


def test_the_cache_folder_is_configurable_and_clean_leaves_other_files(clone, monkeypatch):
    elsewhere = clone / "cache-here"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("mine")
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(elsewhere))
    assert invoke("build", "--format", "html", "-j", "1").exit_code == 0
    assert len(list((elsewhere / "cache").glob("*.json"))) == 5
    assert not (clone / "clone" / ".briefgen").exists()
    assert invoke("clean").exit_code == 0
    assert sorted(p.name for p in elsewhere.iterdir()) == ["notes.txt"]


def test_clean_waits_for_no_build_it_refuses_while_one_holds_the_lock(clone):
    lock = lock_path(clone / "clone" / ".briefgen", Path("reports"))
    lock.parent.mkdir(parents=True)
    with FileLock(str(lock)):
        result = invoke("clean")
    assert result.exit_code == 3
    assert "a briefgen build is running" in result.stderr
