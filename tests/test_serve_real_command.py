"""`policywiki serve` run as an editor runs it, with two worker processes: every save reaches the browser (word
edits, title edits, saves that land during a rebuild that goes through the forked workers, a broken save and its
fix), and Ctrl-C or SIGTERM stops the server and every process it started, even in the middle of a build.

The forked workers once inherited the server's signal handlers, so a pool could wait forever for a worker that
ignored SIGTERM, and from then on no save was served (issue 22). Every wait here is bounded, so such a regression
fails instead of hanging the suite."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import REPO, TEMPLATES
from generator.serve import EVENTS_PATH, SCRIPT_PATH

SERVED_WITHIN = 30  # seconds from a save to its content being served; a rebuild takes about a second here
STOPPED_WITHIN = 3  # seconds from the signal to the server and all its child processes being gone
# Articles that link to alpha-concept: a title edit of alpha re-renders them all and remakes the whole-site pages.
EXTRA_ARTICLES = 40

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")


@pytest.fixture
def wiki(small_wiki: Path) -> Path:
    for number in range(1, EXTRA_ARTICLES + 1):
        (small_wiki / "concepts" / f"extra-{number:02}.md").write_text(
            f"---\ntitle: Extra Concept {number}\nkind: concept\n"
            f"summary: An extra concept, number {number}, defined against the first one.\n"
            "related: [alpha-concept]\nprimary_source: snell2024\npublished: 2026-01-20\n---\n"
            f"Extra {number} builds on [[alpha-concept]] and on [[extra-{number % EXTRA_ARTICLES + 1:02}]].\n",
            encoding="utf-8")
    return small_wiki


# --- processes, from /proc (no psutil needed) ---------------------------------------------------

def _parents() -> dict[int, int]:
    """pid → parent pid of every process that has not exited (zombies have: they only wait to be reaped)."""
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path("/proc", name, "stat").read_text()
            except OSError:
                continue
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]  # the command name, in parentheses, may hold spaces
            if state != "Z":
                parents[int(name)] = int(ppid)
    return parents


def descendants(pid: int) -> set[int]:
    parents, found, frontier = _parents(), set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def running(pids: set[int]) -> set[int]:
    return pids & set(_parents())


# --- the server ----------------------------------------------------------------------------------

class Server:
    """`policywiki serve --port 0` with POLICYWIKI_JOBS=2, in its own process group, as a terminal runs it."""

    def __init__(self, content: Path, templates: Path, out: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--port", "0", "--content", str(content),
             "--templates", str(templates), "--out", str(out)],
            cwd=REPO, env=os.environ | {"POLICYWIKI_JOBS": "2"}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, start_new_session=True)
        self.pid = self.process.pid
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + SERVED_WITHIN * 2  # the first build is a cold one
        while not (found := re.search(r"serving .* at (http://127\.0\.0\.1:\d+/)", self.log())):
            assert time.monotonic() < deadline and self.process.poll() is None, f"serve did not start:\n{self.log()}"
            time.sleep(0.05)
        self.url = found.group(1)

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def log(self) -> str:
        return "".join(self.lines)

    def report(self) -> str:
        """What the server said, without the content warnings every build repeats."""
        return "".join(line for line in self.lines if "warning:" not in line)

    def page(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return response.read().decode("utf-8")

    def wait_until_served(self, path: str, *expected: str) -> str:
        """The page at `path` once it contains every expected text; fails after SERVED_WITHIN seconds."""
        deadline = time.monotonic() + SERVED_WITHIN
        html = ""
        while time.monotonic() < deadline:
            try:
                html = self.page(path)
            except (OSError, urllib.error.URLError):
                html = ""
            if all(text in html for text in expected):
                return html
            time.sleep(0.05)
        missing = [text for text in expected if text not in html]
        raise AssertionError(f"/{path} still lacks {missing} {SERVED_WITHIN} s after the save; log:\n{self.report()}")

    def live_state(self, version: int) -> tuple[str, str]:
        """The first event a page of this site version hears: 'ok', 'problems' (the overlay) or 'reload'."""
        parts = urllib.parse.urlsplit(self.url)
        with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
            connection.sendall(f"GET {EVENTS_PATH}?version={version} HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n"
                               .encode())
            lines = connection.makefile("rb")
            name = None
            for raw in lines:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("event: "):
                    name = line.removeprefix("event: ")
                elif line.startswith("data: ") and name:
                    return name, line.removeprefix("data: ")
        raise AssertionError("the event stream closed before its first event")

    def wait_for_live_state(self, path: str, wanted: str) -> str:
        """The data of the first event that the page at `path`, as served now, hears, once that is `wanted`."""
        deadline = time.monotonic() + SERVED_WITHIN
        while (state := self.live_state(page_version(self.page(path))))[0] != wanted:
            assert time.monotonic() < deadline, f"/{path} never heard '{wanted}' but {state}; log:\n{self.report()}"
            time.sleep(0.05)
        return state[1]

    def wait_until_idle(self) -> None:
        """Until the server has no child process: no rebuild is running (each forks some)."""
        deadline = time.monotonic() + SERVED_WITHIN
        while descendants(self.pid):
            assert time.monotonic() < deadline, f"a rebuild still runs after {SERVED_WITHIN} s; log:\n{self.report()}"
            time.sleep(0.02)

    def wait_for_build_workers(self) -> set[int]:
        """The server's child processes, as soon as a rebuild's pool of two workers runs. (A serve that rebuilds
        without forking would need another sign that a rebuild runs, such as its log line.)"""
        deadline = time.monotonic() + SERVED_WITHIN
        while len(children := descendants(self.pid)) < 2:
            assert time.monotonic() < deadline, f"no rebuild forked workers in {SERVED_WITHIN} s; log:\n{self.report()}"
            time.sleep(0.002)
        return children

    def stop(self, signum: int, to_group: bool) -> None:
        """Send `signum` (to the whole process group, as a terminal's Ctrl-C does, or to the server alone, as
        `kill` does) and require the server and every process it had started to be gone in STOPPED_WITHIN s."""
        started = descendants(self.pid)
        if to_group:
            os.killpg(self.pid, signum)
        else:
            os.kill(self.pid, signum)
        try:
            self.process.wait(timeout=STOPPED_WITHIN)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"serve still running {STOPPED_WITHIN} s after {signal.Signals(signum).name}; "
                                 f"log:\n{self.report()}") from None
        deadline = time.monotonic() + STOPPED_WITHIN
        while (left := running(started | descendants(self.pid))) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not left, f"child processes {sorted(left)} outlived serve after {signal.Signals(signum).name}"
        assert self.process.returncode == 0, self.log()
        assert "policywiki: stopped" in self.log() and "Traceback" not in self.log()

    def kill(self) -> None:
        """Clean up after a failed test: nothing of it may outlive the test."""
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)


@contextmanager
def serving(content: Path, work: Path):
    """The server on `content`, with its own copy of the templates (serve watches them; nobody else edits these)."""
    templates = work / "templates"
    shutil.copytree(TEMPLATES, templates)
    server = Server(content, templates, work / "site")
    try:
        yield server
    finally:
        server.kill()


def page_version(html: str) -> int:
    return int(re.search(rf'<script src="{SCRIPT_PATH}" data-version="(\d+)"></script>', html).group(1))


class Alpha:
    """Saves of concepts/alpha-concept.md with a given title and a given word in its last sentence."""

    def __init__(self, wiki: Path) -> None:
        self.path = wiki / "concepts" / "alpha-concept.md"
        self.original = self.path.read_text(encoding="utf-8")
        assert "title: Alpha Concept" in self.original and "Plain sentence here." in self.original

    def save(self, title: str, word: str) -> None:
        self.path.write_text(self.original.replace("title: Alpha Concept", f"title: {title}")
                             .replace("Plain sentence here.", f"Plain {word} here."), encoding="utf-8")


# --- the tests -----------------------------------------------------------------------------------

def test_every_save_is_served_and_ctrl_c_stops_serve_and_its_workers_mid_build(wiki, tmp_path):
    alpha = Alpha(wiki)
    with serving(wiki, tmp_path) as server:
        title = "Alpha Concept"
        for edit in range(1, 3):
            time.sleep(0.5)  # an editor's pace; the rebuild of the last save may still be running
            alpha.save(title, f"wordedit{edit}")
            server.wait_until_served("wiki/alpha-concept/", f"Plain wordedit{edit} here.", f"<title>{title}")

            title = f"Alpha Retitled {edit}"  # remakes the pages that show it, and the whole-site pages
            alpha.save(title, f"wordedit{edit}")
            server.wait_until_served("wiki/alpha-concept/", f"<title>{title}")
            server.wait_until_served("wiki/extra-07/", title)
            server.wait_until_served("concepts/", title)

        # Saves that land while a rebuild runs: the newest content wins.
        server.wait_until_idle()
        add_article(wiki, "overtaking")
        server.wait_for_build_workers()
        alpha.save("Alpha Newest", "newest")
        server.wait_until_served("wiki/alpha-concept/", "<title>Alpha Newest", "Plain newest here.")
        server.wait_until_served("concepts/", "Alpha Newest")
        for burst in range(1, 4):  # three saves in quick succession
            alpha.save(f"Alpha Burst {burst}", f"burst{burst}")
            time.sleep(0.15)
        server.wait_until_served("wiki/alpha-concept/", "<title>Alpha Burst 3", "Plain burst3 here.")
        server.wait_until_served("wiki/extra-07/", "Alpha Burst 3")

        # A broken save: the last good site stays served, with the overlay; its fix is served and the overlay goes.
        gamma = wiki / "concepts" / "gamma-concept.md"
        good = gamma.read_text(encoding="utf-8")
        gamma.write_text(good.replace("summary: A third", 'summary: "A third'), encoding="utf-8")
        problems = server.wait_for_live_state("wiki/gamma-concept/", "problems")  # the overlay shows
        assert "gamma-concept.md" in problems and "invalid YAML" in problems
        assert "<title>Gamma Concept" in server.page("wiki/gamma-concept/")  # over the last good page
        gamma.write_text(good.replace("title: Gamma Concept", "title: Gamma Fixed"), encoding="utf-8")
        server.wait_until_served("wiki/gamma-concept/", "<title>Gamma Fixed")
        server.wait_for_live_state("wiki/gamma-concept/", "ok")  # the page, reloaded, shows no overlay

        # Ctrl-C in the terminal (SIGINT to the whole process group) while a rebuild's workers run.
        server.wait_until_idle()
        add_article(wiki, "interrupted")
        server.wait_for_build_workers()
        server.stop(signal.SIGINT, to_group=True)


def add_article(wiki: Path, slug: str) -> None:
    """A new article: serve's rebuild then runs the whole check and makes the whole-site pages in forked
    workers (a save that keeps an article's links is rebuilt in serve's own process)."""
    (wiki / "concepts" / f"{slug}.md").write_text(
        f"---\ntitle: {slug.title()} Concept\nkind: concept\nsummary: A concept added while a rebuild may run.\n"
        "related: [alpha-concept]\nprimary_source: snell2024\npublished: 2026-01-20\n---\n"
        "It refines [[alpha-concept]].\n", encoding="utf-8")


def test_sigterm_stops_serve_and_its_workers_mid_build(wiki, tmp_path):
    alpha = Alpha(wiki)
    with serving(wiki, tmp_path) as server:
        alpha.save("Alpha Retitled", "retitled")
        server.wait_until_served("concepts/", "Alpha Retitled")
        server.wait_until_idle()
        add_article(wiki, "terminated")
        server.wait_for_build_workers()
        server.stop(signal.SIGTERM, to_group=False)  # as `kill` or a process manager sends it: to serve alone
