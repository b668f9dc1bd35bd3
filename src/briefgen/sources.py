"""Read source files into immutable Documents: the text exactly as on disk, plus metadata.

This is one of the two places that touch the file system. Everything that decides
something (metadata, boilerplate) is a pure function of the text, so it is tested
without files.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from briefgen.config.schema import parse_toml
from briefgen.errors import ConfigError, InputError
from briefgen.model import Corpus, Document, Span
from briefgen.text import MONTH_NUMBERS, line_spans

SOURCE_SUFFIXES = (".txt", ".md")
SIDECAR_SUFFIX = ".toml"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# git's rule of thumb: a NUL byte among the first 8000 bytes means binary.
BINARY_SNIFF_BYTES = 8000

SIDECAR_KEYS: dict[str, tuple[type, ...]] = {
    "title": (str,),
    "date": (str, dt.date),
    "publisher": (str,),
    "url": (str,),
    "encoding": (str,),
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
DATE_PATTERNS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{4})\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
)
# What may stand before a publication date on a header line: a label ("Published:")
# and/or an upper-case dateline city ("ASTANA, "). Anything else is an event date in prose.
# Only the label ignores case: "On " or "Summit held " must not pass for a dateline city.
DATE_PREFIX = re.compile(
    r"^[\s\W]*(?:(?i:date|published|updated|posted)(?:\s+(?i:on))?\s*:?\s*)?(?:[A-Z][A-Z .'’-]*,?\s*)?$"
)
HEADER_LINES = 5

KICKER_LINES = re.compile(
    r"^\s*(breaking news|breaking|exclusive|opinion|analysis|editorial|live|update|"
    r"press release|news|featured)\s*:?\s*$",
    re.IGNORECASE,
)
# Promotions and prompts, not prose: "Share prices rose" or "students sign up for courses" are news.
BOILERPLATE_LINES = (
    re.compile(r"^\s*source\s*:", re.IGNORECASE),
    re.compile(
        r"^\s*(get|sign up|subscribe|follow us|like us|share(?= this| on|\s*:|\s*$)|click here|read more)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(sent directly to you|sign up (via|for|to) (our|the) (website|newsletter)|subscribe to our)\b",
        re.IGNORECASE,
    ),
    re.compile(r"^\s*(tags|related( articles| stories)?)\s*:", re.IGNORECASE),
)
SOURCE_URL = re.compile(
    r"^\s*(?:source|original|link)\s*:\s*(?P<url>https?://\S+)", re.IGNORECASE | re.MULTILINE
)
MASTHEADS = (
    re.compile(
        r"\bGet (?P<name>(?:The )?[A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*)*) (?:stories|news|headlines|updates)\b"
    ),
    re.compile(r"\bSubscribe to (?P<name>(?:The )?[A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*)*)"),
    re.compile(r"(?:©|\(c\)|Copyright)\s*(?:\d{4}\s*)?(?P<name>(?:The )?[A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*)*)"),
)
LEAD_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+\s*(?:—|–|-{1,2})\s*")
TITLE_MAX = 100


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    date: dt.date | None = None
    publisher: str | None = None
    url: str | None = None
    encoding: str | None = None


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their offsets, line endings excluded (CRLF and LF alike)."""
    return [Line(start, end, text[start:end]) for start, end in line_spans(text) if text[start:end].strip()]


def parse_date(text: str) -> tuple[dt.date, re.Match[str]] | None:
    """The first valid calendar date in text, with where it stands."""
    found: list[tuple[int, dt.date, re.Match[str]]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = int(parts["mon"]) if parts.get("mon") else MONTH_NUMBERS[parts["month"].lower()]
            try:
                found.append((match.start(), dt.date(int(parts["year"]), month, int(parts["day"])), match))
            except ValueError:
                continue
    if not found:
        return None
    _, date, match = min(found, key=lambda item: item[0])
    return date, match


def header_lines(text: str) -> list[Line]:
    return split_lines(text)[:HEADER_LINES]


def find_date(text: str) -> tuple[dt.date, Span | None] | None:
    """The publication date from the header lines, and the span of a date-only marker."""
    for line in header_lines(text):
        parsed = parse_date(line.text)
        if parsed is None:
            continue
        date, match = parsed
        if not DATE_PREFIX.match(line.text[: match.start()]):
            continue
        rest = line.text[match.end() :]
        if re.fullmatch(r"[\s\d:.,-]*", rest):
            return date, Span(line.start, line.end)
        return date, Span(line.start, line.start + match.end())
    return None


def is_fragment_of_next(line: Line, following: Line | None) -> bool:
    """A scraped headline cut short and then repeated whole on the next line."""
    return (
        following is not None
        and len(line.text.strip()) < len(following.text.strip())
        and line.text.strip() in following.text
    )


def find_boilerplate(text: str) -> tuple[Span, ...]:
    """Spans a reader would not count as the article: promos, share prompts, source lines."""
    lines = split_lines(text)
    spans: list[Span] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            any(pattern.search(line.text) for pattern in BOILERPLATE_LINES)
            or (index < HEADER_LINES and KICKER_LINES.match(line.text))
            or (index < HEADER_LINES and is_fragment_of_next(line, following))
        ):
            spans.append(Span(line.start, line.end))
    dated = find_date(text)
    if dated is not None and dated[1] is not None:
        spans.append(dated[1])
    return tuple(sorted(set(spans), key=lambda span: (span.start, span.end)))


def shorten(sentence: str, limit: int = TITLE_MAX) -> str:
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:—– ")
    return cut + "…"


def find_title(text: str, boilerplate: Sequence[Span] = ()) -> str | None:
    """A heading line if the text has one, else the opening words of its lead sentence."""
    lines = [
        line
        for line in split_lines(text)
        if not any(s.start <= line.start and line.end <= s.end for s in boilerplate)
    ]
    if not lines:
        return None
    for line in lines[:HEADER_LINES]:
        heading = re.match(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$", line.text)
        if heading:
            return heading.group(1)
    first = lines[0]
    body = first.text
    for span in boilerplate:
        if first.start <= span.start < first.end:
            # What follows a date marker cut from the line: "ASTANA, July 4, 2024 — The ..."
            body = text[span.end : first.end].lstrip(" \t,;:—–-")
    body = body.strip()
    if len(body) <= 200 and not body.endswith("."):
        return body
    body = LEAD_DATELINE.sub("", body)
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", body, maxsplit=1)[0]
    return shorten(sentence) or None


def find_url(text: str) -> str | None:
    match = SOURCE_URL.search(text)
    return match.group("url").rstrip(").,;") if match else None


def find_publisher(text: str, url: str | None) -> str | None:
    for pattern in MASTHEADS:
        match = pattern.search(text)
        if match:
            return match.group("name")
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def derive_metadata(text: str, boilerplate: Sequence[Span] | None = None) -> Metadata:
    """Metadata read off the text itself; what is not there stays None."""
    boilerplate = find_boilerplate(text) if boilerplate is None else boilerplate
    dated = find_date(text)
    url = find_url(text)
    return Metadata(
        title=find_title(text, boilerplate),
        date=dated[0] if dated else None,
        publisher=find_publisher(text, url),
        url=url,
    )


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


def known_encoding(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def decode(data: bytes, path: Path, encoding: str, sidecar: Path) -> str:
    """The file's text: bytes decoded, a leading BOM dropped, newlines left as they are."""
    # NUL bytes are looked for in the text, not the bytes: UTF-16 is full of them.
    binary = f"{path}: looks like a binary file (NUL {{}} at {{}}), not a text source"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        nul = data.find(b"\0", 0, BINARY_SNIFF_BYTES)
        if nul >= 0:
            raise InputError(binary.format("byte", nul)) from error
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"{path}:{line}: not valid {encoding} at byte {error.start}; "
            f'pass --encoding (for example --encoding latin-1) or set encoding = "..." in {sidecar.name}'
        ) from error
    nul_char = text.find("\0", 0, BINARY_SNIFF_BYTES)
    if nul_char >= 0:
        raise InputError(binary.format("character", nul_char))
    return text.removeprefix("\ufeff")


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Source files named directly or found (not recursively) in named folders."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            try:
                entries = sorted(path.iterdir())
            except OSError as error:
                raise InputError(f"{path}: cannot list folder: {error.strerror}") from error
            if not entries:
                raise InputError(f"{path}: folder is empty; put .txt or .md sources in it")
            found = [entry for entry in entries if entry.suffix.lower() in SOURCE_SUFFIXES]
            if not found:
                raise InputError(f"{path}: no .txt or .md sources in this folder")
            files.extend(found)
        elif path.suffix.lower() == SIDECAR_SUFFIX and path.is_file():
            continue  # a sidecar named by a shell glob (seeds/*) is read with its source, not as one
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    if not files:
        raise InputError(f"{', '.join(str(p) for p in paths)}: no .txt or .md sources named")
    return files


def read_document(path: Path, *, encoding: str, max_bytes: int) -> Document | None:
    """One source file as a Document, or None when it has no text to brief from."""
    sidecar_path = path.with_suffix(SIDECAR_SUFFIX)
    sidecar = read_sidecar(sidecar_path) if sidecar_path.is_file() else Metadata()
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit; raise it with --max-size"
            )
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from error
    text = decode(data, path, sidecar.encoding or encoding, sidecar_path)
    if not text.strip():
        return None
    boilerplate = find_boilerplate(text)
    derived = derive_metadata(text, boilerplate)
    return Document(
        id=path.stem,
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        title=sidecar.title or derived.title,
        date=sidecar.date or derived.date,
        publisher=sidecar.publisher or derived.publisher,
        url=sidecar.url or derived.url,
        boilerplate=boilerplate,
    )


def load_corpus(
    paths: Sequence[Path], *, encoding: str = "utf-8", max_bytes: int = DEFAULT_MAX_BYTES
) -> Corpus:
    """Read every source under paths. Empty files are skipped with a warning."""
    if not known_encoding(encoding):
        raise InputError(f"unknown encoding {encoding!r} given to --encoding")
    documents: list[Document] = []
    warnings: list[str] = []
    empty: list[Path] = []
    seen: dict[str, Path] = {}
    for path in expand_paths(paths):
        if path.stem in seen:
            raise InputError(f"{path}: source id '{path.stem}' is already used by {seen[path.stem]}")
        document = read_document(path, encoding=encoding, max_bytes=max_bytes)
        if document is None:
            empty.append(path)
            warnings.append(f"{path}: skipped, the file is empty or only white space")
            continue
        seen[path.stem] = path
        documents.append(document)
    if not documents:
        skipped = [str(path) for path in empty]
        named = ", ".join(skipped[:5]) + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")
        raise InputError(f"{named}: no source has any text (empty or only white space)")
    return Corpus(documents=tuple(documents), warnings=tuple(warnings))
