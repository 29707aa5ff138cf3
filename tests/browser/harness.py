"""What the browser tests stand on: a built site served over http on localhost, and Debian's chromium.

Plain functions, so fixtures here and tests elsewhere (a security test building its own hostile wiki, say)
can reuse them. Nothing here downloads anything: chromium, axe-core and vnu-jar are installed by
`make browser-deps` (see the Makefile).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = REPO / "test-artifacts"

# Flags this machine needs: no sandbox as root, no GPU, and none of chromium's background calls home,
# which the closed network refuses (slowly, many at a time).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

FIXED_BUILD_EPOCH = "1782000000"  # 2026-06-21, the same day tests/conftest.py fixes


def build_site(content_dir: Path, templates_dir: Path, out_dir: Path) -> Path:
    """Build a wiki exactly as `policywiki build` does, on a fixed build date."""
    from generator.build import build

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = FIXED_BUILD_EPOCH
    try:
        build(content_dir, templates_dir, out_dir)
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return out_dir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the stdlib's name)
        pass  # keep test output readable; failures show in the assertions


@contextlib.contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 at a free port, as any static host would; yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def missing_browser_tools() -> list[str]:
    """What `make browser-deps` would install and is not here yet."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (Debian package chromium)")
    if not AXE_JS.exists() or not VNU_JAR.exists():
        missing.append("node_modules/axe-core and node_modules/vnu-jar (npm ci)")
    return missing


def launch_chromium(playwright):
    """Debian's chromium through Playwright; never a browser Playwright downloads.

    Playwright gives every launch a fresh, empty user-data dir of its own (and refuses a
    --user-data-dir flag with launch()), so no profile state leaks between runs.
    """
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
