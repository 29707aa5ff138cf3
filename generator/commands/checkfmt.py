"""How `policywiki check` reports: human text lines or one JSON document, and the exit status.

Text is `path:line:col: [warning: ]message` per problem on stderr (editors' tools jump to it), then a
summary line. JSON goes to stdout for CI and editor plugins. `strict` makes warnings fatal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from generator.problems import ERROR, WARNING, Problem


@dataclass(frozen=True)
class CheckReport:
    problems: list[Problem]
    articles: int | None  # None when the content did not load far enough to count them
    strict: bool = False

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == WARNING)

    @property
    def ok(self) -> bool:
        return self.errors == 0 and not (self.strict and self.warnings)

    @property
    def exit_status(self) -> int:
        return 0 if self.ok else 1


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary_line(report: CheckReport) -> str:
    counted = f"{_plural(report.articles, 'article')}, " if report.articles is not None else ""
    errors = _plural(report.errors, "error") if report.errors else "no errors"
    line = f"policywiki: {counted}{errors}, {_plural(report.warnings, 'warning')}"
    if report.errors == 0 and report.warnings and report.strict:
        line += " (--strict: warnings are fatal)"
    return line


def format_text(report: CheckReport) -> list[str]:
    """Problem lines, then the summary line."""
    return [str(problem) for problem in sorted(report.problems)] + [summary_line(report)]


def format_json(report: CheckReport) -> str:
    document = {
        "ok": report.ok,
        "strict": report.strict,
        "articles": report.articles,
        "errors": report.errors,
        "warnings": report.warnings,
        "problems": [problem.as_dict() for problem in sorted(report.problems)],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
