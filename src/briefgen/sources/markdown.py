"""The reader of Markdown: the file decoded as it is, its front matter read as metadata and
marked to skip, and its inline markup (**, [text](url), `code`) marked to leave out when
shown, so that offsets still index the file while a pack shows what a reader sees."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefgen.errors import InputError
from briefgen.model import Span
from briefgen.sources.boilerplate import find_boilerplate
from briefgen.sources.dates import parse_date
from briefgen.sources.metadata import derive_metadata
from briefgen.sources.plain import decode_text
from briefgen.sources.reading import Reading

# Front-matter keys, in order of preference, for each piece of metadata.
TITLE_KEYS = ("title",)
DATE_KEYS = ("date", "published", "pubdate")
PUBLISHER_KEYS = ("publisher", "publication", "site_name", "sitename", "site")
URL_KEYS = ("url", "link", "canonical_url", "canonical", "source_url", "source")
# The text_join rule would fold escapes into the text around them and lose their place.
PARSER = MarkdownIt("commonmark").disable("text_join")
WHITE = re.compile(r"\s+")


def read(data: bytes, path: Path, encoding: str, *, detect: bool) -> Reading:
    text, notes = decode_text(data, path, encoding, detect=detect)
    matter, fields = front_matter(text, path)
    body = text[matter.end :] if matter else text
    offset = matter.end if matter else 0
    boilerplate = tuple(Span(s.start + offset, s.end + offset) for s in find_boilerplate(body))
    derived = derive_metadata(body, find_boilerplate(body))
    stated = date_field(fields)
    metadata = replace(
        derived,
        title=text_field(fields, TITLE_KEYS) or derived.title,
        date=stated or derived.date,
        date_basis="front matter" if stated else derived.date_basis,
        publisher=text_field(fields, PUBLISHER_KEYS) or derived.publisher,
        url=url_field(fields) or derived.url,
    )
    return Reading(
        text,
        "markdown",
        metadata,
        ((matter,) if matter else ()) + boilerplate,
        markup=tuple(inline_markup(text, offset)),
        notes=notes,
    )


def front_matter(text: str, path: Path) -> tuple[Span | None, Mapping[str, Any]]:
    """The span of a YAML front-matter block (--- ... ---) at the top, and what it says."""
    handler = frontmatter.detect_format(text, frontmatter.handlers)
    if handler is None or handler.FM_BOUNDARY is None:
        return None, {}
    boundaries = list(handler.FM_BOUNDARY.finditer(text))[:2]
    if len(boundaries) < 2 or text[: boundaries[0].start()].strip():
        return None, {}
    opening, closing = boundaries
    end = closing.end() + (1 if text[closing.end() : closing.end() + 1] == "\n" else 0)
    try:
        fields = handler.load(text[opening.end() : closing.start()])
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        raise InputError(f"{path}:{line}: malformed front matter: {error}".splitlines()[0]) from error
    return Span(0, end), fields if isinstance(fields, dict) else {}


def text_field(fields: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = fields.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def date_field(fields: Mapping[str, Any]) -> dt.date | None:
    for key in DATE_KEYS:
        value = fields.get(key)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and (parsed := parse_date(value)):
            return parsed[0]
    return None


def url_field(fields: Mapping[str, Any]) -> str | None:
    value = text_field(fields, URL_KEYS)
    return value if value and re.match(r"https?://", value) else None


def inline_markup(text: str, offset: int) -> Iterator[Span]:
    """The characters of the text that are Markdown syntax, not words: emphasis marks, a
    link's brackets and address, backticks, escaping backslashes, a heading's #s.

    markdown-it gives each block's lines and its inline tokens' content, not their
    columns, so each token's content is found in order in the source: what lies between
    two of them is markup. A token not found leaves the rest of its block as written."""
    starts = [0, *(match.end() for match in re.finditer(r"\n", text)), len(text)]
    lines_before = text.count("\n", 0, offset)
    for block in PARSER.parse(text[offset:]):
        if block.type != "inline" or block.map is None or not block.children:
            continue
        first, last = (starts[min(lines_before + line, len(starts) - 1)] for line in block.map)
        yield from block_markup(text, first, last, block.children)


def block_markup(text: str, cursor: int, end: int, children: list[Token]) -> Iterator[Span]:
    for child in children:
        if child.type == "text_special":
            found = text.find(child.markup, cursor, end)
            if found < 0:
                return
            yield from gap(text, cursor, found)
            if child.info == "escape":
                yield Span(found, found + 1)
            cursor = found + len(child.markup)
        elif child.type in {"text", "code_inline", "image", "html_inline"} and child.content:
            found = text.find(child.content, cursor, end)
            if found < 0:
                return
            yield from gap(text, cursor, found)
            if child.type == "html_inline":
                yield Span(found, found + len(child.content))
            cursor = found + len(child.content)
        if child.type in {"link_close", "image"} and text.startswith("](", cursor):
            # The address could hold the next word's text ("." in "example.org"): skip it whole.
            closing = destination_end(text, cursor + 2, end)
            yield Span(cursor, closing)
            cursor = closing
    yield from gap(text, cursor, end)


def destination_end(text: str, start: int, end: int) -> int:
    """Where a link's "(address "title")" ends: after its balanced closing parenthesis."""
    depth = 1
    for position in range(start, end):
        depth += {"(": 1, ")": -1}.get(text[position], 0)
        if depth == 0:
            return position + 1
    return end


def gap(text: str, start: int, end: int) -> Iterator[Span]:
    """Between two words of a block: markup, save the white space that breaks its lines."""
    between = text[start:end]
    if not between.strip():
        return
    if "\n" not in between:
        yield Span(start, end)
        return
    position = start
    for space in WHITE.finditer(between):
        if space.start() > position - start:
            yield Span(position, start + space.start())
        position = start + space.end()
    if position < end:
        yield Span(position, end)
