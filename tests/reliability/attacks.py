"""The failures an independent attack matrix found (issue 18), as cases of the project's own
matrix: hangs, orphans, internal errors, reads outside the sources, leftovers, escapes.

Each case runs the real CLI in a subprocess like those of cases.py; builds write HTML only
where rendering is not the point. tests/reliability/test_matrix.py runs them and
bench/reliability_matrix.py prints them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tests.reliability.cases import SEEDS, Case, Outcome, write

HANG = 60  # seconds: what a case that used to hang may take before it counts as hanging


def extract_of(content: str) -> Callable[[Path], list[str]]:
    def setup(project: Path) -> list[str]:
        write(project / "src" / "a.txt", content)
        return ["extract", "src", "--format", "json"]

    return setup


def unbalanced_marks() -> str:
    clause = "“The delegates met in the hall "
    return "Talks\n\n" + clause * 20_000 + "\n"


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


ATTACKS: tuple[Case, ...] = (
    Case(
        "20,000 unbalanced quote marks (1 MB)",
        extract_of(unbalanced_marks()),
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
)


ATTACK_FAULTS: tuple[tuple[str, str, Callable[[Path], tuple[str, list[str]]]], ...] = ()
