"""The building blocks every configuration file is validated with: reading TOML, and field
checks that collect every problem with file, line and key before anything is reported."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

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
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError([f"{path}: cannot read: {error}"]) from error
    return parse_toml(raw, path), Problems(path, raw)


def check_keys(problems: Problems, prefix: str, table: Mapping[str, Any], allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    for key in table:
        if key not in allowed:
            problems.add(f"{prefix}{key}", f"unknown key (expected one of: {', '.join(allowed)})")


def string(problems: Problems, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.add(key, f"must be a non-empty string, not {value!r}")
        return ""
    return value


def number(problems: Problems, key: str, value: Any, *, minimum: float = 0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.add(key, f"must be a number, not {type(value).__name__}")
        return 0.0
    if value < minimum:
        problems.add(key, f"must be at least {minimum}, not {value}")
    return float(value)


def count(problems: Problems, key: str, value: Any, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(key, f"must be a whole number, not {value!r}")
        return default
    if value < 0:
        problems.add(key, f"must not be negative, not {value}")
        return default
    return value


def choices(problems: Problems, key: str, value: Any, allowed: Sequence[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.add(key, f"must be a list of names from: {', '.join(allowed)}")
        return ()
    for item in value:
        if item not in allowed:
            problems.add(key, f"unknown name '{item}' (expected one of: {', '.join(allowed)})")
    return tuple(item for item in value if item in allowed)
