"""Cold build of every pack from the seeds (PDF and DOCX), then the no-op rebuild.

    python bench/build_speed.py [--jobs N]

Budget: the no-op rebuild in at most 0.4 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "briefgen", "build", "seeds", "--out", out, "-j", str(args.jobs)]
        cold = timed(command)
        no_op = min(timed(command) for _ in range(5))
    print(f"cold build, 4 audiences x PDF + DOCX, -j {args.jobs}: {cold:.2f} s")
    print(f"no-op rebuild (best of 5): {no_op:.2f} s (budget 0.4)")


if __name__ == "__main__":
    main()
