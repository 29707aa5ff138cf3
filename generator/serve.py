"""`policywiki serve`: build, serve site/ on localhost, rebuild on every change, live-reload open pages.

Three parts, each small:
- `LiveState` holds what the browser needs to know: the version of the last good site, the
  problems of the last failed build, and the pages a build in progress has already written for good.
  Threads wait on it for changes.
- `Rebuilder` runs the build. A build writes atomically, so a failed one leaves the last good site
  served; its problems go to the terminal and, through the state, to every open page as an overlay.
- `LiveServer` serves the output folder with the standard library's HTTP server plus two paths of
  its own: a small script, injected into HTML responses only (never into the built files), and a
  Server-Sent Events stream the script listens to. A watchfiles thread triggers rebuilds.

Pages first: a rebuild writes the edited articles' pages before the pages that list every article (home, the
indexes, the search index), and says so (`LiveState.pages_ready`). A page open at one of those reloads at once,
already at the version the finished build will have, so the editor sees the edit without waiting for the rest
(as `hugo server` renders the pages that are open first); every other page reloads when the build is complete.
"""

from __future__ import annotations

import http.server
import json
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TextIO

import watchfiles

from generator.commands.checkfmt import CheckReport, format_text
from generator.problems import ContentError, Problem

LIVE_PREFIX = "/__policywiki/"
EVENTS_PATH = LIVE_PREFIX + "events"
SCRIPT_PATH = LIVE_PREFIX + "live.js"
HEARTBEAT_SECONDS = 15.0

# The injected script: reload when a newer good site exists; while the last build failed, show its problems in
# an overlay over the last good page. Messages are set as text (never as HTML), so content cannot inject markup.
LIVE_SCRIPT = """(function () {
  "use strict";
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-version") : "-1";
  var source = new EventSource("%(events)s?version=" + encodeURIComponent(version) +
    "&page=" + encodeURIComponent(location.pathname));
  var overlayId = "policywiki-overlay";
  function hide() {
    var old = document.getElementById(overlayId);
    if (old) { old.remove(); }
  }
  function show(report) {
    hide();
    var box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;" +
      "background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;";
    var title = document.createElement("h2");
    title.style.cssText = "margin:0 0 1rem;font:bold 18px sans-serif;color:#ff8a80;";
    title.textContent = report.errors + " content error(s): showing the last good build";
    var list = document.createElement("pre");
    list.style.cssText = "white-space:pre-wrap;margin:0 0 1rem;";
    list.textContent = report.problems.map(function (p) { return p.text; }).join("\\n");
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Dismiss";
    close.addEventListener("click", hide);
    box.append(title, list, close);
    document.body.append(box);
  }
  source.addEventListener("reload", function () { source.close(); location.reload(); });
  source.addEventListener("problems", function (event) { show(JSON.parse(event.data)); });
  source.addEventListener("ok", hide);
})();
""" % {"events": EVENTS_PATH}


# --- what the browser needs to know --------------------------------------------------------------

@dataclass(frozen=True)
class Snapshot:
    serial: int  # changes on every build, good or bad
    site_version: int  # changes only when a good build replaced the site
    problems: tuple[Problem, ...]  # of the last build; errors here mean the overlay shows
    failed: bool
    closed: bool = False
    # While a build runs: the site files it has already written for good, and the version they belong to.
    ready_pages: frozenset[str] = frozenset()
    ready_version: int = 0

    def version_of(self, page: str | None) -> int:
        """The version a page at this site file (`page_file`) is at when it is read now."""
        return self.ready_version if page in self.ready_pages else self.site_version


@dataclass
class LiveState:
    _snapshot: Snapshot = field(default_factory=lambda: Snapshot(0, 0, (), False))
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _issued: int = 0  # the last version given out: a version is never given to two different sites

    @property
    def snapshot(self) -> Snapshot:
        with self._changed:
            return self._snapshot

    def _publish(self, **changes) -> None:
        with self._changed:
            current = self._snapshot
            self._snapshot = Snapshot(**{**current.__dict__, "serial": current.serial + 1, **changes})
            self._changed.notify_all()

    def pages_ready(self, pages) -> None:
        """The build in progress has written these site files for good: pages open at them may reload now."""
        if not pages:
            return
        with self._changed:
            self._issued += 1
            self._publish(ready_pages=frozenset(pages), ready_version=self._issued)

    def succeeded(self, warnings: list[Problem]) -> None:
        with self._changed:
            if not self._snapshot.ready_pages:
                self._issued += 1
            self._publish(site_version=self._issued, problems=tuple(warnings), failed=False, ready_pages=frozenset())

    def failed(self, problems: list[Problem]) -> None:
        # Pages that reloaded early go back to the last good site: their build did not finish.
        self._publish(problems=tuple(problems), failed=True, ready_pages=frozenset())

    def close(self) -> None:
        self._publish(closed=True)

    def wait_after(self, serial: int, timeout: float) -> Snapshot:
        """The first snapshot newer than `serial`, or the current one after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self._snapshot.serial != serial, timeout)
            return self._snapshot


# --- building ------------------------------------------------------------------------------------

def _resident_build() -> Callable:
    """serve's build: the incremental build with its state kept in this process between edits."""
    from generator.incremental.resident import ResidentBuild

    return ResidentBuild()


@dataclass
class Rebuilder:
    content_dir: Path
    templates_dir: Path
    out_dir: Path
    state: LiveState
    build: Callable = field(default_factory=_resident_build)
    stream: TextIO = sys.stderr
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def rebuild(self, reason: str = "") -> bool:
        """Build once; report to the terminal and the state. True if the site was replaced."""
        with self._lock:
            started = time.perf_counter()
            try:
                checked = self.build(self.content_dir, self.templates_dir, self.out_dir)
            except ContentError as exc:
                self._print(*format_text(CheckReport(exc.problems, None))[:-1])
                errors = sum(1 for p in exc.problems if p.severity == "error")
                self._print(f"policywiki: {errors} error(s); still serving the last good site")
                self.state.failed(exc.problems)
                return False
            except Exception as exc:  # a generator bug must not stop the server or reach the page as a traceback
                problem = Problem(str(self.content_dir), 1, 1, f"internal error while building: {exc!r}")
                self._print(str(problem), "policywiki: still serving the last good site")
                self.state.failed([problem])
                return False
            warnings = list(getattr(checked, "warnings", []) or [])
            self._print(*(str(w) for w in warnings))
            took = time.perf_counter() - started
            self._print(f"policywiki: built {self.out_dir}/ in {took:.2f} s" + (f" ({reason})" if reason else ""))
            self.state.succeeded(warnings)
            return True

    def busy(self) -> bool:
        return self._lock.locked()

    def _print(self, *lines: str) -> None:
        for line in lines:
            print(line, file=self.stream, flush=True)


def describe_changes(changes: set[tuple[watchfiles.Change, str]]) -> str:
    names = sorted({Path(path).name for _, path in changes})
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "") + " changed"


# --- HTTP ----------------------------------------------------------------------------------------

def page_file(url_path: str) -> str:
    """The site file a URL path is served from, as the build names it: `/wiki/a/` → `wiki/a/index.html`."""
    path = urllib.parse.unquote(url_path).lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def inject_live_script(html: bytes, site_version: int) -> bytes:
    """Add the live-reload script just before </body> (or at the end): only in served responses."""
    tag = f'<script src="{SCRIPT_PATH}" data-version="{site_version}"></script>'.encode()
    index = html.lower().rfind(b"</body>")
    return html + tag if index < 0 else html[:index] + tag + html[index:]


FALLBACK_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>No site yet</title></head>
<body><main><h1>No site built yet</h1><p>Fix the problems shown, and this page reloads by itself.</p></main></body>
</html>
"""


def make_handler(server: "LiveServer"):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(server.out_dir), **kwargs)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
            pass  # the terminal is for build reports, not request logs

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")  # a reload must show the rebuilt page
            super().end_headers()

        def do_GET(self) -> None:  # noqa: N802 - the base class's name
            path = urllib.parse.urlsplit(self.path).path
            if path == EVENTS_PATH:
                return self._events()
            if path == SCRIPT_PATH:
                return self._send(200, "text/javascript; charset=utf-8", LIVE_SCRIPT.encode())
            html_file = self._html_file(path)
            if html_file is not None:
                return self._send_html(200, html_file, page_file(path))
            if Path(self.translate_path(self.path)).exists():
                return super().do_GET()
            not_found = server.out_dir / "404.html"
            return self._send_html(404, not_found if not_found.is_file() else None, None)

        def _html_file(self, path: str) -> Path | None:
            target = Path(self.translate_path(path))
            if target.is_dir():
                if not path.endswith("/"):
                    return None  # let the base class redirect to the slash form
                target = target / "index.html"
            return target if target.suffix == ".html" and target.is_file() else None

        def _send_html(self, status: int, file: Path | None, page: str | None) -> None:
            # The version first, then the file: a page read after its version is never older than that version
            # (read the other way round, a page replaced in between would carry the new version and never reload).
            version = server.state.snapshot.version_of(page)
            try:
                html = file.read_bytes() if file is not None else FALLBACK_PAGE
            except OSError:  # swapped away mid-read: the next reload gets the new one
                html = FALLBACK_PAGE
            body = inject_live_script(html, version)
            self._send(status, "text/html; charset=utf-8", body)

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            """Server-Sent Events: 'reload' when a newer version of the page exists (its build finished, or wrote
            it for good), 'problems' while the last build failed."""
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            try:
                page_version = int(query.get("version", ["-1"])[0])
            except ValueError:
                page_version = -1
            page = page_file(query["page"][0]) if "page" in query else None
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.end_headers()
            snapshot = server.state.snapshot
            try:
                while not snapshot.closed:
                    if snapshot.version_of(page) != page_version:
                        page_version = snapshot.version_of(page)
                        self._event("reload", {"version": page_version})
                    elif snapshot.failed:
                        self._event("problems", problems_payload(snapshot))
                    else:
                        self._event("ok", {"version": page_version})
                    serial = snapshot.serial
                    while not (snapshot := server.state.wait_after(serial, HEARTBEAT_SECONDS)).closed:
                        if snapshot.serial != serial:
                            break
                        self.wfile.write(b": ping\n\n")  # keeps proxies open and notices closed tabs
                        self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

        def _event(self, name: str, data: dict) -> None:
            self.wfile.write(f"event: {name}\ndata: {json.dumps(data, ensure_ascii=True)}\n\n".encode())
            self.wfile.flush()

    return Handler


def problems_payload(snapshot: Snapshot) -> dict:
    """The errors of the failed build (warnings stay in the terminal: the overlay is for what blocks the site)."""
    errors = sorted(p for p in snapshot.problems if p.severity == "error")
    return {"errors": len(errors), "problems": [p.as_dict() | {"text": str(p)} for p in errors]}


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True  # event streams end with the process
    allow_reuse_address = True


# --- putting it together -------------------------------------------------------------------------

@dataclass
class LiveServer:
    content_dir: Path
    templates_dir: Path
    out_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    build: Callable = field(default_factory=_resident_build)
    stream: TextIO = sys.stderr
    debounce_ms: int = 300
    state: LiveState = field(default_factory=LiveState)

    def __post_init__(self) -> None:
        self.out_dir = Path(self.out_dir).resolve()
        self.rebuilder = Rebuilder(self.content_dir, self.templates_dir, self.out_dir, self.state, self.build,
                                   self.stream)
        if hasattr(self.build, "pages_ready"):  # a build that can tell which pages it has written for good
            self.build.pages_ready = self.state.pages_ready
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._httpd: _HTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> "LiveServer":
        self.rebuilder.rebuild("first build")
        self._httpd = _HTTPServer((self.host, self.port), make_handler(self))
        self._spawn(lambda: self._httpd.serve_forever(poll_interval=0.1), "policywiki-http")  # quick to shut down
        self._spawn(self._watch, "policywiki-watch")
        return self

    def stop(self, build_wait: float = 5.0) -> None:
        """Stop serving and watching; a rebuild in progress is waited for `build_wait` seconds at most."""
        self._stop.set()
        self.state.close()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=build_wait)
        if not self.rebuilder.busy():  # a build still running owns the state; the next start rebuilds it
            getattr(self.build, "close", lambda: None)()

    def __enter__(self) -> "LiveServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def watched(self) -> list[Path]:
        return [path for path in (Path(self.content_dir), Path(self.templates_dir)) if path.is_dir()]

    def _spawn(self, target: Callable, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _watch(self) -> None:
        for changes in watchfiles.watch(*self.watched(), stop_event=self._stop, debounce=self.debounce_ms,
                                        step=10, raise_interrupt=False):
            getattr(self.build, "note_changes", lambda paths: None)({Path(path) for _, path in changes})
            self.rebuilder.rebuild(describe_changes(changes))
