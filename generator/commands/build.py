"""`policywiki build` and `policywiki check`."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.build import build, check


def add_paths(parser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    parser.add_argument("--templates", type=Path, default=Path("templates"),
                        help="templates folder (default: templates)")


def register(subparsers) -> None:
    build_parser = subparsers.add_parser("build", help="check the content and build the site")
    add_paths(build_parser)
    build_parser.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    build_parser.set_defaults(func=run_build)

    check_parser = subparsers.add_parser("check", help="report every problem in the content, build nothing")
    add_paths(check_parser)
    check_parser.set_defaults(func=run_check)


def _print_warnings(warnings) -> None:
    for warning in warnings:
        print(warning, file=sys.stderr)


def run_build(args) -> int:
    checked = build(args.content, args.templates, args.out)
    _print_warnings(checked.warnings)
    print(f"policywiki: built {len(checked.corpus.articles)} articles into {args.out}/")
    return 0


def run_check(args) -> int:
    checked = check(args.content)
    _print_warnings(checked.warnings)
    print(f"policywiki: {len(checked.corpus.articles)} articles, no errors"
          + (f", {len(checked.warnings)} warning(s)" if checked.warnings else ""))
    return 0
