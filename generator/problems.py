"""Positioned content problems: the one currency in which every stage reports bad input.

A stage never raises on bad content; it appends a Problem and carries on, so that an editor
sees every problem in one run as ``path:line:col: message``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        prefix = "" if self.severity == ERROR else f"{self.severity}: "
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass
class Problems:
    """An ordered collection of problems; stages add to it, the CLI prints it."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str | Path, line: int, column: int, message: str, severity: str = ERROR) -> None:
        self.items.append(Problem(str(path), max(1, line), max(1, column), message, severity))

    def extend(self, other: "Problems") -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


class ContentError(Exception):
    """Raised by the build when content has errors; carries them for the CLI to print."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in content")
        self.problems = problems


class UsageError(Exception):
    """A bad command-line argument or input file: one clear line, exit status 2."""
