"""A local preview: an index of the packs, each pack's HTML, its PDF and DOCX to download,
rebuilt when a source, template or profile changes, with the page reloading itself.

Standard library only. It serves the packs in the output folder (not its manifest) and the
theme's assets, nothing else; it binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import html
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from briefgen.build import BuildReport, BuildRequest, build, source_files, theme_files
from briefgen.config import Theme, audience_names
from briefgen.errors import BriefgenError, InputError

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}
# Told after each build: its report (None when it failed), the error, seconds taken, the output folder.
OnBuild = Callable[[BuildReport | None, str, float, Path], None]
LOCAL_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
THEME_ASSETS = frozenset({".css", ".png", ".svg"})
RELOAD_SCRIPT = (
    "<script>let v=null;setInterval(async()=>{try{const r=await fetch('/__version');"
    "const n=await r.text();if(v!==null&&n!==v)location.reload();v=n}catch(e){}},1000)</script>"
)


class Preview:
    """The state the handler serves: the output folder, the build generation, the last error."""

    def __init__(self, request: BuildRequest, on_build: OnBuild = lambda *_: None) -> None:
        self.request = replace(request, formats=tuple(dict.fromkeys([*request.formats, "html"])))
        self.on_build = on_build
        self.theme = Theme.with_overlay(request.templates)
        self.host = "127.0.0.1"  # the address the server listens on, set by start()
        self.generation = 0
        self.error = ""
        self.lock = threading.Lock()

    def rebuild(self) -> bool:
        """Build; a failure of any kind is shown on the index, and the preview keeps going."""
        with self.lock:
            started = time.monotonic()
            report: BuildReport | None = None
            try:
                report = build(self.request)
                self.error = ""
            except BriefgenError as error:
                self.error = str(error)
            except Exception as error:  # the watcher must outlive any one bad build
                self.error = f"{type(error).__name__}: {error}"
            self.generation += 1
            self.on_build(report, self.error, time.monotonic() - started, self.request.out)
            return not self.error

    def fingerprint(self) -> tuple[tuple[str, float, int], ...]:
        """What a rebuild depends on, cheaply: names, modification times and sizes."""
        try:
            files = [*source_files(self.request.sources), *(path for _, path in theme_files(self.theme))]
        except BriefgenError:
            return ()
        stats = []
        for path in files:
            try:
                status = path.stat()
            except OSError:
                continue
            stats.append((str(path), status.st_mtime, status.st_size))
        return tuple(sorted(stats))

    def resolve(self, url_path: str) -> Path | None:
        """The file a URL names, if it is a pack in the output folder or a theme asset."""
        name = unquote(urlsplit(url_path).path).lstrip("/")
        if not name or "/" in name or "\\" in name or "\0" in name or name.startswith("."):
            return None
        suffix = Path(name).suffix
        if suffix in THEME_ASSETS:
            for folder in self.theme.folders:
                candidate = (folder / name).resolve()
                if candidate.is_relative_to(folder.resolve()) and candidate.is_file():
                    return candidate
            return None
        candidate = self.request.out / name
        if suffix in CONTENT_TYPES and candidate.resolve().parent == self.request.out.resolve():
            return candidate if candidate.is_file() else None
        return None

    def index(self) -> str:
        rows = []
        for audience in audience_names(self.theme):
            links = " · ".join(
                f'<a href="/{html.escape(quote(audience))}.{fmt}">{fmt.upper()}</a>'
                for fmt in ("html", "pdf", "docx")
                if (self.request.out / f"{audience}.{fmt}").is_file()
            )
            rows.append(f"<li><strong>{html.escape(audience)}</strong> — {links or 'not built yet'}</li>")
        error = (
            f'<p style="color:#8a1c1c">Last build failed: {html.escape(self.error)}</p>' if self.error else ""
        )
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            "<title>briefgen preview</title></head>"
            '<body style="font-family:sans-serif;max-width:40em;margin:2em auto">'
            f"<h1>Briefing packs</h1>{error}"
            f"<ul>{''.join(rows)}</ul><p>Build {self.generation}; the page reloads after each rebuild.</p>"
            f"{RELOAD_SCRIPT}</body></html>"
        )


def handler_for(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "briefgen-preview"

        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
            if host not in LOCAL_NAMES and host != preview.host:
                # A page elsewhere that points a name at 127.0.0.1 (DNS rebinding) gets nothing.
                self.send(HTTPStatus.FORBIDDEN, "text/plain", b"forbidden host\n")
                return
            if self.path in ("/", "/index.html"):
                self.send(HTTPStatus.OK, CONTENT_TYPES[".html"], preview.index().encode())
                return
            if self.path == "/__version":
                self.send(HTTPStatus.OK, "text/plain", str(preview.generation).encode())
                return
            path = preview.resolve(self.path)
            if path is None:
                self.send(HTTPStatus.NOT_FOUND, "text/plain", b"not found\n")
                return
            body = path.read_bytes()
            if path.suffix == ".html":
                body = body.replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>")
            self.send(HTTPStatus.OK, CONTENT_TYPES[path.suffix], body)

        def send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the preview is for looking at packs, not at request logs."""

    return Handler


class PreviewServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that goes away mid-response (a closed tab, a cancelled download) is
        ordinary: nothing is printed. Anything else is shown as the standard library does."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def watch(
    preview: Preview, stop: threading.Event, interval: float = 1.0, seen: tuple[Any, ...] | None = None
) -> None:
    """Rebuild whenever the fingerprint of sources, templates and profiles changes from seen
    (the one taken before the first build, so that an edit made during it is not missed)."""
    seen = preview.fingerprint() if seen is None else seen
    while not stop.wait(interval):
        current = preview.fingerprint()
        # A failed build (another build holding the lock, say) is tried again next time.
        if current != seen and preview.rebuild():
            seen = current


def start(
    request: BuildRequest,
    host: str = "127.0.0.1",
    port: int = 8000,
    interval: float = 1.0,
    on_build: OnBuild = lambda *_: None,
) -> tuple[ThreadingHTTPServer, Preview, Callable[[], None]]:
    """Take the port, build once, then serve and watch in background threads; returns a stop
    function. The port is taken first: a port in use fails at once, not after a build."""
    preview = Preview(request, on_build)
    preview.host = host
    try:
        server = PreviewServer((host, port), handler_for(preview))
    except OSError as error:
        raise InputError(f"{host}:{port}: cannot listen: {error.strerror or error}") from error
    seen = preview.fingerprint()
    preview.rebuild()
    stop = threading.Event()
    threads = [
        threading.Thread(target=server.serve_forever, daemon=True),
        threading.Thread(target=watch, args=(preview, stop, interval, seen), daemon=True),
    ]
    for thread in threads:
        thread.start()

    def shutdown() -> None:
        stop.set()
        server.shutdown()
        server.server_close()
        for thread in threads:
            thread.join(timeout=5)

    return server, preview, shutdown


def serve_forever(
    request: BuildRequest,
    host: str,
    port: int,
    announce: Callable[[str], None],
    on_build: OnBuild = lambda *_: None,
) -> None:
    server, _, shutdown = start(request, host, port, on_build=on_build)
    announce(
        f"serving the packs in {request.out} at http://{host}:{server.server_address[1]}/ (Ctrl-C stops)"
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        shutdown()
