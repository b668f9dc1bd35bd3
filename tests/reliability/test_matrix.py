"""Every case of the bad-input and fault matrix: documented exit code, one clear message
naming the file, no traceback, nothing fetched, no report lost or half-written."""

from __future__ import annotations

import pytest

from tests.reliability.cases import CASES, FAULTS, run_case


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case, tmp_path):
    outcome, problems = run_case(case, tmp_path)
    assert not problems, f"{problems}\nstderr:\n{outcome.stderr}"


@pytest.mark.parametrize(("name", "expected", "run"), FAULTS, ids=[fault[0] for fault in FAULTS])
def test_fault(name, expected, run, tmp_path):
    observed, problems = run(tmp_path)
    assert not problems, f"{name}: {observed}; {problems}"
