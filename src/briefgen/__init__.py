"""briefgen: turn a folder of source texts into cited briefing packs (PDF and DOCX)."""

__version__ = "0.1.0"
