"""Extraction time on pathological sources over a ladder of sizes: time must grow with the
size, not with its square.

    python bench/pathological.py [--scale 1] [--max-seconds 120]

Each source is read, extracted, classified and reconciled as `briefgen extract` does. Each
row prints a size, its wall-clock and CPU seconds and MB/s, and the ratio of CPU time per MB
at that size to that at the size before (1 is linear; a quadratic step makes it the
size step, 2 or 2.5). The bar: >= 1 MB/s (wall clock) for unbalanced marks and for the 5 MB
line; the others are many real items (a quote a line, a figure a clause) and are held to
growing linearly. On a shared machine CPU time says what the code costs, wall time what a
user waits.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from briefgen.analysis import analyse

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def repeated(unit: str, size: int) -> str:
    return unit * (size // len(unit.encode("utf-8")))


def unbalanced_marks(size: int) -> str:
    """Opening quote marks that never close, in one paragraph (20,000 in a megabyte)."""
    return "Talks\n\n" + repeated("“The delegates met in the hall ", size) + "\n"


def marks_opening_lines(size: int) -> str:
    """A mark opening every line and none closing: each line a quote running on to the next."""
    return "Talks\n\n" + repeated("“The delegates met again in the hall today and\n", size)


def figure_clauses(size: int) -> str:
    """One paragraph, one sentence, thousands of short clauses that each carry a figure."""
    clauses = []
    total = 0
    index = 0
    while total < size:
        clause = f"port {index % 90} handled {index % 977 + 3} ships"
        clauses.append(clause)
        total += len(clause) + 2
        index += 1
    return "Ports\n\n" + ", ".join(clauses) + ".\n"


def one_line(size: int) -> str:
    """The shipped seeds, their line breaks turned to spaces, repeated: prose that never ends a line."""
    prose = " ".join(
        re.sub(r"\s+", " ", path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))
    )
    return repeated(prose + " ", size)


CASES: tuple[tuple[str, Callable[[int], str], tuple[float, ...]], ...] = (
    ("unbalanced quote marks", unbalanced_marks, (0.25, 0.5, 1.0, 2.0)),
    ("a mark opening each line", marks_opening_lines, (0.25, 0.5, 1.0, 2.0)),
    ("10,000 figure clauses", figure_clauses, (0.075, 0.15, 0.3, 0.6)),
    ("one 5 MB line", one_line, (0.25, 0.5, 1.0, 2.0, 5.0)),
)
THROUGHPUT_BAR = {"unbalanced quote marks", "one 5 MB line"}


def timed(text: str, folder: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds to analyse text as one source."""
    path = folder / "source.txt"
    path.write_text(text, encoding="utf-8")
    wall, cpu = time.perf_counter(), time.process_time()
    analyse([path])
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size by this")
    parser.add_argument(
        "--max-seconds", type=float, default=120.0, help="skip a case's larger sizes after a size this slow"
    )
    args = parser.parse_args()
    print(f"{'input':<26} {'MB':>6} {'wall s':>7} {'MB/s':>6} {'cpu s':>7} {'MB/s':>6}  ratio")
    slow = 0
    with tempfile.TemporaryDirectory() as work:
        for name, make, ladder in CASES:
            previous: float | None = None  # CPU seconds per MB at the size before
            for megabytes in ladder:
                text = make(int(megabytes * args.scale * 1e6))
                mb = len(text.encode("utf-8")) / 1e6
                wall, cpu = timed(text, Path(work))
                ratio = f"{cpu / mb / previous:5.2f}" if previous else "    -"
                print(
                    f"{name:<26} {mb:6.2f} {wall:7.2f} {mb / wall:6.2f} {cpu:7.2f} {mb / cpu:6.2f}  {ratio}"
                )
                previous = cpu / mb
                if name in THROUGHPUT_BAR:
                    slow += mb / wall < 1.0
                if wall > args.max_seconds:
                    print(f"{name:<26} larger sizes skipped (over {args.max_seconds:.0f} s)")
                    slow += 1
                    break
    print("ratio: CPU time per MB over that of the size before (1 is linear; quadratic: the size step)")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
