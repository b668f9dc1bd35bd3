"""briefgen against the typesetter it drives, like for like: whole-process CPU time.

    python bench/typesetter.py [--pairs 7]

The baseline is WeasyPrint alone writing the four seed packs' HTML (with the theme's
print.css beside it, and the packs' charts as the SVG files briefgen draws) as PDF/UA in one
process: what a build cannot beat. Each briefgen run is
a cold build (`-j 1`, a fresh copy of the project, so nothing is cached) in one process too,
beside a build that reads back the extractions and charts of an earlier one; runs alternate
with the baseline so that a noisy machine slows both alike. Printed: medians of
the CPU time (user + system) of each process and their ratio, then the wall times of the
no-op rebuild, of a rebuild after an edit that leaves every pack as it was, and of a DOCX-only
build against pandoc writing the same four HTML files as DOCX.

The DOCX line (alone with --docx-only) is timed like the PDF ones: each run of briefgen is a
cold build (`-j 1`, a fresh copy of the project) in one process, beside one from a project
that already has its extractions and charts, alternating with pandoc's runs; medians of the
wall times. Pandoc runs once per pack, four processes: one pandoc process writes one DOCX
(given the four files at once it would write one document of all four), so four runs are
what pandoc needs to make what one briefgen process makes. Pandoc reads the same HTML as
WeasyPrint does above, the charts as SVG files (drawing them is briefgen's work), and writes
its DOCX files into a folder, as briefgen does (briefgen also syncs them to disk).

Every process runs with Python's default bytecode caching (the environment's
PYTHONDONTWRITEBYTECODE left out, one untimed run first): an installed briefgen has its
bytecode, as pip compiled WeasyPrint's when it installed it and as pandoc is compiled; an
editable install under PYTHONDONTWRITEBYTECODE=1 would otherwise recompile briefgen's modules
in every run (~0.14 s of CPU) and charge that to the build. --no-bytecode keeps the variable.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BASELINE = """
import sys, weasyprint
from pathlib import Path
base = sys.argv[1]
for name in sys.argv[2:]:
    weasyprint.HTML(filename=name, base_url=base).write_pdf(pdf_variant="pdf/ua-1")
"""


def cpu_seconds(command: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> float:
    """The CPU time (user + system) of one child process and its own children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True, cwd=cwd, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def wall_seconds(command: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=cwd, env=env)
    return time.perf_counter() - start


def with_chart_files(pages: list[Path], folder: Path) -> list[Path]:
    """The packs' HTML with each `chart:` image pointing at the SVG file briefgen draws for
    it, so that the baseline typesets the same pictures (drawing them is briefgen's work)."""
    from briefgen.analysis import analyse
    from briefgen.compose import compose_briefs
    from briefgen.config import Theme
    from briefgen.render import svg_images

    folder.mkdir()
    briefs = {b.audience: b for b in compose_briefs(analyse([SEEDS]), Theme())}
    rewritten = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for src, svg in svg_images(briefs[page.stem], Theme()):
            drawn = folder / f"{page.stem}-{src.removeprefix('chart:')}.svg"
            drawn.write_bytes(svg)
            text = text.replace(f'src="{src}"', f'src="{drawn.as_uri()}"')
        assert 'src="chart:' not in text, page
        out = page.with_name(f"{page.stem}-baseline.html")
        out.write_text(text, encoding="utf-8")
        rewritten.append(out)
    return rewritten


def project_copy(folder: Path) -> Path:
    """A copy of this project's sources and settings, with no build state of its own yet."""
    shutil.copytree(SEEDS, folder / "seeds")
    shutil.copy(ROOT / "briefgen.toml", folder / "briefgen.toml")
    return folder


def briefgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "briefgen", *args]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--docx-only", action="store_true", help="time the DOCX line alone")
    parser.add_argument("--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE if set")
    args = parser.parse_args()
    environment = {
        name: value
        for name, value in os.environ.items()
        if args.no_bytecode or name != "PYTHONDONTWRITEBYTECODE"
    }
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        html = work / "html"
        subprocess.run(
            briefgen("build", str(SEEDS), "--out", str(html), "--format", "html"),
            check=True,
            capture_output=True,
            env=environment,
        )
        theme = ROOT / "templates"
        pages = [str(path) for path in with_chart_files(sorted(html.glob("*.html")), work / "charts")]
        baseline = [sys.executable, "-c", BASELINE, f"{theme}/", *pages]
        if args.docx_only:
            docx_against_pandoc(work, [Path(page) for page in pages], args.pairs, environment)
            return
        labels = ("pdf", "pdf+docx", "pdf, cached", "pdf+docx, cached")
        rows: dict[str, list[float]] = {"weasyprint": [], **{label: [] for label in labels}}
        warm = project_copy(work / "warm")
        subprocess.run(
            briefgen("build", "--out", "out-first"),
            check=True,
            capture_output=True,
            cwd=warm,
            env=environment,
        )
        for run in range(args.pairs):
            rows["weasyprint"].append(cpu_seconds(baseline, env=environment))
            for label, formats in (("pdf", "pdf"), ("pdf+docx", "pdf,docx")):
                # Cold: a fresh copy of the project has a fresh .briefgen/, so nothing is
                # cached (extractions, charts); "cached": the extractions and charts of an
                # earlier build are read back and only the packs are made anew.
                command = briefgen("build", "--format", formats, "-j", "1", "--out", f"out-{label}-{run}")
                cold = project_copy(work / f"cold-{label}-{run}")
                rows[label].append(cpu_seconds(command, cold, environment))
                rows[f"{label}, cached"].append(cpu_seconds(command, warm, environment))
        base = statistics.median(rows["weasyprint"])
        print(f"CPU seconds, median of {args.pairs} alternating runs")
        print(f"  WeasyPrint alone, four PDFs:       {base:6.2f}")
        for label in labels:
            budget = {"pdf": 1.10, "pdf+docx": 1.25}.get(label)
            value = statistics.median(rows[label])
            ratio = value / base
            bar = f" (budget {budget:.2f})" if budget else ""
            print(f"  briefgen build --format {label:<16} -j 1: {value:6.2f}  ratio {ratio:.2f}{bar}")

        project = work / "project"
        shutil.copytree(SEEDS, project / "seeds")
        build = briefgen("build", "seeds", "--out", "reports", "-j", "1")
        subprocess.run(build, check=True, capture_output=True, cwd=project, env=environment)
        no_op = statistics.median(wall_seconds(build, project, environment) for _ in range(args.pairs))
        print(f"no-op rebuild, wall: {no_op:.3f} s (budget 0.15)")
        source = project / "seeds" / "001_bad3f164150ac668.txt"
        edits = []
        for run in range(args.pairs):
            with source.open("a", encoding="utf-8") as handle:
                handle.write(f"\nThe weather was mild on day {run}.\n")
            edits.append(wall_seconds(build, project, environment))
        edit = statistics.median(edits)
        print(f"rebuild after a sentence that changes no pack, wall: {edit:.2f} s (budget 1)")

        docx_against_pandoc(work, [Path(page) for page in pages], args.pairs, environment)


def docx_against_pandoc(work: Path, pages: list[Path], pairs: int, environment: dict[str, str]) -> None:
    """Wall times of DOCX-only builds, cold and cached, against pandoc run once per pack."""
    pandoc_path = shutil.which("pandoc")
    command = briefgen("build", "--format", "docx", "-j", "1", "--out", "out-docx")
    warm = project_copy(work / "docx-warm")
    subprocess.run(command, check=True, capture_output=True, cwd=warm, env=environment)
    rows: dict[str, list[float]] = {"cold": [], "cached": [], "pandoc": []}
    written = work / "pandoc"  # files, as briefgen writes (not /dev/null)
    written.mkdir()
    for run in range(pairs):
        cold = project_copy(work / f"docx-cold-{run}")
        rows["cold"].append(wall_seconds(command, cold, environment))
        shutil.rmtree(warm / "out-docx")
        rows["cached"].append(wall_seconds(command, warm, environment))
        if pandoc_path is not None:
            rows["pandoc"].append(
                sum(
                    wall_seconds(
                        [pandoc_path, "-f", "html", "-t", "docx", "-o", str(written / page.stem), str(page)]
                    )
                    for page in pages
                )
            )
    cold_s, cached_s = statistics.median(rows["cold"]), statistics.median(rows["cached"])
    print(f"DOCX, wall seconds, median of {pairs} alternating runs")
    print(f"  briefgen build --format docx -j 1, cold:   {cold_s:6.2f}")
    print(f"  briefgen build --format docx -j 1, cached: {cached_s:6.2f}")
    if pandoc_path is None:
        print("  pandoc not installed: no ratio")
        return
    pandoc = statistics.median(rows["pandoc"])
    print(f"  pandoc, same HTML, one process per pack:  {pandoc:6.2f}")
    print(f"  ratio cold {cold_s / pandoc:.2f} (budget 2), cached {cached_s / pandoc:.2f}")


if __name__ == "__main__":
    main()
