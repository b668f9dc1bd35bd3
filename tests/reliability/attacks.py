"""The failures an independent attack matrix found (issue 18), as cases of the project's own
matrix: hangs, orphans, internal errors, reads outside the sources, leftovers, escapes.

Each case runs the real CLI in a subprocess like those of cases.py; builds write HTML only
where rendering is not the point. tests/reliability/test_matrix.py runs them and
bench/reliability_matrix.py prints them; faults.py holds those needing more than one run.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.reliability.cases import (
    ARTICLE,
    SEEDS,
    Case,
    Outcome,
    built_html,
    with_seeds,
    write,
)

HANG = 60  # seconds: what a case that used to hang may take before it counts as hanging
SECRET = "The vault outside held 99 gold bars in 2024."


def previous_pack(project: Path) -> None:
    """An earlier build's pack, which a failing run must leave as it is."""
    write(project / "reports" / "diplomatic.html", "<html>previous pack</html>")


def fifo_source(*command: str) -> Callable[[Path], list[str]]:
    def setup(project: Path) -> list[str]:
        write(project / "src" / "a.txt", ARTICLE)
        os.mkfifo(project / "src" / "x.txt")
        previous_pack(project)
        return [*command, "src"]

    return setup


def fifo_settings(project: Path) -> list[str]:
    write(project / "src" / "a.txt", ARTICLE)
    os.mkfifo(project / "fifo.toml")
    previous_pack(project)
    return ["build", "src", "--settings", "fifo.toml", "--format", "html", "-j", "1"]


def link_outside(project: Path) -> list[str]:
    write(project / "outside" / "secret.txt", f"Secret\n\n{SECRET}\n")
    write(project / "src" / "a.txt", ARTICLE)
    os.symlink(project / "outside" / "secret.txt", project / "src" / "passwd.txt")
    os.symlink("a.txt", project / "src" / "same.txt.md")  # a link inside the folder is read
    return ["build", "src", "--format", "html", "-j", "1"]


def secret_absent(outcome: Outcome) -> str | None:
    return "the outside file reached the pack" if "99 gold bars" in built_html(outcome) else None


def nul_late(project: Path) -> list[str]:
    write(project / "src" / "a.txt", ARTICLE + "The port grew 5% in 2024. " * 400 + "Late\0NUL.\n")
    previous_pack(project)
    return ["build", "src", "--format", "html", "-j", "1"]


def with_encoding(setting: str) -> Callable[[Path], list[str]]:
    def setup(project: Path) -> list[str]:
        write(project / "src" / "a.txt", ARTICLE)
        previous_pack(project)
        return ["build", "src", "--format", "html", "-j", "1", "--encoding", setting]

    return setup


def sidecar_encoding(project: Path) -> list[str]:
    write(project / "src" / "a.txt", ARTICLE)
    write(project / "src" / "a.toml", 'title = "T"\nencoding = "rot13"\n')
    previous_pack(project)
    return ["build", "src", "--format", "html", "-j", "1"]


def extract_of(content: str) -> Callable[[Path], list[str]]:
    def setup(project: Path) -> list[str]:
        write(project / "src" / "a.txt", content)
        return ["extract", "src", "--format", "json"]

    return setup


def unbalanced_marks() -> str:
    clause = "“The delegates met in the hall "
    return "Talks\n\n" + clause * 20_000 + "\n"


def marks_opening_lines() -> str:
    """A quote mark opening each of 4,000 lines, none closing: each line a quote of its own."""
    return "Talks\n\n" + "“The delegates met again in the hall today and\n" * 4_000


def figure_clauses() -> str:
    return (
        "Ports\n\n" + ", ".join(f"port {i % 90} handled {i % 977 + 3} ships" for i in range(10_000)) + ".\n"
    )


def one_long_line() -> str:
    """The shipped seeds with their line breaks turned to spaces, repeated to 5 MB."""
    prose = " ".join(
        re.sub(r"\s+", " ", path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))
    )
    return (prose + " ") * (5_000_000 // len(prose.encode("utf-8")))


def extracted_items(outcome: Outcome) -> str | None:
    return None if '"facts": [' in outcome.stdout and '"sources": [' in outcome.stdout else "no JSON record"


def long_words(project: Path) -> list[str]:
    word, longer = "Z" + "x" * 399, "Q" + "y" * 2999
    write(
        project / "src" / "a.txt",
        f"Long words\n2024-03-01\n\nThe port handled 12 ships in 2024.\n\n"
        f"“We filed the code {word} and the key {longer} today,” said Foreign Minister Jane Doe.\n",
    )
    return ["build", "src", "--audience", "diplomatic", "--format", "pdf", "-j", "1"]


def words_on_the_page(outcome: Outcome) -> str | None:
    """pdftotext keeps only what lies on the page, pypdf every letter drawn: a word running
    off the page's edge loses letters in the one but not in the other."""
    from pypdf import PdfReader

    if shutil.which("pdftotext") is None:
        return "pdftotext (poppler-utils) is needed to read what lies on the page"
    pdf = outcome.project / "reports" / "diplomatic.pdf"
    on_page = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    drawn = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    if not drawn.count("y") >= 2999:
        return "the long word is not in the pack"
    lost = drawn.count("y") + drawn.count("x") - on_page.count("y") - on_page.count("x")
    return f"{lost} letters of the long words off the page" if lost else None


def badly_named(name: str) -> Callable[[Path], list[str]]:
    def setup(project: Path) -> list[str]:
        write(project / "src" / name, b"Title\n\nThe\x00 port grew 5% in 2024.\n")
        previous_pack(project)
        return ["build", "src", "--format", "html", "-j", "1"]

    return setup


def one_line_no_escape(outcome: Outcome) -> str | None:
    if "\x1b" in outcome.stderr:
        return "a raw escape character reached the terminal"
    lines = outcome.stderr.splitlines()
    return None if len(lines) == 1 else f"{len(lines)} lines on stderr, expected 1"


def closed_stdout(outcome: Outcome) -> str | None:
    return f"stderr not empty: {outcome.stderr!r}" if outcome.stderr else None


# The reader of briefgen's output goes away at once, as `head` does.
CLOSED_PIPE = textwrap.dedent(
    """
    import os
    reader, writer = os.pipe()
    os.close(reader)
    os.dup2(writer, 1)
    os.close(writer)
    """
)


def waiting(seconds: str) -> Callable[[Path], list[str]]:
    def setup(project: Path) -> list[str]:
        write(project / "src" / "a.txt", ARTICLE)
        return ["build", "src", "--format", "html", "-j", "1", "--wait", seconds]

    return setup


def first_build(project: Path, *args: str, prelude: str = "") -> None:
    code = prelude + f"\nfrom briefgen.cli import main\nmain({list(args)!r}, prog_name='briefgen')\n"
    subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, timeout=600, check=True)


def killed_build_leftovers(project: Path) -> list[str]:
    write(project / "src" / "a.txt", ARTICLE)
    write(project / "reports" / ".press.html.k3v9_x2q.tmp", "<html>half a pack")
    write(project / ".briefgen" / "cache" / ".0123abcd-ef.json.a1b2c3d4.tmp", "{")
    write(project / "reports" / ".notes.tmp", "a user's own file, not a build's")
    return ["build", "src", "--format", "html", "-j", "1"]


def own_file_kept(outcome: Outcome) -> str | None:
    return None if (outcome.project / "reports" / ".notes.tmp").is_file() else "a user's own file was removed"


def forged_cache(project: Path) -> list[str]:
    """The cache of an earlier build, its speaker changed by hand; the pack must be rebuilt."""
    write(project / "src" / "a.txt", ARTICLE)
    first_build(project, "build", "src", "--format", "html", "-j", "1")
    for entry in (project / ".briefgen" / "cache").glob("*.json"):
        entry.write_text(
            entry.read_text(encoding="utf-8").replace("Jane Doe", "Forged Person"), encoding="utf-8"
        )
    (project / "reports" / "diplomatic.html").unlink()
    return ["build", "src", "--format", "html", "-j", "1"]


def forgery_absent(outcome: Outcome) -> str | None:
    html = built_html(outcome)
    if "Forged Person" in html:
        return "the forged speaker reached the pack"
    return None if "Jane Doe" in html else "the real speaker is missing"


# A stub PDF writer, since the subsetter's part is in the digest, not in the drawing.
STUB_PDF = textwrap.dedent(
    """
    from briefgen import render
    render.WRITERS["pdf"] = lambda pack: render.Written(b"%PDF-1.7 stub")
    render.PAGE_COUNTERS["pdf"] = lambda html, theme, brief: 1
    """
)
# The next build runs where fontTools, not HarfBuzz, subsets the fonts.
OTHER_SUBSETTER = STUB_PDF + textwrap.dedent(
    """
    import importlib
    planning = importlib.import_module("briefgen.build.plan")
    in_use = planning.font_subsetter()
    planning.font_subsetter = lambda: "fonttools" if in_use.startswith("harfbuzz") else "harfbuzz"
    """
)


def stub_pdf_built(project: Path) -> list[str]:
    write(project / "src" / "a.txt", ARTICLE)
    first_build(
        project,
        "build",
        "src",
        "--audience",
        "diplomatic",
        "--format",
        "html,pdf",
        "-j",
        "1",
        prelude=STUB_PDF,
    )
    return ["build", "src", "--audience", "diplomatic", "--format", "html,pdf", "-j", "1"]


def pdf_rebuilt(outcome: Outcome) -> str | None:
    lines = outcome.stdout.splitlines()
    expected = [
        "wrote reports/diplomatic.pdf — the font subsetter changed",
        "wrote 1 of 2 packs in reports/; 1 was up to date",
    ]
    return None if lines == expected else f"outcomes {lines}"


def dated(header: str, sidecar: str = "") -> Callable[[Path], list[str]]:
    def setup(project: Path) -> list[str]:
        write(project / "src" / "a.txt", ARTICLE.replace("2024-03-01", header))
        if sidecar:
            write(project / "src" / "a.toml", sidecar)
        return ["build", "src", "--audience", "diplomatic", "--format", "docx", "-j", "1"]

    return setup


def stamped_last_zip_moment(outcome: Outcome) -> str | None:
    with zipfile.ZipFile(outcome.project / "reports" / "diplomatic.docx") as docx:
        stamps = {info.date_time for info in docx.infolist()}
    return None if stamps == {(2107, 12, 31, 23, 59, 58)} else f"zip timestamps {stamps}"


FAR_EPOCH = 'import os\nos.environ["SOURCE_DATE_EPOCH"] = "4354819200"  # 2108-01-01\n'


def theme_file(name: str, content: str) -> Callable[[Path], list[str]]:
    def setup(project: Path) -> list[str]:
        with_seeds(project)
        write(project / "theme" / name, content)
        previous_pack(project)
        return ["build", "seeds", "--templates", "theme", "--audience", "diplomatic", "--format", "html"]

    return setup


def template_link_outside(project: Path) -> list[str]:
    setup = theme_file("partials/cover.html", '<p>\n{% include "partials/leak.html" %}</p>\n')
    args = setup(project)
    write(project / "outside" / "secret.html", f"<p>{SECRET}</p>\n")
    os.symlink(project / "outside" / "secret.html", project / "theme" / "partials" / "leak.html")
    return args


def awkward_audience(project: Path) -> list[str]:
    with_seeds(project)
    write(project / "theme" / "audiences" / "desk <b>&amp; x.toml", 'title = "Desk"\ndescription = "d"\n')
    return [
        "build",
        "seeds",
        "--templates",
        "theme",
        "--audience",
        "desk <b>&amp; x",
        "--format",
        "html,docx",
    ]


def awkward_audience_built(outcome: Outcome) -> str | None:
    reports = outcome.project / "reports"
    missing = [fmt for fmt in ("html", "docx") if not (reports / f"desk <b>&amp; x.{fmt}").is_file()]
    if missing:
        return f"not written: {missing}"
    about_it = [line for line in outcome.stderr.splitlines() if "warning" in line and "desk" in line]
    return f"warned about the audience: {about_it}" if about_it else None


def port_taken(project: Path) -> list[str]:
    write(project / "src" / "a.txt", ARTICLE)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    write(project / "port", str(port))
    return ["serve", "src", "--port", str(port)]


# Someone else listens on the port first.
TAKE_PORT = textwrap.dedent(
    """
    import pathlib, socket
    holder = socket.socket()
    holder.bind(("127.0.0.1", int(pathlib.Path("port").read_text())))
    holder.listen()
    """
)


def nothing_built(outcome: Outcome) -> str | None:
    return "packs were built before the port was tried" if (outcome.project / "reports").exists() else None


ATTACKS: tuple[Case, ...] = (
    Case(
        "FIFO source: sources",
        fifo_source("sources"),
        2,
        "src/x.txt: cannot read: a named pipe, not a regular file",
        timeout=HANG,
    ),
    Case(
        "FIFO source: extract",
        fifo_source("extract"),
        2,
        "src/x.txt: cannot read: a named pipe",
        timeout=HANG,
    ),
    Case(
        "FIFO source: build",
        fifo_source("build", "--format", "html", "-j", "1"),
        2,
        "src/x.txt: cannot read: a named pipe",
        timeout=HANG,
    ),
    Case(
        "--settings is a FIFO", fifo_settings, 2, "fifo.toml: cannot read: not a regular file", timeout=HANG
    ),
    Case(
        "20,000 unbalanced quote marks (1 MB)",
        extract_of(unbalanced_marks()),
        0,
        check=extracted_items,
        timeout=HANG,
    ),
    Case(
        "a quote mark opening each of 4,000 lines",
        extract_of(marks_opening_lines()),
        0,
        check=extracted_items,
        timeout=HANG,
    ),
    Case(
        "10,000 figure clauses in one sentence",
        extract_of(figure_clauses()),
        0,
        check=extracted_items,
        timeout=HANG,
    ),
    Case("one 5 MB line", extract_of(one_long_line()), 0, check=extracted_items, timeout=HANG),
    Case(
        "encoding rot13 in a sidecar",
        sidecar_encoding,
        2,
        "src/a.toml:2: encoding: 'rot13' is not a text encoding",
    ),
    Case("--encoding base64", with_encoding("base64"), 2, "--encoding: 'base64' is not a text encoding"),
    Case("--encoding zlib", with_encoding("zlib"), 2, "--encoding: 'zlib' is not a text encoding"),
    Case(
        "symlink out of the sources folder",
        link_outside,
        0,
        "src/passwd.txt: skipped, a link to",
        check=secret_absent,
    ),
    Case("NUL byte past the first 8,000 characters", nul_late, 2, "src/a.txt: looks like a binary file"),
    Case("400- and 3,000-letter words in a PDF", long_words, 0, check=words_on_the_page),
    Case(
        "file name with a newline",
        badly_named("bad\nname.txt"),
        2,
        "src/bad\\nname.txt: looks like a binary file",
        check=one_line_no_escape,
    ),
    Case(
        "file name with terminal escapes",
        badly_named("\x1b[31mred\x1b[0m.txt"),
        2,
        "src/\\x1b[31mred\\x1b[0m.txt: looks like a binary file",
        check=one_line_no_escape,
    ),
    Case("--wait -1", waiting("-1"), 2, "Invalid value for '--wait'", error_lines=0, timeout=HANG),
    Case("--wait nan", waiting("nan"), 2, "Invalid value for '--wait'", error_lines=0),
    Case(
        "extract into a closed pipe (| head)",
        extract_of(ARTICLE),
        0,
        prelude=CLOSED_PIPE,
        check=closed_stdout,
    ),
    Case("leftovers of killed builds", killed_build_leftovers, 0, check=own_file_kept),
    Case("forged speaker in the extraction cache", forged_cache, 0, check=forgery_absent),
    Case("another font subsetter", stub_pdf_built, 0, prelude=OTHER_SUBSETTER, check=pdf_rebuilt),
    Case(
        "sidecar date 9999-12-31, DOCX",
        dated("2024-03-01", "date = 9999-12-31\n"),
        0,
        check=stamped_last_zip_moment,
    ),
    Case("header dated 2108, DOCX", dated("2108-03-01"), 0, check=stamped_last_zip_moment),
    Case(
        "SOURCE_DATE_EPOCH past 2107, DOCX",
        dated("2024-03-01"),
        0,
        prelude=FAR_EPOCH,
        check=stamped_last_zip_moment,
    ),
    Case(
        "template: range(10**9)",
        theme_file("partials/cover.html", "<p>\n{% for i in range(10**9) %}{% endfor %}</p>\n"),
        1,
        "theme/partials/cover.html:2: template error: OverflowError",
    ),
    Case(
        "template: brief.date.today()",
        theme_file("partials/cover.html", "<p>\n{{ brief.date.today() }}</p>\n"),
        1,
        "theme/partials/cover.html:2: template tried something unsafe",
    ),
    Case(
        "template: a link out of the theme",
        template_link_outside,
        1,
        "theme/partials/cover.html:2: template tried something unsafe: theme/partials/leak.html links to",
    ),
    Case("audience file named 'desk <b>&amp; x'", awkward_audience, 0, check=awkward_audience_built),
    Case(
        "serve: port taken",
        port_taken,
        2,
        "cannot listen: Address already in use",
        prelude=TAKE_PORT,
        check=nothing_built,
        timeout=HANG,
    ),
)
