"""The build's serial stretch, made shorter, gives the answers of the simple versions it
replaced; those are written out here as the reference."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import given
from hypothesis import strategies as st
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefgen.model import SourceRef
from briefgen.render.html import publishers_named, source_dates
from briefgen.sources import load_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
T = TypeVar("T")
R = TypeVar("R")

# The notes to editors' lists as the press template first computed them.
NOTES_TEMPLATE = ImmutableSandboxedEnvironment().from_string(
    '{{ sources | selectattr("date") | map(attribute="date") | sort | list }}|'
    '{{ sources | map(attribute="publisher") | select | unique | list }}'
)

source_refs = st.lists(
    st.builds(
        SourceRef,
        id=st.sampled_from(["a", "b", "c"]),
        title=st.none(),
        # Few names in several cases, so that the case-blind repeats come up often.
        publisher=st.one_of(
            st.none(), st.just(""), st.sampled_from(["Reuters", "reuters", "AP", "Ap", "ÉTAT"])
        ),
        date=st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2000, 1, 20))),
        url=st.none(),
    ),
    max_size=30,
)


@given(source_refs)
def test_the_notes_lists_are_the_templates_filters(sources: list[SourceRef]) -> None:
    # Unescaped, a list prints as Python's repr of it.
    assert NOTES_TEMPLATE.render(sources=sources) == f"{source_dates(sources)}|{publishers_named(sources)}"


def reversed_map(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """A map that works through the items in another order, as a pool's workers may, and
    gives the results in theirs."""
    return list(reversed([function(item) for item in reversed(items)]))


def test_a_corpus_read_through_a_mapper_is_the_one_read_in_turn(tmp_path: Path) -> None:
    """The documents, their order and the warnings (an empty file, a kind no reader
    handles) do not depend on how each file is read."""
    for name, text in [("b.txt", "Second source text."), ("a.md", "# A\n\nFirst."), ("c.txt", "  \n")]:
        (tmp_path / name).write_text(text)
    (tmp_path / "d.xlsx").write_bytes(b"x")
    calls: list[Any] = []

    def counting(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
        calls.append(len(items))
        return reversed_map(function, items)

    for paths in ([tmp_path], [SEEDS]):
        assert load_corpus(paths, mapper=counting) == load_corpus(paths)
    assert calls and calls[0] == 3
