"""Scale and performance budget: corpora of N sources (N = 10, 100, 1,000 by default).

    python bench/scale.py [N ...] [--jobs 2]

For each N: extraction time, full build time (every audience, PDF and DOCX), peak memory,
and the page counts of the packs against their budgets; then the growth ratios. On the seeds:
the four-audience PDF build against WeasyPrint alone on the same HTML, and a no-op rebuild.
Budget: 1,000 sources in <= 60 s and <= 500 MB; growth no worse than linear; build/WeasyPrint
<= 1.3; no-op <= 0.4 s.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import make_corpus  # noqa: E402

BUDGETS = {"executive": (0, 2), "press": (4, 8)}
MEASURE_ONE = """
import json, resource, sys, time
from pathlib import Path
from briefgen.build import BuildRequest, build
from briefgen.extract import extract_document
from briefgen.sources import load_corpus
folder, out, jobs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
corpus = load_corpus([folder])
start = time.perf_counter()
for document in corpus.documents:
    extract_document(document)
extraction = time.perf_counter() - start
start = time.perf_counter()
build(BuildRequest(sources=(folder,), out=out, formats=("pdf", "docx"), jobs=jobs))
total = time.perf_counter() - start
peak = max(
    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
)
size = sum(len(d.text.encode()) for d in corpus.documents)
print(json.dumps({"extraction": extraction, "build": total, "peak_mb": peak / 1024, "bytes": size}))
"""


def pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def measure(count: int, jobs: int, work: Path) -> dict[str, float]:
    folder, out = work / f"corpus-{count}", work / f"reports-{count}"
    make_corpus(count, folder)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE_ONE, str(folder), str(out), str(jobs)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    for audience, (low, high) in BUDGETS.items():
        count_pages = pages(out / f"{audience}.pdf")
        figures[f"{audience}_pages"] = count_pages
        figures[f"{audience}_ok"] = float((not low or count_pages >= low) and count_pages <= high)
    return figures


def weasyprint_ratio(work: Path) -> tuple[float, float]:
    """Four PDFs by `briefgen build -j 1` against WeasyPrint alone on the same four HTML files."""
    import weasyprint

    from briefgen.build import BuildRequest, build
    from briefgen.config import Theme

    out = work / "seeds-pdf"
    build(BuildRequest(sources=(ROOT / "seeds",), out=out, formats=("html",), jobs=1))
    start = time.perf_counter()
    build(BuildRequest(sources=(ROOT / "seeds",), out=out, formats=("pdf",), jobs=1))
    briefgen_seconds = time.perf_counter() - start
    base = str(Theme().folders[0]) + "/"
    start = time.perf_counter()
    for html in sorted(out.glob("*.html")):
        weasyprint.HTML(string=html.read_text(encoding="utf-8"), base_url=base).write_pdf(
            pdf_variant="pdf/ua-1"
        )
    return briefgen_seconds, time.perf_counter() - start


def no_op_seconds(work: Path) -> float:
    out = work / "seeds-all"
    command = [sys.executable, "-m", "briefgen", "build", str(ROOT / "seeds"), "--out", str(out)]
    subprocess.run(command, capture_output=True, check=True, cwd=ROOT)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, cwd=ROOT)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("counts", nargs="*", type=int, default=[10, 100, 1000])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        rows = []
        print(
            f"{'N':>6} {'MB':>6} {'extract s':>9} {'MB/s':>6} {'build s':>8} {'peak MB':>8} "
            f"{'exec pp':>7} {'press pp':>8}"
        )
        for count in args.counts:
            figures = measure(count, args.jobs, work)
            rows.append((count, figures))
            megabytes = figures["bytes"] / 1e6
            print(
                f"{count:>6} {megabytes:>6.2f} {figures['extraction']:>9.2f} "
                f"{megabytes / figures['extraction']:>6.2f} {figures['build']:>8.2f} "
                f"{figures['peak_mb']:>8.0f} "
                f"{figures['executive_pages']:>7.0f} {figures['press_pages']:>8.0f}"
            )
        for (small_n, small), (large_n, large) in itertools.pairwise(rows):
            print(
                f"N x{large_n / small_n:.0f}: extraction x{large['extraction'] / small['extraction']:.1f}, "
                f"build x{large['build'] / small['build']:.1f}"
            )
        within = all(f["executive_ok"] and f["press_ok"] for _, f in rows)
        print(f"packs within their page budgets at every N: {'yes' if within else 'NO'}")
        briefgen_seconds, weasy_seconds = weasyprint_ratio(work)
        print(
            f"seeds, four PDFs: briefgen build {briefgen_seconds:.2f} s, "
            f"WeasyPrint alone {weasy_seconds:.2f} s, "
            f"ratio {briefgen_seconds / weasy_seconds:.2f} (budget 1.3)"
        )
        print(f"seeds, no-op rebuild: {no_op_seconds(work):.2f} s (budget 0.4)")


if __name__ == "__main__":
    main()
