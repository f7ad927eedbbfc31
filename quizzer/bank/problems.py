"""What the loader reports: a problem at a place in a file, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass

from quizzer.errors import QuizzerError


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a bank, at a 1-based line and column of a file.

    `line` and `column` are None when the problem concerns the file as a whole (it does not
    exist, it cannot be read); the text is then `file: message`.
    """

    path: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class BankError(QuizzerError):
    """A bank could not be loaded; `problems` lists every problem found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(str(problem) for problem in problems)
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the bank:\n{shown}")
