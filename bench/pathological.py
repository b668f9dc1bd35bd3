"""Extraction time on pathological sources, each at a quarter of its size and at its size:
time must grow with the size, not with its square.

    python bench/pathological.py [--scale 1]

Each source is read, extracted, classified and reconciled as `briefgen extract` does. The
table prints MB/s at both sizes and how much faster than the size the time grew (1 is
linear, 4 quadratic). The bar: >= 1 MB/s for unbalanced marks and for the 5 MB line.
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


CASES: tuple[tuple[str, Callable[[int], str], float], ...] = (
    ("unbalanced quote marks", unbalanced_marks, 1.0),
    ("a mark opening each line", marks_opening_lines, 1.0),
    ("10,000 figure clauses", figure_clauses, 0.3),
    ("one 5 MB line", one_line, 5.0),
)
# The cases held to 1 MB/s; the others are many real items (a quote a line, a figure a
# clause) and are held to growing linearly.
THROUGHPUT_BAR = {"unbalanced quote marks", "one 5 MB line"}


def timed(text: str, folder: Path) -> float:
    path = folder / "source.txt"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    analyse([path])
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every case's size by this")
    args = parser.parse_args()
    size_columns = f"{'size':>8} {'seconds':>8} {'MB/s':>6}"
    print(f"{'input':<24} {size_columns}   {size_columns}  ratio")
    slow = 0
    with tempfile.TemporaryDirectory() as work:
        for name, make, megabytes in CASES:
            large = int(megabytes * args.scale * 1e6)
            rows = []
            for size in (large // 4, large):
                text = make(size)
                mb = len(text.encode("utf-8")) / 1e6
                rows.append((mb, timed(text, Path(work))))
            (small_mb, small_s), (large_mb, large_s) = rows
            cells = "   ".join(f"{mb:6.2f}MB {s:8.2f} {mb / s:6.2f}" for mb, s in rows)
            ratio = (large_s / small_s) / (large_mb / small_mb)
            print(f"{name:<24} {cells}  {ratio:5.2f}")
            if name in THROUGHPUT_BAR:
                slow += min(small_mb / small_s, large_mb / large_s) < 1.0
    print("ratio: time growth over size growth (1 is linear, 4 quadratic)")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
