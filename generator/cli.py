"""The `policywiki` command line.

Each subcommand lives in its own module, which exposes ``register(subparsers)``; the module adds its
parser and sets ``func`` to a callable taking the parsed arguments and returning an exit status.
Content problems become positioned lines and exit 1; usage problems one line and exit 2. No
traceback reaches the user for either.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from generator import __version__
from generator.problems import ContentError, UsageError

# Each command → the module that registers it; keep it sorted by command name.
COMMAND_MODULES = {
    "build": "generator.commands.build",
    "check": "generator.commands.build",
    "cite": "generator.cite.command",
    "compute": "generator.threshold.command",
    "new": "generator.commands.new",
    "serve": "generator.commands.serve",
}


def requested_command(argv: list[str]) -> str | None:
    """The subcommand the command line starts with, if it is one we know (top-level options such as
    --version come before any command, and then every command is registered)."""
    return argv[0] if argv and argv[0] in COMMAND_MODULES else None


def make_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given `argv` naming a known command, only that command's module is imported, so that
    `policywiki build` on an up-to-date site does not pay for importing the citation engine or the
    threshold core. Anything else (--help, a typo) registers every command."""
    parser = argparse.ArgumentParser(
        prog="policywiki",
        description="Build, check and serve a policy wiki from Markdown articles.",
    )
    parser.add_argument("--version", action="version", version=f"policywiki {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    command = requested_command(sys.argv[1:] if argv is None else argv)
    modules = [COMMAND_MODULES[command]] if command else list(dict.fromkeys(COMMAND_MODULES.values()))
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def print_problems(problems, stream=None) -> None:
    for problem in problems:
        print(problem, file=stream or sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = make_parser(argv)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ContentError as exc:
        print_problems(exc.problems)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        print(f"policywiki: {errors} error(s); nothing was written", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"policywiki: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("policywiki: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `policywiki check --format json | head`: the reader left; that is not our error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # a bug, not bad input: one line for the editor, the traceback only on request
        if os.environ.get("POLICYWIKI_DEBUG"):
            raise
        print(f"policywiki: internal error: {type(exc).__name__}: {exc} (a bug in policywiki, not in your content; "
              "POLICYWIKI_DEBUG=1 shows the traceback)", file=sys.stderr)
        return 70


def console() -> None:
    """The `policywiki` command: `main`, then the process ends without tearing down its heap. After a large
    build that heap is the whole wiki in millions of objects, and freeing them one by one before exiting took
    longer than some incremental builds; the operating system reclaims the memory at once. Everything the
    build writes is closed before `main` returns (files are written whole and renamed into place), so only the
    standard streams need flushing here. Tests call `main`, which returns as usual."""
    status = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader left (see `main`)
        status = status or 141
    os._exit(status)


if __name__ == "__main__":
    console()
