"""Faults found by the attack matrix of issue 18 that need more than one run of the CLI:
a -j 2 build killed while its workers render, clients leaving the preview mid-response."""

from __future__ import annotations

import os
import re
import signal
import socket
import struct
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from tests.reliability.cases import ARTICLE, FETCH_GUARD, with_seeds, write

# Workers that take their time, so that the build is killed while they render.
SLOW_WORKERS = textwrap.dedent(
    """
    import multiprocessing, time
    from briefgen import render
    multiprocessing.set_start_method("fork", force=True)
    write_html = render.WRITERS["html"]
    def slow_html(pack):
        time.sleep(120)
        return write_html(pack)
    render.WRITERS["html"] = slow_html
    """
)


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def no_worker_outlives_a_killed_build(project: Path) -> tuple[str, list[str]]:
    """SIGKILL the main process of a -j 2 build while its workers render: they must end
    within seconds, and whoever reads the build's output must see it end."""
    if not Path("/proc/self/stat").exists():
        return "no /proc", ["this fault needs Linux's /proc to find the workers"]
    with_seeds(project)
    args = ["build", "seeds", "--format", "html", "-j", "2"]
    code = SLOW_WORKERS + f"\nfrom briefgen.cli import main\nmain({args!r}, prog_name='briefgen')\n"
    build = subprocess.Popen(
        [sys.executable, "-c", code], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.1)
        workers = children_of(build.pid)
    if len(workers) < 2:
        build.kill()
        build.communicate()
        return f"{len(workers)} workers", ["the build never had two workers to kill it under"]
    build.send_signal(signal.SIGKILL)
    problems = []
    try:
        build.communicate(timeout=10)  # EOF only once no worker holds the build's stdout and stderr
    except subprocess.TimeoutExpired:
        problems.append("the build's output stayed open 10 s after it was killed")
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [pid for pid in workers if alive(pid)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    if survivors:
        problems.append(f"workers {survivors} still alive 5 s after the build was killed")
    return f"{len(workers)} workers, {len(survivors)} survived", problems


# PDF and DOCX writers that return 20 MB at once: serve is not about rendering, and a large
# response is one a client can walk away from in the middle.
BIG_STUB_PACKS = textwrap.dedent(
    """
    from briefgen import render
    def big(pack):
        return render.Written(b"%PDF-1.7 stub " * 1_500_000)
    render.WRITERS["pdf"] = render.WRITERS["docx"] = big
    render.PAGE_COUNTERS["pdf"] = lambda html, theme, brief: 1
    """
)


def client_walks_away(project: Path) -> tuple[str, list[str]]:
    """Clients that disconnect in the middle of a response: the preview goes on serving and
    prints no traceback."""
    write(project / "src" / "a.txt", ARTICLE)
    args = ["serve", "src", "--port", "0"]
    code = (
        FETCH_GUARD
        + BIG_STUB_PACKS
        + f"\nfrom briefgen.cli import main\nmain({args!r}, prog_name='briefgen')\n"
    )
    server = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=project,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CI": "true"},
    )
    assert server.stderr is not None
    announced = ""
    deadline = time.monotonic() + 60
    while "serving" not in announced and time.monotonic() < deadline and server.poll() is None:
        announced = server.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", announced)
    if match is None:
        server.kill()
        return "no server", [f"the preview never announced its address: {announced!r}"]
    port = int(match.group(1))
    for _ in range(5):
        with socket.create_connection(("127.0.0.1", port)) as client:
            client.sendall(b"GET /diplomatic.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            client.recv(1024)
            # Reset, not a polite close: the server's next write fails at once.
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    time.sleep(0.2)
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        still_serving = client.recv(64).startswith(b"HTTP/1.0 200")
    server.send_signal(signal.SIGINT)
    _, rest = server.communicate(timeout=30)
    problems = [] if still_serving else ["the preview stopped serving"]
    if "Traceback" in rest:
        problems.append("a traceback reached the terminal: " + rest.strip().splitlines()[-1])
    return "5 clients walked away", problems


ATTACK_FAULTS: tuple[tuple[str, str, Callable[[Path], tuple[str, list[str]]]], ...] = (
    ("SIGKILL of a -j 2 build", "no worker survives", no_worker_outlives_a_killed_build),
    ("serve: clients disconnect mid-response", "no traceback", client_walks_away),
)
