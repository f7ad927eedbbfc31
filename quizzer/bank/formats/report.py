"""What an import or export could not carry over, as `file:line: message` lines.

Teachers must see plainly what was lost, so every format collects notes here instead of
dropping things silently; fatal problems become one `FormatError` listing them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quizzer.bank.model import Lesson
from quizzer.errors import QuizzerError


@dataclass(frozen=True)
class Note:
    """One thing that was skipped, changed or lost, with the place it came from."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        place = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{place}: {self.message}"


@dataclass
class Notes:
    """Collects notes for one source file, so callers only say the line and the message."""

    source: str
    items: list[Note] = field(default_factory=list)

    def add(self, line: int | None, message: str) -> None:
        self.items.append(Note(self.source, line, message))

    def sorted(self) -> list[Note]:
        """In file order; notes about the whole file come last."""
        return sorted(self.items, key=lambda note: (note.line is None, note.line or 0))


class FormatError(QuizzerError):
    """A file that cannot be read at all: its problems, each with its place."""

    def __init__(self, problems: list[Note]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def fail(source: str, line: int | None, message: str) -> FormatError:
    """A FormatError for a single problem, for the many places that find exactly one."""
    return FormatError([Note(source, line, message)])


@dataclass(frozen=True)
class ImportResult:
    """The lesson an import produced and what it could not carry over."""

    lesson: Lesson
    notes: list[Note]


@dataclass(frozen=True)
class ExportResult:
    """The exported text and what the target format could not hold."""

    text: str
    notes: list[Note]
    written: int
    """How many questions the text holds (a format may have to skip some)."""
