"""Aiken in and out: the simplest multiple-choice text format (Moodle's question/format/aiken).

A question is its stem line(s), options `A.` or `A)` each on one line, then `ANSWER: X`.
Aiken has one correct answer and nothing else, so import makes up an explanation and export
reports what it drops (feedback, explanations) and skips multiple-answer questions.
"""

from __future__ import annotations

import re
from pathlib import Path

from quizzer.bank.formats.assemble import DraftBank, DraftOption, DraftQuestion, assemble
from quizzer.bank.formats.report import ExportResult, ImportResult, Notes
from quizzer.bank.formats.text import read_text
from quizzer.bank.model import Lesson, Question

FORMAT_LABEL = "Aiken"
_OPTION_RE = re.compile(r"^([A-Z])[.)]\s+(.*)$")
_ANSWER_RE = re.compile(r"^ANSWER\s*:\s*(.*)$")


class _Reader:
    """Reads line by line: stem lines, then option lines, then the ANSWER line."""

    def __init__(self, path: Path, notes: Notes) -> None:
        self.notes = notes
        self.draft = DraftBank(path, FORMAT_LABEL)
        self.start: int | None = None
        self.stem: list[str] = []
        self.options: list[tuple[str, str]] = []

    def reset(self) -> None:
        self.start, self.stem, self.options = None, [], []

    def label(self) -> str:
        return " ".join(" ".join(self.stem).split())[:40]

    def read(self, text: str) -> DraftBank:
        for number, raw in enumerate(text.split("\n"), start=1):
            line = raw.strip()
            if not line:
                continue
            option = _OPTION_RE.match(line)
            answer = _ANSWER_RE.match(line)
            if answer and self.stem:
                self.finish(answer.group(1).strip()[:1].upper())
            elif answer:
                self.notes.add(number, "skipped an ANSWER line that follows no question")
            elif option and self.stem:
                self.options.append((option.group(1), option.group(2).strip()))
            elif self.options:
                self.notes.add(
                    self.start, f"skipped question '{self.label()}': no ANSWER line after options"
                )
                self.reset()
                self.begin(number, line)
            else:
                self.begin(number, line)
        if self.stem:
            self.notes.add(self.start, f"skipped question '{self.label()}': no ANSWER line")
        return self.draft

    def begin(self, number: int, line: str) -> None:
        if self.start is None:
            self.start = number
        self.stem.append(line)

    def finish(self, key: str) -> None:
        letters = [letter for letter, _ in self.options]
        if key not in letters:
            self.notes.add(
                self.start, f"skipped question '{self.label()}': ANSWER '{key}' is not an option"
            )
        else:
            options = [DraftOption(text, letter == key) for letter, text in self.options]
            self.draft.questions.append(
                DraftQuestion(self.start, "", "\n".join(self.stem), options)
            )
        self.reset()


def import_aiken(path: Path) -> ImportResult:
    """Reads an Aiken file into a lesson; malformed questions are reported and skipped."""
    notes = Notes(str(path))
    lesson = assemble(_Reader(path, notes).read(read_text(path)), notes)
    return ImportResult(lesson, notes.sorted())


def _misreadable(text: str) -> bool:
    """Whether an Aiken reader would take this line for an option or the answer line."""
    return bool(_OPTION_RE.match(text) or _ANSWER_RE.match(text))


def _question(question: Question, notes: Notes) -> str | None:
    label = f"question '{question.id}'"
    if question.type == "multiple":
        notes.add(None, f"{label}: skipped (Aiken has no multiple-answer questions)")
        return None
    texts = [question.stem, *(option.text for option in question.options)]
    one_line = [" ".join(text.split()) for text in texts]
    if any("\n" in text.strip() for text in texts):
        notes.add(None, f"{label}: line breaks joined into one line (Aiken has one line each)")
    if _misreadable(one_line[0]):
        notes.add(None, f"{label}: skipped (its stem would be read as an option or the answer)")
        return None
    options = [
        f"{key}. {text}" for key, text in zip(question.option_keys, one_line[1:], strict=True)
    ]
    (key,) = question.correct_keys
    return "\n".join([one_line[0], *options, f"ANSWER: {key}"])


def export_aiken(lessons: list[Lesson], source: str) -> ExportResult:
    """Aiken text for the single-answer questions; notes list what Aiken cannot hold."""
    notes = Notes(source)
    chunks = []
    for lesson in lessons:
        chunks += [c for q in lesson.questions if (c := _question(q, notes)) is not None]
        notes.add(
            None,
            f"lesson '{lesson.lesson.id}': option feedback, explanations, objectives, tags, "
            "difficulties, simulation links, vocabulary and patterns are lost (Aiken has "
            "only stem, options and key)",
        )
    return ExportResult("\n\n".join(chunks) + "\n", notes.items, len(chunks))
