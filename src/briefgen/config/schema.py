"""One declarative way to validate every configuration file (MkDocs's config schema).

A file's schema is a mapping of key -> Field, written beside the dataclass it fills
(profiles, taxonomy, settings, sidecars). `validate` checks a TOML table against it,
collecting every problem with file, line and key before anything is reported, and returns
the values with defaults filled in; a wrong value is reported and replaced by the default
so that checking goes on.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from briefgen.errors import ConfigError, InputError


def toml_position(error: tomllib.TOMLDecodeError) -> tuple[str, str]:
    """(line:column, message) from a TOMLDecodeError on every supported Python."""
    message = str(error)
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
    if match:
        return f"{match.group(1)}:{match.group(2)}", message[: match.start()]
    match = re.search(r"\s*\(at end of document\)", message)
    if match:
        return "end", message[: match.start()]
    return "1:1", message


def parse_toml(text: str, path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where, message = toml_position(error)
        raise InputError(f"{path}:{where}: malformed TOML: {message}") from error


class Problems:
    """Collects configuration problems so that all of them are reported together."""

    def __init__(self, path: Path, raw: str) -> None:
        self.path = path
        self.raw = raw
        self.items: list[str] = []

    def add(self, key: str, message: str) -> None:
        self.items.append(f"{self.path}:{self.line(key)}: {key}: {message}")

    def line(self, dotted_key: str) -> int:
        """The line that sets a dotted key: searched from its table's header, if it has one."""
        parts = dotted_key.split(".")
        offset = 0
        for depth in range(len(parts) - 1, 0, -1):
            header = re.search(rf"^\s*\[\s*{re.escape('.'.join(parts[:depth]))}\s*\]", self.raw, re.MULTILINE)
            if header:
                offset = header.start()
                break
        last = re.escape(parts[-1])
        key = re.compile(
            rf"(?:^|[\s{{,])(?P<key>\"?{last}\"?)\s*=|^\s*(?P<key2>\[[^\]]*\b{last})\]", re.MULTILINE
        )
        match = key.search(self.raw, offset)
        if not match:
            return self.raw.count("\n", 0, offset) + 1
        return self.raw.count("\n", 0, match.start(match.lastgroup or 0)) + 1

    def raise_if_any(self) -> None:
        if self.items:
            raise ConfigError(self.items)


def read_toml(path: Path) -> tuple[dict[str, Any], Problems]:
    if path.exists() and not path.is_file():
        # A named pipe (or a device) would be waited on forever.
        raise ConfigError([f"{path}: cannot read: not a regular file"])
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError([f"{path}: cannot read: {error}"]) from error
    return parse_toml(raw, path), Problems(path, raw)


class Required:
    """The default of a key that must be given."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = Required()


@dataclass(frozen=True)
class Field:
    """One key: `read` checks a given value (reporting problems) and returns what to use."""

    default: Any = REQUIRED

    def read(self, problems: Problems, key: str, value: Any) -> Any:
        return value

    @property
    def fallback(self) -> Any:
        """What a wrong or missing required value is replaced by while checking goes on."""
        return None if self.default is REQUIRED else self.default


Schema = Mapping[str, Field]


def validate(
    problems: Problems, table: Mapping[str, Any], schema: Schema, prefix: str = ""
) -> dict[str, Any]:
    """Every key of the schema with its value (the default when absent). Unknown keys,
    wrong values and missing required keys are reported to `problems`, in the file's order."""
    allowed = ", ".join(schema)
    values: dict[str, Any] = {}
    for name, value in table.items():
        if name in schema:
            values[name] = schema[name].read(problems, f"{prefix}{name}", value)
        else:
            problems.add(f"{prefix}{name}", f"unknown key (expected one of: {allowed})")
    for name, field in schema.items():
        if name not in table:
            if field.default is REQUIRED:
                problems.add(f"{prefix}{name}", "is required")
            values[name] = field.fallback
    return {name: values[name] for name in schema}


@dataclass(frozen=True)
class Text(Field):
    empty: bool = False  # may the string be empty (or only white space)?

    def read(self, problems: Problems, key: str, value: Any) -> Any:
        if not isinstance(value, str):
            kind = "a string" if self.empty else "a non-empty string"
            problems.add(key, f"must be {kind}, not {value!r}")
            return self.fallback if self.fallback is not None else ""
        if not self.empty and not value.strip():
            problems.add(key, f"must be a non-empty string, not {value!r}")
            return ""
        return value


@dataclass(frozen=True)
class Number(Field):
    minimum: float = 0
    maximum: float | None = None

    def read(self, problems: Problems, key: str, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.add(key, f"must be a number, not {type(value).__name__}")
            return 0.0
        if value < self.minimum:
            problems.add(key, f"must be at least {self.minimum}, not {value}")
        elif self.maximum is not None and value > self.maximum:
            problems.add(key, f"must be between {self.minimum} and {self.maximum}, not {value}")
        return float(value)


@dataclass(frozen=True)
class Count(Field):
    """A whole number, zero or more."""

    def read(self, problems: Problems, key: str, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            problems.add(key, f"must be a whole number, not {value!r}")
            return self.fallback
        if value < 0:
            problems.add(key, f"must not be negative, not {value}")
            return self.fallback
        return value


@dataclass(frozen=True)
class Flag(Field):
    def read(self, problems: Problems, key: str, value: Any) -> Any:
        if not isinstance(value, bool):
            problems.add(key, "must be true or false")
            return self.fallback
        return value


@dataclass(frozen=True)
class OneOf(Field):
    choices: tuple[str, ...] = ()

    def read(self, problems: Problems, key: str, value: Any) -> Any:
        if value not in self.choices:
            problems.add(key, f"must be {' or '.join(repr(c) for c in self.choices)}, not {value!r}")
            return self.fallback
        return value


@dataclass(frozen=True)
class Names(Field):
    """A list of names from a known set, kept in the order given."""

    choices: tuple[str, ...] = ()

    def read(self, problems: Problems, key: str, value: Any) -> Any:
        allowed = ", ".join(self.choices)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            problems.add(key, f"must be a list of names from: {allowed}")
            return ()
        for item in value:
            if item not in self.choices:
                problems.add(key, f"unknown name '{item}' (expected one of: {allowed})")
        return tuple(item for item in value if item in self.choices)


@dataclass(frozen=True)
class Texts(Field):
    """A list of non-empty strings, kept in the order given ("focus = ["SCO", "Kazakhstan"]")."""

    def read(self, problems: Problems, key: str, value: Any) -> Any:
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            problems.add(key, f"must be a list of non-empty strings, not {value!r}")
            return ()
        return tuple(value)


@dataclass(frozen=True)
class Table(Field):
    """A nested table with a schema of its own, e.g. pages = { min = 4, max = 8 }."""

    schema: Schema | None = None
    example: str = ""

    def read(self, problems: Problems, key: str, value: Any) -> Any:
        schema = self.schema or {}
        if not isinstance(value, dict):
            problems.add(
                key, f"must be a table such as {self.example}" if self.example else "must be a table"
            )
            return validate(problems, {}, schema, f"{key}.")
        return validate(problems, value, schema, f"{key}.")


@dataclass(frozen=True)
class Tables(Field):
    """A table of named tables, each with the same schema, e.g. [sections.NAME]; at least one."""

    schema: Schema | None = None
    example: str = ""

    def read(self, problems: Problems, key: str, value: Any) -> Any:
        schema = self.schema or {}
        if not isinstance(value, dict) or not value:
            problems.add(key, f"must define at least one {self.example} table")
            return {}
        tables: dict[str, dict[str, Any]] = {}
        for name, table in value.items():
            if isinstance(table, dict):
                tables[name] = validate(problems, table, schema, f"{key}.{name}.")
            else:
                problems.add(f"{key}.{name}", f"must be a table with {', '.join(schema)}")
                tables[name] = {field: entry.fallback for field, entry in schema.items()}
        return tables


@dataclass(frozen=True)
class Weights(Field):
    """A table of name = number (a section's terms and their weights), names lower-cased."""

    def read(self, problems: Problems, key: str, value: Any) -> Any:
        if not isinstance(value, dict):
            problems.add(key, "must be a table of term = weight")
            return {}
        return {
            name.lower(): Number().read(problems, f"{key}.{name}", weight) for name, weight in value.items()
        }


@dataclass(frozen=True)
class IsoDate(Field):
    """A TOML date or datetime (the day is what counts), or a string YYYY-MM-DD."""

    def read(self, problems: Problems, key: str, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        problems.add(key, f"must be a date YYYY-MM-DD, not {value!r}")
        return self.fallback


@dataclass(frozen=True)
class WebAddress(Field):
    def read(self, problems: Problems, key: str, value: Any) -> Any:
        if not isinstance(value, str) or urlsplit(value).scheme not in {"http", "https"}:
            problems.add(key, f"must be an http or https address, not {value!r}")
            return self.fallback
        return value


def encoding_problem(name: str) -> str | None:
    """Why name is not a text encoding Python knows, or None when it is one. rot13, base64
    and zlib are codecs Python knows but that turn bytes into bytes, not into text."""
    try:
        codecs.lookup(name)
    except LookupError:
        return f"unknown encoding {name!r}"
    try:
        b"\0\0\0\0".decode(name)  # empty bytes would decode without the check
    except UnicodeDecodeError:
        pass  # a text encoding these bytes are not valid in
    except (LookupError, UnicodeError):  # UnicodeError: the "undefined" codec refuses everything
        return f"{name!r} is not a text encoding (try utf-8, latin-1 or cp1252)"
    return None


@dataclass(frozen=True)
class Encoding(Field):
    """The name of a text encoding Python knows (utf-8, cp1252, ...)."""

    def read(self, problems: Problems, key: str, value: Any) -> Any:
        problem = encoding_problem(value) if isinstance(value, str) else f"unknown encoding {value!r}"
        if problem:
            problems.add(key, problem)
            return self.fallback
        return value


HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Colour(Field):
    """A colour as CSS writes it in hex, "#16324f"."""

    def read(self, problems: Problems, key: str, value: Any) -> Any:
        if not isinstance(value, str) or not HEX_COLOUR.fullmatch(value):
            problems.add(key, f'must be a colour such as "#16324f", not {value!r}')
            return self.fallback
        return value.lower()
