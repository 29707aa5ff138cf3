"""`policywiki new concept|instrument|topic "Title"`: scaffold an article that passes `check`."""

from __future__ import annotations

from pathlib import Path

from generator.kinds import NAMES as KINDS


def register(subparsers) -> None:
    parser = subparsers.add_parser("new", help="write a new article skeleton (never overwrites)")
    parser.add_argument("kind", choices=KINDS, help="the article's kind")
    parser.add_argument("title", help="the article's title; the slug is made from it")
    parser.add_argument("--slug", help="use this slug instead of one made from the title")
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    parser.set_defaults(func=run_new)


def run_new(args) -> int:
    from generator.builddate import build_date
    from generator.content.scaffold import new_article

    created = new_article(args.content, args.kind, args.title, build_date().isoformat(), args.slug)
    print(f"policywiki: wrote {created.path} (/wiki/{created.slug}/); replace its TODO placeholders, then run check")
    return 0
