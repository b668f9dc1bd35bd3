"""The optional `<stem>.toml` beside a source: metadata a user states, which wins over what
is read off the text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

from briefgen.config.schema import parse_toml
from briefgen.errors import ConfigError, InputError
from briefgen.sources.decode import known_encoding
from briefgen.sources.metadata import Metadata

SIDECAR_KEYS: dict[str, tuple[type, ...]] = {
    "title": (str,),
    "date": (str, dt.date),
    "publisher": (str,),
    "url": (str,),
    "encoding": (str,),
}


def line_of(text: str, key: str) -> int:
    """The line on which a top-level key is set, for error messages."""
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def read_sidecar(path: Path) -> Metadata:
    """The optional `<stem>.toml` next to a source; its keys win over derived metadata."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read sidecar: {error}") from error
    data = parse_toml(raw, path)
    problems = []
    for key, value in data.items():
        where = f"{path}:{line_of(raw, key)}"
        if key not in SIDECAR_KEYS:
            problems.append(f"{where}: unknown key '{key}' (known: {', '.join(SIDECAR_KEYS)})")
        elif not isinstance(value, SIDECAR_KEYS[key]):
            problems.append(f"{where}: '{key}' must be a string, not {type(value).__name__}")
    date = data.get("date")
    if isinstance(date, dt.datetime):  # a TOML datetime: the day is the publication date
        date = date.date()
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            problems.append(f"{path}:{line_of(raw, 'date')}: 'date' must be YYYY-MM-DD, not {date!r}")
    url = data.get("url")
    if isinstance(url, str) and urlsplit(url).scheme not in {"http", "https"}:
        problems.append(f"{path}:{line_of(raw, 'url')}: 'url' must be an http or https address, not {url!r}")
    encoding = data.get("encoding")
    if isinstance(encoding, str) and not known_encoding(encoding):
        problems.append(f"{path}:{line_of(raw, 'encoding')}: unknown encoding {encoding!r}")
    if problems:
        raise ConfigError(problems)
    return Metadata(
        title=_str(data.get("title")),
        date=date if isinstance(date, dt.date) else None,
        publisher=_str(data.get("publisher")),
        url=_str(data.get("url")),
        encoding=_str(encoding),
    )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None
