"""`policywiki serve`: a real server on a free port rebuilds on edits, tells open pages to reload, shows content
errors as an overlay event while the last good site stays served, and never writes its script into site/."""

from __future__ import annotations

import io
import json
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import REPO, TEMPLATES
from generator.serve import EVENTS_PATH, SCRIPT_PATH, LiveServer, inject_live_script

WAIT = 60  # seconds; a rebuild takes a second or two, a loaded CI machine more


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


class EventStream:
    """Reads a Server-Sent Events stream in a thread, as a browser's EventSource would."""

    def __init__(self, url: str) -> None:
        self.events: queue.Queue[tuple[str, dict]] = queue.Queue()
        parts = urllib.parse.urlsplit(url)
        self.socket = socket.create_connection((parts.hostname, parts.port), timeout=WAIT)
        self.socket.sendall(f"GET {parts.path}?{parts.query} HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode())
        self.lines = self.socket.makefile("rb")
        assert b" 200 " in self.lines.readline()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        name = None
        try:
            for raw in self.lines:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("event: "):
                    name = line.removeprefix("event: ")
                elif line.startswith("data: ") and name:
                    self.events.put((name, json.loads(line.removeprefix("data: "))))
                    name = None
        except (OSError, ValueError):
            pass  # the stream was closed

    def next(self, wanted: str) -> dict:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                name, data = self.events.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if name == wanted:
                return data
        raise AssertionError(f"no '{wanted}' event within {WAIT} s")

    def close(self) -> None:
        self.socket.shutdown(socket.SHUT_RDWR)  # wakes the reading thread at once, as closing a tab does
        self.socket.close()


@pytest.fixture
def live(small_wiki, tmp_path):
    server = LiveServer(small_wiki, TEMPLATES, tmp_path / "site", port=0, stream=io.StringIO(), debounce_ms=100)
    with server:
        yield server


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def page_version(html: str) -> int:
    return int(re.search(rf'<script src="{SCRIPT_PATH}" data-version="(\d+)"></script></body>', html).group(1))


def test_served_pages_carry_the_live_script_but_built_files_never_do(live):
    status, html = fetch(live.url + "wiki/alpha-concept/")
    assert status == 200
    assert page_version(html) == 1
    for built in live.out_dir.rglob("*.html"):
        assert "__policywiki" not in built.read_text(encoding="utf-8"), built
    status, script = fetch(live.url + SCRIPT_PATH.lstrip("/"))
    assert status == 200 and "EventSource" in script and "textContent" in script and "innerHTML" not in script


def test_an_unknown_path_gets_the_site_404_page_with_the_live_script(live):
    status, html = fetch(live.url + "wiki/no-such-page/")
    assert status == 404
    assert "Page not found" in html and SCRIPT_PATH in html


def test_an_edit_rebuilds_and_open_pages_are_told_to_reload_with_the_new_content(live, small_wiki):
    _, html = fetch(live.url + "wiki/alpha-concept/")
    stream = EventStream(live.url + EVENTS_PATH.lstrip("/") + f"?version={page_version(html)}")
    try:
        assert stream.next("ok") == {"version": 1}
        alpha = small_wiki / "concepts" / "alpha-concept.md"
        alpha.write_text(alpha.read_text().replace("title: Alpha Concept", "title: Alpha Renamed"))
        assert stream.next("reload") == {"version": 2}
    finally:
        stream.close()
    _, html = fetch(live.url + "wiki/alpha-concept/")
    assert title_of(html).startswith("Alpha Renamed")
    _, beta = fetch(live.url + "wiki/beta-concept/")
    assert "Alpha Renamed" in beta  # a page that shows the title elsewhere is rebuilt too


def test_a_content_error_becomes_an_overlay_event_and_the_last_good_site_stays(live, small_wiki):
    stream = EventStream(live.url + EVENTS_PATH.lstrip("/") + "?version=1")
    try:
        stream.next("ok")
        gamma = small_wiki / "concepts" / "gamma-concept.md"
        good = gamma.read_text()
        gamma.write_text(good.replace("summary: A third", 'summary: "A third'))
        report = stream.next("problems")
        assert report["errors"] == 1
        [problem] = report["problems"]
        assert problem["path"].endswith("gamma-concept.md") and problem["severity"] == "error"
        assert re.match(r"\S+gamma-concept\.md:\d+:\d+: invalid YAML", problem["text"])
        status, html = fetch(live.url + "wiki/gamma-concept/")
        assert status == 200 and title_of(html).startswith("Gamma")  # the last good page, still served
        assert "invalid YAML" in live.stream.getvalue()  # and the terminal says what is wrong
        late = EventStream(live.url + EVENTS_PATH.lstrip("/") + "?version=1")  # a page opened meanwhile
        assert late.next("problems")["errors"] == 1
        late.close()
        gamma.write_text(good.replace("title: Gamma", "title: Gamma Fixed"))
        assert stream.next("reload") == {"version": 2}
    finally:
        stream.close()
    _, html = fetch(live.url + "wiki/gamma-concept/")
    assert title_of(html).startswith("Gamma Fixed")


def test_a_page_loaded_before_a_rebuild_reloads_as_soon_as_it_connects(live):
    assert live.rebuilder.rebuild("test"), live.stream.getvalue()
    stream = EventStream(live.url + EVENTS_PATH.lstrip("/") + "?version=1")
    try:
        assert stream.next("reload") == {"version": 2}
    finally:
        stream.close()


def test_the_script_goes_before_the_closing_body_tag_or_at_the_end():
    assert inject_live_script(b"<html><body>x</BODY></html>", 3) == (
        f'<html><body>x<script src="{SCRIPT_PATH}" data-version="3"></script></BODY></html>'.encode())
    assert inject_live_script(b"fragment", 1).startswith(b"fragment<script")


def test_the_real_command_serves_on_a_free_port_and_stops_cleanly(small_wiki, tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--port", "0", "--content", str(small_wiki),
         "--out", str(tmp_path / "site")],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        url = re.search(r"at (http://127\.0\.0\.1:\d+/)", line).group(1)
        status, html = fetch(url)
        assert status == 200 and SCRIPT_PATH in html
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=WAIT)
    assert process.returncode == 0, err
    assert "stopped" in out and "Traceback" not in err


def test_a_port_in_use_is_a_one_line_usage_error(live, small_wiki, tmp_path):
    port = int(live.url.rsplit(":", 1)[1].strip("/"))
    result = subprocess.run(
        [sys.executable, "-m", "generator", "serve", "--port", str(port), "--content", str(small_wiki),
         "--out", str(tmp_path / "other")],
        cwd=REPO, capture_output=True, text=True, timeout=WAIT)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr


def test_a_page_written_early_reloads_at_once_at_the_finished_build_s_version_and_others_wait_for_it(live):
    """Pages first (generator/serve.py): the open page of an edited article reloads as soon as its build has written
    it, with the version the finished site will have, so the build's end does not reload it again; a page the
    build has not finished with reloads when the build is complete."""
    base = live.url + EVENTS_PATH.lstrip("/") + "?version=1&page="
    alpha = EventStream(base + "%2Fwiki%2Falpha-concept%2F")
    home = EventStream(base + "%2F")
    try:
        assert alpha.next("ok") == {"version": 1} and home.next("ok") == {"version": 1}
        live.state.pages_ready(["wiki/alpha-concept/index.html", "wiki/alpha-concept/cite.bib"])
        assert alpha.next("reload") == {"version": 2}
        assert page_version(fetch(live.url + "wiki/alpha-concept/")[1]) == 2
        assert page_version(fetch(live.url + "")[1]) == 1  # not written yet: still the last site's
        assert home.events.get(timeout=WAIT) == ("ok", {"version": 1})  # heard, and told to stay
        live.state.succeeded([])
        assert home.next("reload") == {"version": 2}
        assert page_version(fetch(live.url + "")[1]) == 2
        assert alpha.next("ok") == {"version": 2}  # told the build ended, not to reload again
    finally:
        alpha.close()
        home.close()


def test_a_build_that_fails_after_writing_pages_early_sends_them_back_to_the_last_good_site(live):
    stream = EventStream(live.url + EVENTS_PATH.lstrip("/") + "?version=1&page=/wiki/alpha-concept/")
    try:
        stream.next("ok")
        live.state.pages_ready(["wiki/alpha-concept/index.html"])
        assert stream.next("reload") == {"version": 2}
        live.state.failed([])
        assert stream.next("reload") == {"version": 1}
        live.state.succeeded([])
        assert stream.next("reload") == {"version": 3}  # never 2 again: that version was the failed build's
    finally:
        stream.close()
