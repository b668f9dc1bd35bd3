"""The model's own rules, which every stage shares."""

from __future__ import annotations

import pytest

from briefgen.model import Figure


@pytest.mark.parametrize(
    ("kind", "unit", "amount"),
    [
        ("money", "USD", True),
        ("percent", "%", True),
        ("quantity", "tonnes", True),
        ("fraction", "of the population", True),
        ("count", "nations", True),
        ("count", None, False),
        ("ordinal", "summit", False),
        ("year", None, False),
        ("date", "July", False),
        ("range", "years", False),
    ],
)
def test_an_amount_is_a_measured_figure_with_a_unit(kind, unit, amount):
    assert Figure("x", 0, 1, kind, 1.0, unit).is_amount is amount
