"""The optional `<stem>.toml` beside a source: metadata a user states, which wins over what
is read off the text."""

from __future__ import annotations

from pathlib import Path

from briefgen.config.schema import Encoding, IsoDate, Schema, Text, WebAddress, read_toml, validate
from briefgen.sources.metadata import Metadata

SIDECAR: Schema = {
    "title": Text(default=None),
    "date": IsoDate(default=None),
    "publisher": Text(default=None),
    "kind": Text(default=None),  # ministry, state media, press, opinion...
    "url": WebAddress(default=None),
    "encoding": Encoding(default=None),
    "retrieved": IsoDate(default=None),  # when `briefgen add` fetched the page
}


def read_sidecar(path: Path) -> Metadata:
    """Every problem in the file is reported at once, each with its line and key."""
    data, problems = read_toml(path)
    values = validate(problems, data, SIDECAR)
    problems.raise_if_any()
    return Metadata(**values)
