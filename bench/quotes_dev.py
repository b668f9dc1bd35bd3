"""Quotes and speakers on the labelled news development set, when `../shared` holds it.

    python bench/quotes_dev.py

Runs the set's own scorer (`../shared/eval/score_quotes.py`) on this checkout's briefgen and
prints its figures: precision, recall, speaker accuracy, wrong-name rate and non-speech spans
rejected. The bars (issue 13): speaker >= 0.92, wrong-name <= 0.02, P >= 0.98, R >= 0.95,
at least 32 of 34 rejected. Without the set it says so and exits 0.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
DEV = EVAL / "quotes-dev"


def briefgen_command() -> str:
    beside = Path(sys.executable).parent / "briefgen"
    return str(beside) if beside.exists() else shutil.which("briefgen") or "briefgen"


def main() -> int:
    scorer = EVAL / "score_quotes.py"
    if not (scorer.is_file() and (DEV / "gold").is_dir() and (DEV / "raw").is_dir()):
        print(f"skipped: no development set at {DEV}")
        return 0
    command = [
        sys.executable,
        str(scorer),
        str(DEV / "gold"),
        str(DEV / "raw"),
        "--briefgen",
        briefgen_command(),
    ]
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
