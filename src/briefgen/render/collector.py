"""The garbage collector held off while a library builds a great many objects that all stay
alive until it is done: WeasyPrint laying out or writing one pack, matplotlib importing
itself and drawing a chart. Each would set off collection after collection that walk those
objects and free nothing (0.1-0.2 s of CPU over the four seed packs, 0.03 s for their
charts); what they leave behind is collected as usual once the work is done, so memory
stays bounded by one pack's layout."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
