"""Run the bad-input and fault matrix (tests/reliability/cases.py) and print it as a table.

python bench/reliability_matrix.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.reliability.attacks import ATTACKS
from tests.reliability.cases import CASES, FAULTS, run_case
from tests.reliability.faults import ATTACK_FAULTS


def main() -> int:
    rows = []
    for case in (*CASES, *ATTACKS):
        with tempfile.TemporaryDirectory() as folder:
            outcome, problems = run_case(case, Path(folder))
        message = next((line for line in outcome.stderr.splitlines() if "error:" in line), "")
        rows.append((case.name, f"exit {case.exit_code}", f"exit {outcome.exit_code}", problems, message))
    for name, expected, run in (*FAULTS, *ATTACK_FAULTS):
        with tempfile.TemporaryDirectory() as folder:
            observed, problems = run(Path(folder))
        rows.append((name, expected, observed, problems, ""))
    width = max(len(row[0]) for row in rows)
    print(f"{'case':<{width}}  {'expected':<13}  {'observed':<14}  result  message")
    for name, expected, observed, problems, message in rows:
        verdict = "ok" if not problems else "FAIL: " + "; ".join(problems)
        print(f"{name:<{width}}  {expected:<13}  {observed:<14}  {verdict:<6}  {message[:80]}")
    failed = sum(1 for row in rows if row[3])
    print(f"{len(rows) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
