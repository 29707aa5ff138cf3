"""`policywiki build` and `policywiki check`.

The pipeline is imported inside the commands, not here: the command line registers every subcommand on
each run, and an up-to-date `build` should cost no more than checking its inputs (generator/incremental/uptodate.py)."""

from __future__ import annotations

import sys
from pathlib import Path



def add_paths(parser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    parser.add_argument("--templates", type=Path, default=Path("templates"),
                        help="templates folder (default: templates)")


def register(subparsers) -> None:
    build_parser = subparsers.add_parser("build", help="check the content and build the site")
    add_paths(build_parser)
    build_parser.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    build_parser.add_argument("--jobs", type=int, default=None, help="processes to use (default: every core)")
    build_parser.add_argument("--no-cache", action="store_true", help="ignore and leave the build cache alone")
    build_parser.add_argument("--profile", action="store_true", help="print where the time goes (see README)")
    build_parser.set_defaults(func=run_build)

    check_parser = subparsers.add_parser("check", help="report every problem in the content, build nothing")
    add_paths(check_parser)
    check_parser.add_argument("--format", choices=("text", "json"), default="text",
                              help="text lines on stderr (default) or one JSON document on stdout")
    check_parser.add_argument("--strict", action="store_true", help="warnings are fatal too (for CI)")
    check_parser.set_defaults(func=run_check)


def _print_warnings(warnings) -> None:
    for warning in warnings:
        print(warning, file=sys.stderr)


def run_build(args) -> int:
    from generator.incremental.cache import default_cache_dir
    from generator.incremental.uptodate import quick_check

    checked = quick_check(args.content, args.templates, args.out) if not (args.no_cache or args.profile) else None
    if getattr(checked, "up_to_date", False):
        return _report_build(checked, args)

    from generator.build import build
    from generator.commands.profiling import run_profiled
    from generator.commands.progress import Progress

    def run():
        return build(args.content, args.templates, args.out, jobs=args.jobs, use_cache=not args.no_cache,
                     progress=Progress(), stale=checked)

    checked = run_profiled(run, default_cache_dir(args.out) / "last-build.prof") if args.profile else run()
    return _report_build(checked, args)


# The last build's result, kept: freeing a large wiki's check object by object when `run_build` returns costs
# more than the process's exit, which `cli.console` makes without freeing anything.
_KEPT_UNTIL_EXIT: list = []


def _report_build(checked, args) -> int:
    _KEPT_UNTIL_EXIT[:] = [checked]
    _print_warnings(checked.warnings)
    if getattr(checked, "up_to_date", False):  # nothing changed since the last build (generator/incremental/uptodate.py)
        print(f"policywiki: site is up to date ({checked.articles} articles in {args.out}/)")
        return 0
    print(f"policywiki: built {len(checked.corpus.articles)} articles into {args.out}/")
    return 0


def run_check(args) -> int:
    from generator.build import check
    from generator.commands.checkfmt import CheckReport, format_json, format_text
    from generator.problems import ContentError

    try:
        checked = check(args.content, jobs=None)  # large wikis load and parse in parallel
        report = CheckReport(checked.warnings, len(checked.corpus.articles), args.strict)
    except ContentError as exc:
        report = CheckReport(exc.problems, None, args.strict)
    if args.format == "json":
        print(format_json(report))
    else:
        *lines, summary = format_text(report)
        for line in lines:
            print(line, file=sys.stderr)
        print(summary, file=sys.stdout if report.ok else sys.stderr)
    return report.exit_status
