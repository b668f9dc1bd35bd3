"""How a stage applies a pure function to many items: `map` by default, or a worker pool's
map that keeps the order (the build passes one), so that a stage need not know which."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Mapper(Protocol):
    def __call__(self, function: Callable[[T], R], items: Sequence[T], /) -> Iterable[R]: ...
