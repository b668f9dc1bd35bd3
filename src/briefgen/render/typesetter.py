"""WeasyPrint, imported with its C libraries looked up in the dynamic linker's cache only.

WeasyPrint asks cffi for Pango, HarfBuzz, fontconfig and GObject by several names each,
short ones first ("gobject-2.0-0"), and cffi hands a name without a dot to
`ctypes.util.find_library`, which on Linux runs `ldconfig -p` and, for every name that is
not there, gcc and ld as well: some fifty processes and a tenth of a second of CPU in each
build, before any page is laid out. `find_library` only ever gives a soname for the loader
to find again, so a library it finds through gcc or ld is one that the loader finds by
WeasyPrint's later, full names too ("libgobject-2.0.so.0"); asking `ldconfig -p` alone
loads the same files. Anywhere but Linux, or on a Python without that lookup, WeasyPrint is
imported as it is.
"""

from __future__ import annotations

import ctypes.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def linker_cache_only() -> Iterator[None]:
    lookup = getattr(ctypes.util, "_findSoname_ldconfig", None)
    if not sys.platform.startswith("linux") or lookup is None:
        yield
        return
    found = ctypes.util.find_library
    ctypes.util.find_library = lookup
    try:
        yield
    finally:
        ctypes.util.find_library = found


with linker_cache_only():
    import weasyprint
    from weasyprint.formatting_structure import boxes
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

__all__ = ["FontConfiguration", "URLFetcher", "boxes", "weasyprint"]
