"""`policywiki serve [--port N]`: build, serve on localhost, rebuild on change, live-reload open pages."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

from generator.commands.build import add_paths
from generator.problems import UsageError


def register(subparsers) -> None:
    parser = subparsers.add_parser("serve", help="build, serve on localhost and rebuild on every change")
    add_paths(parser)
    parser.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.set_defaults(func=run_serve)


# serve builds after every save; the garbage its builds leave in reference cycles is collected every this many.
COLLECT_EVERY_BUILDS = 20


def run_serve(args) -> int:
    from generator.incremental.collector import collect_every
    from generator.serve import LiveServer

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, not {args.port}")
    collect_every(COLLECT_EVERY_BUILDS)
    server = LiveServer(args.content, args.templates, args.out, args.host, args.port, stream=sys.stderr)
    try:
        server.start()
    except OSError as exc:  # the port is taken, or the address is not ours
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    watched = ", ".join(f"{path}/" for path in server.watched())
    print(f"policywiki: serving {args.out}/ at {server.url} (watching {watched}; Ctrl-C stops)", flush=True)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C, or a process manager: stop cleanly either way
        signal.signal(signum, lambda *_: stop.set())
    try:
        stop.wait()
    finally:
        # A rebuild in progress is not waited for: its forked workers end with this process (generator/incremental/parallel.py),
        # and its unfinished folder is never served and is cleared by the next build.
        server.stop(build_wait=0.3)
    print("policywiki: stopped", flush=True)
    return 0
