"""The bad-input and fault matrix: each case sets up a project, runs the real CLI in a
subprocess and states the exit code and the message it must give.

Shared by tests/reliability/test_matrix.py (one test per case) and
bench/reliability_matrix.py (the table of case, expected, observed).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.build.files import TEMPORARY

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS = REPO_ROOT / "seeds"
ARTICLE = (
    "Ministers meet in Geneva\n2024-03-01\n\n"
    "Norway's trade ministry said exports rose 12% to $3 billion in 2023.\n\n"
    "“We expect 40 new ships this year,” said Foreign Minister Jane Doe.\n"
)


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stdout: str
    stderr: str
    project: Path


@dataclass(frozen=True)
class Case:
    name: str
    setup: Callable[[Path], list[str]]  # writes the project, returns the CLI arguments
    exit_code: int
    message: str = ""  # must appear in stderr ("{project}" is replaced by the folder)
    prelude: str = ""  # Python run before the CLI, to simulate a fault
    check: Callable[[Outcome], str | None] = field(
        default=lambda outcome: None
    )  # extra check: problem or None
    error_lines: int = 1  # configuration errors report every problem at once, one line each
    timeout: float = 600  # a case that may hang is given less, and a hang is reported as one


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def one_source(content: str | bytes, name: str = "a.txt") -> Callable[[Path], list[str]]:
    def setup(project: Path) -> list[str]:
        write(project / "src" / name, content)
        return ["build", "src", "--format", "html", "-j", "1"]

    return setup


def built_html(outcome: Outcome, audience: str = "diplomatic") -> str:
    path = outcome.project / "reports" / f"{audience}.html"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def expect_in_html(*needles: str) -> Callable[[Outcome], str | None]:
    def check(outcome: Outcome) -> str | None:
        html = built_html(outcome)
        missing = [needle for needle in needles if needle not in html]
        return f"not in the pack: {missing}" if missing else None

    return check


def with_seeds(project: Path) -> None:
    shutil.copytree(SEEDS, project / "seeds")


def folder_of(count: int) -> Callable[[Path], list[str]]:
    def setup(project: Path) -> list[str]:
        (project / "src").mkdir()
        for index in range(count):
            text = ARTICLE.replace("40 new ships", f"{index + 1} new ships")
            write(project / "src" / f"{index:04d}.txt", text)
        return ["build", "src", "--format", "html", "-j", "1"]

    return setup


def symlink_loop(project: Path) -> list[str]:
    (project / "src").mkdir()
    os.symlink("loop.txt", project / "src" / "loop.txt")
    write(project / "src" / "ok.txt", ARTICLE)
    return ["build", "src", "--format", "html"]


def profile(content: str) -> Callable[[Path], list[str]]:
    def setup(project: Path) -> list[str]:
        with_seeds(project)
        write(project / "theme" / "audiences" / "desk.toml", content)
        return ["build", "seeds", "--templates", "theme", "--audience", "desk", "--format", "html"]

    return setup


def sidecar(content: str) -> Callable[[Path], list[str]]:
    def setup(project: Path) -> list[str]:
        write(project / "src" / "a.txt", ARTICLE)
        write(project / "src" / "a.toml", content)
        return ["build", "src", "--format", "html"]

    return setup


def template(name: str, content: str) -> Callable[[Path], list[str]]:
    def setup(project: Path) -> list[str]:
        with_seeds(project)
        write(project / "theme" / name, content)
        return ["build", "seeds", "--templates", "theme", "--audience", "press", "--format", "html"]

    return setup


def previous_reports(project: Path) -> list[str]:
    """Seeds with an earlier build's reports in place, for the write-fault cases."""
    with_seeds(project)
    write(project / "reports" / "press.html", "<html>previous pack</html>")
    return ["build", "seeds", "--audience", "press", "--format", "html"]


def previous_kept(outcome: Outcome) -> str | None:
    path = outcome.project / "reports" / "press.html"
    leftovers = [p.name for p in (outcome.project / "reports").iterdir() if p.name.endswith(".tmp")]
    if path.read_text() != "<html>previous pack</html>":
        return "the previous report was changed"
    return f"temporary files left: {leftovers}" if leftovers else None


FULL_DISK = textwrap.dedent(
    """
    import errno, io, os
    real_fdopen = os.fdopen
    class FullDisk(io.RawIOBase):
        def __init__(self, fd):
            self.fd = fd
        def writable(self):
            return True
        def fileno(self):
            return self.fd
        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        def close(self):
            if not self.closed:
                os.close(self.fd)
            super().close()
    def fdopen(fd, mode="r", *args, **kwargs):
        return FullDisk(fd) if "w" in mode else real_fdopen(fd, mode, *args, **kwargs)
    os.fdopen = fdopen
    """
)
READ_ONLY = textwrap.dedent(
    """
    import errno, os, tempfile
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    tempfile.mkstemp = refuse
    """
)
UNREADABLE = textwrap.dedent(
    """
    import errno, os, pathlib
    real = pathlib.Path.read_bytes
    def read_bytes(self):
        if self.name == "secret.txt":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self)
    pathlib.Path.read_bytes = read_bytes
    """
)
FETCH_GUARD = textwrap.dedent(
    """
    import socket, urllib.request
    def no_network(*args, **kwargs):
        raise AssertionError("briefgen tried to reach the network")
    socket.create_connection = no_network
    urllib.request.urlopen = no_network
    """
)

CASES: tuple[Case, ...] = (
    Case(
        "latin-1 source",
        one_source("Caf\xe9 talks\n\nThe caf\xe9 sold 40 cups in 2024.\n".encode("latin-1")),
        0,
        "src/a.txt: not UTF-8; read as cp1252, the encoding detected",
        check=expect_in_html("The café sold 40 cups in 2024."),
    ),
    Case(
        "latin-1 with --encoding",
        lambda p: [
            *one_source("Caf\xe9\n\nThe caf\xe9 sold 40 cups in 2024.\n".encode("latin-1"))(p),
            "--encoding",
            "latin-1",
        ],
        0,
        check=expect_in_html("The café sold 40 cups in 2024."),
    ),
    Case("byte-order mark", one_source("\ufeff" + ARTICLE), 0, check=expect_in_html("exports rose 12%")),
    Case(
        "CRLF line endings",
        one_source(ARTICLE.replace("\n", "\r\n")),
        0,
        check=expect_in_html("We expect 40 new ships this year"),
    ),
    Case(
        "NFD-decomposed accents",
        one_source("Talks\n\nThe Almaty cafe\u0301 sold 40 cups in 2024.\n"),
        0,
        check=expect_in_html("cafe\u0301 sold 40 cups"),
    ),
    Case("empty file", one_source(""), 2, "src/a.txt: no source has any text"),
    Case("whitespace-only file", one_source("  \n\t\n"), 2, "only white space"),
    Case(
        "50 MB file",
        one_source(("The fund lent $5 million in 2024. " * 20 + "\n") * 75_000),
        2,
        "bytes is over the 10,485,760-byte limit",
    ),
    Case(
        "NUL bytes (binary)",
        one_source(b"Title\n\nThe\x00 port\x00 grew 5% in 2024.\n"),
        2,
        "looks like a binary file",
    ),
    Case(
        "control characters",
        one_source("Title\n\nThe port\x07 grew 5%\x0b in 2024.\n"),
        0,
        check=expect_in_html("grew 5%"),
    ),
    Case(
        "script, template syntax, file and http references",
        one_source(
            "Hostile\n\nA report listed 40 ships <script>alert(1)</script>, {{ 7*7 }}, {% raw %}, "
            '<img src="file:///etc/passwd"> and <img src="http://example.org/x.png"> in 2024.\n'
        ),
        0,
        check=expect_in_html(
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "{{ 7*7 }}",
            "{% raw %}",
            "&lt;img src=&#34;file:///etc/passwd&#34;&gt;",
        ),
    ),
    Case("folder of 0 files", folder_of(0), 2, "src: folder is empty"),
    Case("folder of 1 file", folder_of(1), 0, check=expect_in_html("1 new ships")),
    Case("folder of 1,000 files", folder_of(1000), 0, check=expect_in_html("1,000 sources", "At a glance")),
    Case("symlink loop", symlink_loop, 2, "src/loop.txt: cannot read"),
    Case(
        "unreadable file",
        one_source(ARTICLE, "secret.txt"),
        2,
        "src/secret.txt: cannot read: Permission denied",
        prelude=UNREADABLE,
    ),
    Case("sidecar: malformed TOML", sidecar('title = "x\n'), 2, "src/a.toml:1:"),
    Case(
        "sidecar: unknown key and wrong type",
        sidecar('titel = "x"\ndate = 5\n'),
        2,
        "src/a.toml:1: titel: unknown key",
        error_lines=2,
    ),
    Case("profile: malformed TOML", profile("title = \n"), 2, "theme/audiences/desk.toml:1:"),
    Case(
        "profile: unknown key and wrong type",
        profile('title = "D"\ndescription = "d"\ncolour = 1\nkey_points = "4"\n'),
        2,
        "theme/audiences/desk.toml:3: colour: unknown key",
        error_lines=2,
    ),
    Case(
        "template: syntax error",
        template("partials/cover.html", "{% if %}\n"),
        1,
        "theme/partials/cover.html:1: template syntax error",
    ),
    Case(
        "template: undefined name",
        template("partials/cover.html", "<p>\n{{ brief.nonsense }}</p>\n"),
        1,
        "theme/partials/cover.html:2: undefined name in template",
    ),
    Case(
        "output folder read-only",
        previous_reports,
        2,
        "reports/press.html: cannot write: Permission denied",
        prelude=READ_ONLY,
        check=previous_kept,
    ),
    Case(
        "disk full",
        previous_reports,
        2,
        "reports/press.html: cannot write: No space left on device",
        prelude=FULL_DISK,
        check=previous_kept,
    ),
)


def snapshot(folder: Path) -> dict[Path, bytes]:
    return (
        {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()} if folder.is_dir() else {}
    )


def nothing_lost(before: dict[Path, bytes], outcome: Outcome) -> list[str]:
    """No temporary file left in the reports or the build's state, and a failed run changed no earlier report."""
    folders = (outcome.project / "reports", outcome.project / ".briefgen")
    leftovers = sorted(
        p.name
        for folder in folders
        if folder.is_dir()
        for p in folder.rglob("*.tmp")
        if TEMPORARY.fullmatch(p.name)
    )
    problems = [f"temporary files left: {leftovers}"] if leftovers else []
    if outcome.exit_code:
        changed = [p.name for p, data in before.items() if not p.is_file() or p.read_bytes() != data]
        problems += [f"a failed run changed earlier reports: {changed}"] if changed else []
    return problems


def run_case(case: Case, project: Path) -> tuple[Outcome, list[str]]:
    """Run one case in project; returns what happened and the problems found (none: passed)."""
    args = case.setup(project)
    before = snapshot(project / "reports")
    # Every case runs with the network cut off: nothing may be fetched from outside.
    code = (
        FETCH_GUARD
        + case.prelude
        + f"\nfrom briefgen.cli import main\nmain({args!r}, prog_name='briefgen')\n"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=case.timeout,
            env={**os.environ, "CI": "true", "NO_COLOR": "1", "COLUMNS": "200"},
        )
    except subprocess.TimeoutExpired:
        return Outcome(-1, "", "", project), [f"hung: no end after {case.timeout:g} s"]
    outcome = Outcome(result.returncode, result.stdout, result.stderr, project)
    problems = []
    if result.returncode != case.exit_code:
        problems.append(f"exit {result.returncode}, expected {case.exit_code}")
    if case.message and case.message not in result.stderr:
        problems.append(f"message {case.message!r} missing")
    if "Traceback" in result.stderr:
        problems.append("a traceback reached the user")
    errors = [line for line in result.stderr.splitlines() if line.startswith("briefgen: error:")]
    if case.exit_code and len(errors) != case.error_lines:
        problems.append(f"{len(errors)} error lines, expected {case.error_lines}")
    problems += nothing_lost(before, outcome)
    extra = case.check(outcome)
    if extra:
        problems.append(extra)
    return outcome, problems


def cli(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "briefgen", *args]


def two_builds_at_once(project: Path) -> tuple[str, list[str]]:
    """Two real builds race for the same reports/: one builds, the other exits 3."""
    with_seeds(project)
    command = cli(project, "build", "seeds", "--format", "pdf", "-j", "1")
    first = subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not any((project / ".briefgen" / "locks").glob("*.lock")) and time.monotonic() < deadline:
        time.sleep(0.02)
    second = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=600)
    first.communicate(timeout=600)
    codes = sorted([first.returncode, second.returncode])
    problems = [] if codes == [0, 3] else [f"exit codes {codes}, expected [0, 3]"]
    if "another briefgen build is writing" not in second.stderr and second.returncode == 3:
        problems.append("the waiting build did not say why")
    return f"exits {codes}", problems


def sigkill_during_build(project: Path) -> tuple[str, list[str]]:
    """SIGKILL at several moments of a rebuild: every previous report stays whole."""
    from pypdf import PdfReader

    with_seeds(project)
    command = cli(project, "build", "seeds", "--format", "pdf,html", "-j", "1")
    subprocess.run(command, cwd=project, capture_output=True, timeout=600, check=True)
    source = project / "seeds" / "000_b21f912d4337dd37.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nOfficials counted 12 new ships in 2024.\n")
    problems = []
    for delay in (0.3, 1.0, 2.0):
        process = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for path in (project / "reports").iterdir():
            if path.suffix == ".pdf":
                try:
                    PdfReader(path).pages[0].extract_text()
                except Exception as error:  # any failure to read is the defect this case looks for
                    problems.append(f"{path.name} unreadable after SIGKILL at {delay}s: {error}")
            elif path.suffix == ".html" and not path.read_text(encoding="utf-8").rstrip().endswith("</html>"):
                problems.append(f"{path.name} cut short after SIGKILL at {delay}s")
            elif path.name == "manifest.json" and not json.loads(path.read_text())["outputs"]:
                problems.append("manifest.json emptied")
    return "killed 3 times", problems


FAULTS: tuple[tuple[str, str, Callable[[Path], tuple[str, list[str]]]], ...] = (
    ("two concurrent builds", "exits [0, 3]", two_builds_at_once),
    ("SIGKILL during a build", "reports whole", sigkill_during_build),
)
