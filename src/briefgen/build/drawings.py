"""The charts a build drew, kept in its cache folder by the name `render.charts` gives each
drawing (a digest of what it shows and how it is drawn): the next build reads them back and
never imports the plotting library. The reading and writing are here, at the build's end
of the pipeline; the renderers only ask for a name."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from briefgen.build.files import atomic_write


@dataclass(frozen=True)
class DrawingFolder:
    folder: Path

    def read(self, name: str) -> bytes | None:
        try:
            return (self.folder / name).read_bytes()
        except OSError:
            return None

    def write(self, name: str, data: bytes) -> None:
        # Written beside and renamed, so another build reads a whole drawing or none; one that
        # cannot be kept costs time next build, never correctness.
        with contextlib.suppress(OSError):
            atomic_write(self.folder / name, data, durable=False)
