"""`briefgen add` against a web server on 127.0.0.1 that the tests start: pages and feed
items saved with their sidecars, every failure one line and exit 2, builds offline after."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import threading
import time
import tomllib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner, Result

from briefgen.cli import main
from briefgen.sources import load_corpus
from briefgen.sources.fetch import USER_AGENT, slug

NEWS_PAGE = (Path(__file__).parent / "cases" / "readers" / "corpus" / "ferry-terminal.html").read_bytes()
ITEM = """<!DOCTYPE html><html><head><title>{title} | Tavel Community News</title>
<meta property="og:site_name" content="Tavel Community News"></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1><time datetime="2024-10-{day}">{day} October 2024</time>
<p>{body}</p></article><footer>Tavel Community News, all rights reserved</footer></body></html>"""
ITEMS = {
    "/items/timetable.html": ITEM.format(
        title="Tavel timetable agreed",
        day="18",
        body="The first ferry to Velmora will leave Tavel at 6:40 on weekdays, the operator said on Friday, "
        "and the last will return at 21:10.",
    ),
    "/items/fares.html": ITEM.format(
        title="Ferry fares for islanders",
        day="19",
        body="Islanders will pay €3 for a single crossing, a third of the visitors' fare, under the scheme "
        "that the council approved on Saturday.",
    ),
}


def feed(base: str) -> bytes:
    items = "".join(
        f"<item><title>{name}</title><link>{base}{name}</link></item>" for name in [*ITEMS, "/missing"]
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Tavel news</title>'
        f"<link>{base}/</link>{items}</channel></rss>"
    ).encode()


class Handler(BaseHTTPRequestHandler):
    agents: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Handler.agents.append(self.headers.get("User-Agent", ""))
        base = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}"  # type: ignore[index]
        routes = {
            "/news/velmora-ferry-terminal.html": ("text/html; charset=utf-8", NEWS_PAGE),
            "/feed.xml": ("application/rss+xml", feed(base)),
            "/logo.png": ("image/png", b"\x89PNG\r\n\x1a\n"),
            "/big.html": ("text/html", b"<p>" + b"x" * 5000 + b"</p>"),
            **{path: ("text/html; charset=utf-8", page.encode()) for path, page in ITEMS.items()},
        }
        if self.path == "/old-address":
            self.redirect("/news/velmora-ferry-terminal.html")
        elif self.path == "/loop":
            self.redirect("/loop")
        elif self.path == "/slow.html":
            time.sleep(2)
            self.reply(200, "text/html", b"<p>late</p>")
        elif self.path in routes:
            self.reply(200, *routes[self.path])
        else:
            self.reply(404, "text/html", b"<h1>Not found</h1>")

    def redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def reply(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client that gave up
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def add(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["add", *map(str, args)])


def assert_one_error(result: Result, expected: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"briefgen: error: {expected}"]


def sidecar(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_a_page_is_saved_with_a_sidecar_of_its_address_and_retrieval_time(
    server: str, tmp_path: Path
) -> None:
    url = f"{server}/news/velmora-ferry-terminal.html"
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    result = add(url, "--to", tmp_path)
    assert result.exit_code == 0, result.output
    page = tmp_path / "velmora-ferry-terminal.html"
    assert result.stderr == f"briefgen: saved {page} ({url})\n"
    assert page.read_bytes() == NEWS_PAGE
    record = sidecar(page.with_suffix(".toml"))
    assert record["url"] == url
    retrieved = record["retrieved"]
    assert isinstance(retrieved, dt.datetime)
    assert before <= retrieved <= dt.datetime.now(dt.UTC)
    assert Handler.agents[-1] == USER_AGENT


def test_adding_the_same_address_again_replaces_its_copy(server: str, tmp_path: Path) -> None:
    url = f"{server}/news/velmora-ferry-terminal.html"
    assert add(url, "--to", tmp_path).exit_code == 0
    assert add(url, "--to", tmp_path).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "velmora-ferry-terminal.html",
        "velmora-ferry-terminal.toml",
    ]


def test_a_redirect_is_followed_and_the_page_saved_under_its_final_address(
    server: str, tmp_path: Path
) -> None:
    result = add(f"{server}/old-address", "--to", tmp_path)
    assert result.exit_code == 0, result.output
    assert (
        sidecar(tmp_path / "velmora-ferry-terminal.toml")["url"]
        == f"{server}/news/velmora-ferry-terminal.html"
    )


def test_every_item_of_a_feed_is_saved_and_a_dead_link_is_one_warning(server: str, tmp_path: Path) -> None:
    result = add(f"{server}/feed.xml", "--to", tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "fares.html",
        "fares.toml",
        "timetable.html",
        "timetable.toml",
    ]
    assert sidecar(tmp_path / "fares.toml")["url"] == f"{server}/items/fares.html"
    assert result.stderr.splitlines()[0] == (
        f"briefgen: warning: skipped a feed item: {server}/missing: the server answered HTTP 404 Not Found"
    )


def test_a_build_after_add_reads_the_saved_copies_offline(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stub_writers: None
) -> None:
    sources = tmp_path / "sources"
    assert (
        add(f"{server}/feed.xml", f"{server}/news/velmora-ferry-terminal.html", "--to", sources).exit_code
        == 0
    )

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the build tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    result = CliRunner().invoke(
        main, ["build", str(sources), "--out", str(tmp_path / "out"), "--format", "html", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    corpus = load_corpus([sources])
    assert [(d.id, d.url, d.publisher, d.date) for d in corpus.documents] == [
        ("fares", f"{server}/items/fares.html", "Tavel Community News", dt.date(2024, 10, 19)),
        ("timetable", f"{server}/items/timetable.html", "Tavel Community News", dt.date(2024, 10, 18)),
        (
            "velmora-ferry-terminal",
            f"{server}/news/velmora-ferry-terminal.html",
            "The Coastline Courier",
            dt.date(2024, 10, 16),
        ),
    ]
    press = (tmp_path / "out" / "press.html").read_text(encoding="utf-8")
    assert "We will no longer send passengers home when the water drops”" in press
    assert "Sport" not in press and "all rights reserved" not in press


def test_a_missing_page_is_one_error(server: str, tmp_path: Path) -> None:
    assert_one_error(
        add(f"{server}/nowhere", "--to", tmp_path),
        f"{server}/nowhere: the server answered HTTP 404 Not Found",
    )
    assert list(tmp_path.iterdir()) == []


def test_a_response_that_is_not_a_page_is_one_error(server: str, tmp_path: Path) -> None:
    assert_one_error(
        add(f"{server}/logo.png", "--to", tmp_path),
        f"{server}/logo.png: the server sent image/png, not a web page, a feed or a PDF",
    )


def test_a_redirect_loop_is_one_error(server: str, tmp_path: Path) -> None:
    assert_one_error(
        add(f"{server}/loop", "--to", tmp_path), f"{server}/loop: more than 5 redirects (a redirect loop?)"
    )


def test_a_slow_server_is_one_error(server: str, tmp_path: Path) -> None:
    assert_one_error(
        add(f"{server}/slow.html", "--to", tmp_path, "--timeout", "0.3"),
        f"{server}/slow.html: no complete answer within 0.3 seconds (see --timeout)",
    )


def test_a_page_over_the_size_limit_is_one_error(server: str, tmp_path: Path) -> None:
    assert_one_error(
        add(f"{server}/big.html", "--to", tmp_path, "--max-size", "1KB"),
        f"{server}/big.html: more than 1,024 bytes; raise the limit with --max-size",
    )


def test_an_address_that_is_not_http_is_one_error(tmp_path: Path) -> None:
    assert_one_error(
        add("file:///etc/passwd", "--to", tmp_path), "file:///etc/passwd: not an http or https address"
    )


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://courier.example.org/2024/10/Velmora-Ferry_Terminal.html", "velmora-ferry-terminal"),
        ("https://courier.example.org/news/12345/", "12345"),
        ("https://www.example.org/", "www-example-org"),
    ],
)
def test_a_saved_page_is_named_after_the_last_part_of_its_address(url: str, name: str) -> None:
    assert slug(url) == name
