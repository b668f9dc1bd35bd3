"""`briefgen add URL...`: save a web page, a PDF, or every item of an RSS or Atom feed into
the sources folder, each beside a sidecar that records its address and when it was
fetched, so that a build reads the saved copy and never touches the network.

This is the only module that opens a network connection.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from briefgen import __version__
from briefgen.config.schema import read_toml
from briefgen.errors import InputError

USER_AGENT = f"briefgen/{__version__} (saves sources for briefing packs)"
DEFAULT_TIMEOUT = 20.0
MAX_REDIRECTS = 5
PAGE_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf"}
FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
}
SLUG_MAX = 80


@dataclass(frozen=True)
class Saved:
    url: str
    path: Path
    sidecar: Path


@dataclass(frozen=True)
class Fetched:
    url: str  # where the body came from, after redirects
    content_type: str
    body: bytes


@dataclass(frozen=True)
class Added:
    saved: tuple[Saved, ...]
    warnings: tuple[str, ...] = ()


def add(
    urls: list[str],
    folder: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> Added:
    """Fetch every URL into folder: a page or PDF as one file, a feed as one file per item."""
    for url in urls:
        if urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).hostname:
            raise InputError(f"{url}: not an http or https address")
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Saved] = []
    warnings: list[str] = []
    headers = {"User-Agent": USER_AGENT}
    with httpx.Client(
        headers=headers, timeout=timeout, follow_redirects=True, max_redirects=MAX_REDIRECTS
    ) as client:
        for url in urls:
            fetched = fetch(client, url, timeout=timeout, max_bytes=max_bytes)
            if fetched.content_type in PAGE_TYPES:
                saved.append(save(folder, fetched, now()))
                continue
            for link in feed_links(fetched):
                try:
                    item = fetch(client, link, timeout=timeout, max_bytes=max_bytes)
                    if item.content_type not in PAGE_TYPES:
                        raise InputError(f"{link}: the feed item is {item.content_type}, not a page or PDF")
                except InputError as error:
                    warnings.append(f"skipped a feed item: {error}")
                    continue
                saved.append(save(folder, item, now()))
    return Added(tuple(saved), tuple(warnings))


def fetch(client: httpx.Client, url: str, *, timeout: float, max_bytes: int) -> Fetched:
    """The body of url and its type, or one InputError that says what went wrong."""
    deadline = time.monotonic() + timeout
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise InputError(
                    f"{url}: the server answered HTTP {response.status_code} {response.reason_phrase}"
                )
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type not in PAGE_TYPES and content_type not in FEED_TYPES:
                kind = content_type or "no content type"
                raise InputError(f"{url}: the server sent {kind}, not a web page, a feed or a PDF")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise InputError(f"{url}: more than {max_bytes:,} bytes; raise the limit with --max-size")
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("deadline", request=response.request)
            return Fetched(str(response.url), content_type, bytes(body))
    except httpx.TooManyRedirects as error:
        raise InputError(f"{url}: more than {MAX_REDIRECTS} redirects (a redirect loop?)") from error
    except httpx.TimeoutException as error:
        raise InputError(f"{url}: no complete answer within {timeout:g} seconds (see --timeout)") from error
    except httpx.UnsupportedProtocol as error:
        raise InputError(f"{url}: redirected to an address that is not http or https") from error
    except httpx.HTTPError as error:
        raise InputError(f"{url}: cannot fetch: {error}") from error


def feed_links(fetched: Fetched) -> Iterator[str]:
    """The address of every item of an RSS or Atom feed, in the feed's order."""
    import feedparser

    feed = feedparser.parse(fetched.body)
    if not feed.entries:
        raise InputError(f"{fetched.url}: {fetched.content_type} that is not a feed with items")
    for entry in feed.entries:
        link = entry.get("link")
        if isinstance(link, str) and urlsplit(link).scheme in {"http", "https"}:
            yield link


def slug(url: str) -> str:
    """A file name for a page, from the last part of its address: 'ferry-terminal'."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    stem = re.sub(r"\.[a-z0-9]{1,5}$", "", segments[-1].lower()) if segments else ""
    name = re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or re.sub(r"[^a-z0-9]+", "-", parts.hostname or "page")
    return name[:SLUG_MAX].strip("-")


def target(folder: Path, fetched: Fetched) -> Path:
    """Where to save: the slug, numbered when another address already holds that name;
    the same address again replaces its own copy."""
    suffix = PAGE_TYPES[fetched.content_type]
    stem, number = slug(fetched.url), 1
    while True:
        path = folder / f"{stem}{'' if number == 1 else f'-{number}'}{suffix}"
        sidecar = path.with_suffix(".toml")
        if not path.exists() and not sidecar.exists():
            return path
        if sidecar.is_file() and read_toml(sidecar)[0].get("url") == fetched.url:
            return path
        number += 1


def save(folder: Path, fetched: Fetched, retrieved: dt.datetime) -> Saved:
    path = target(folder, fetched)
    sidecar = path.with_suffix(".toml")
    stamp = retrieved.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    write_atomically(path, fetched.body)
    write_atomically(
        sidecar,
        (
            "# Saved by `briefgen add`: a build reads this copy, never the network.\n"
            f'url = "{toml_string(fetched.url)}"\n'
            f"retrieved = {stamp}\n"
        ).encode(),
    )
    return Saved(fetched.url, path, sidecar)


def toml_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
