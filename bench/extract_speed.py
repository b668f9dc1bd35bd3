"""Extraction throughput on a recombined corpus, and how time grows with size.

    python bench/extract_speed.py [--mb 5]

Prints MB/s on one core for about 1x and 10x the size (the bar: >= 2 MB/s, ratio ~10), by
the wall clock and by CPU time (what the code costs on a machine other work shares).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import make_corpus

from briefgen.extract import extract_document
from briefgen.sources import load_corpus


def timed_extraction(folder: Path) -> tuple[float, float, int]:
    """Wall-clock and CPU seconds to extract every source, and their size in bytes."""
    corpus = load_corpus([folder])
    size = sum(len(d.text.encode("utf-8")) for d in corpus.documents)
    wall, cpu = time.perf_counter(), time.process_time()
    for document in corpus.documents:
        extract_document(document)
    return time.perf_counter() - wall, time.process_time() - cpu, size


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=5.0, help="size of the larger corpus in MB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        per_source = 3_000  # bytes, about the average recombined source
        large_n = int(args.mb * 1e6 / per_source)
        small_n = max(1, large_n // 10)
        results = []
        for label, count in (("1x", small_n), ("10x", large_n)):
            folder = Path(work) / label
            make_corpus(count, folder)
            seconds, cpu, size = timed_extraction(folder)
            results.append((label, count, size, seconds))
            print(
                f"{label:>4}: {count:5d} sources, {size / 1e6:6.2f} MB, {seconds:6.2f} s, "
                f"{size / 1e6 / seconds:5.2f} MB/s (CPU {cpu:6.2f} s, {size / 1e6 / cpu:5.2f} MB/s)"
            )
        (_, _, small_size, small_s), (_, _, large_size, large_s) = results
        print(
            f"size ratio {large_size / small_size:.1f}, time ratio {large_s / small_s:.1f} "
            f"(linear growth keeps these close)"
        )


if __name__ == "__main__":
    main()
