"""briefgen: turn a folder of source texts into cited briefing packs (PDF and DOCX)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("briefgen")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
