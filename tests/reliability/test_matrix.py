"""Every case of the bad-input and fault matrix: documented exit code, one clear message
naming the file, no traceback, nothing fetched, no report lost or half-written."""

from __future__ import annotations

import pytest

from tests.reliability.attacks import ATTACKS
from tests.reliability.cases import CASES, FAULTS, run_case
from tests.reliability.faults import ATTACK_FAULTS

ALL_CASES = (*CASES, *ATTACKS)
ALL_FAULTS = (*FAULTS, *ATTACK_FAULTS)


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.name for case in ALL_CASES])
def test_case(case, tmp_path):
    outcome, problems = run_case(case, tmp_path)
    assert not problems, f"{problems}\nstderr:\n{outcome.stderr}"


@pytest.mark.parametrize(("name", "expected", "run"), ALL_FAULTS, ids=[fault[0] for fault in ALL_FAULTS])
def test_fault(name, expected, run, tmp_path):
    observed, problems = run(tmp_path)
    assert not problems, f"{name}: {observed}; {problems}"
