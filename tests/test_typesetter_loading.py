"""WeasyPrint imported through render.typesetter (its C libraries looked up in the linker's
cache only) loads the very library files that WeasyPrint imported on its own loads."""

from __future__ import annotations

import subprocess
import sys

import pytest

LIBRARIES = ("pango", "harfbuzz", "gobject", "fontconfig", "glib")
MAPPED = (
    "import sys\n"
    "{imports}\n"
    "names = {libraries!r}\n"
    "with open('/proc/self/maps') as maps:\n"
    "    paths = {{line.split()[-1] for line in maps if '.so' in line}}\n"
    "print(*sorted(p for p in paths if any(n in p.rsplit('/', 1)[-1] for n in names)), sep='\\n')\n"
)


def loaded(imports: str) -> list[str]:
    script = MAPPED.format(imports=imports, libraries=LIBRARIES)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return done.stdout.split()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/maps and ldconfig: Linux")
def test_the_linker_cache_lookup_loads_the_libraries_weasyprint_finds_itself():
    reference = loaded("import weasyprint")
    assert any("pango" in path for path in reference) and any("harfbuzz" in path for path in reference)
    assert loaded("import briefgen.render.typesetter") == reference


def test_find_library_is_itself_again_after_the_lookup():
    import ctypes.util

    found = ctypes.util.find_library
    from briefgen.render.typesetter import linker_cache_only

    with linker_cache_only():
        if sys.platform.startswith("linux"):
            assert ctypes.util.find_library is not found
    assert ctypes.util.find_library is found
