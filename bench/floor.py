"""The floor: markdown-it-py alone over the same bodies, plus writing one file per article.

No front matter validation, no links, no templates: the least any Markdown site generator must do.
"""

from __future__ import annotations

import sys
from pathlib import Path

from markdown_it import MarkdownIt

from corpus import article_files


def body_of(text: str) -> str:
    """Everything after the closing '---' of the front matter."""
    end = text.find("\n---\n", 4)
    return text[end + 5:] if end >= 0 else text


def main(content: Path, out: Path) -> None:
    md = MarkdownIt("commonmark").enable("table")
    for path in article_files(content):
        html = md.render(body_of(path.read_text(encoding="utf-8")))
        target = out / path.stem / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
