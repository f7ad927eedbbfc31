"""Where responses come from: progress databases, CSVs of `student,question_id,answer`, and
the JSON files of `quizzer results export`.

CSV format: a header row naming at least `student`, `question_id` and `answer` (any order,
case-insensitive; other columns, such as those of `quizzer results export`, are ignored,
except `learner_uid`, which when present identifies the student instead of the name, and
`answered_at`, which orders attempts). `answer` holds option letters in authored order,
`A` or `A;C`; an empty answer is an omitted item (presented, scored 0). CSV answers are
graded against the bank, so `--bank` is required. Every bad line is reported as
`file:line: problem`, and no statistics are computed from a file with bad lines.

Database answers, and those of exported JSON files, keep the grade they were given when
answered (no bank needed); the student is the learner's uid, so the same database read
twice, or a database and its own export, does not count anyone twice.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from quizzer.analytics.responses import (
    NO_KEY,
    ItemInfo,
    Response,
    ResponseBatch,
    ResponseSet,
    letters_mask,
)
from quizzer.bank.model import Question
from quizzer.errors import QuizzerError
from quizzer.store.readonly import read_attempts

REQUIRED_COLUMNS = ("student", "question_id", "answer")
MAX_PROBLEMS_SHOWN = 20


def items_from_bank(questions: list[Question]) -> dict[str, ItemInfo]:
    return {
        question.id: ItemInfo(question.id, tuple(question.option_keys), question.correct_keys)
        for question in questions
    }


def add_database(path: Path, into: ResponseSet) -> int:
    """Add every attempt of a database; return how many were read."""
    rows = read_attempts(path)
    into.add_batch(
        ResponseBatch.of(
            [
                Response(
                    student=learner.uid,
                    question_id=attempt.question_id,
                    chosen=letters_mask(attempt.chosen),
                    correct=attempt.correct,
                    answered_at=attempt.answered_at.isoformat(),
                    key=letters_mask(attempt.key) if attempt.key is not None else None,
                )
                for learner, attempt in rows
            ]
        )
    )
    return len(rows)


def is_results_json(path: Path) -> bool:
    """Whether a --responses file is a `quizzer results export --format json` file."""
    return path.suffix.casefold() == ".json"


def add_results_json(path: Path, into: ResponseSet) -> int:
    """Add the attempts of an exported JSON file; a malformed file names the place."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise QuizzerError(f"{path}: no such file") from error
    except json.JSONDecodeError as error:
        raise QuizzerError(f"{path}:{error.lineno}:{error.colno}: {error.msg}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise QuizzerError(f"{path}: cannot read ({error})") from error
    if not isinstance(document, dict) or document.get("format") != "quizzer-results":
        raise QuizzerError(f"{path}: not a 'quizzer results export' JSON file")
    responses = []
    try:
        for learner_at, learner in enumerate(document["learners"]):
            for attempt_at, attempt in enumerate(learner["attempts"]):
                place = f"learners[{learner_at}].attempts[{attempt_at}]"
                try:
                    key = attempt.get("key") or ""
                    responses.append(
                        Response(
                            student=str(learner["uid"]),
                            question_id=str(attempt["question_id"]),
                            chosen=letters_mask(tuple(filter(None, attempt["answer"].split(";")))),
                            correct=bool(attempt["correct"]),
                            answered_at=str(attempt["answered_at"]),
                            key=letters_mask(tuple(filter(None, key.split(";")))) if key else None,
                        )
                    )
                except (KeyError, TypeError, AttributeError, ValueError) as error:
                    raise QuizzerError(
                        f"{path}: {place}: bad or missing field ({error})"
                    ) from error
    except (KeyError, TypeError) as error:
        raise QuizzerError(f"{path}: missing or bad 'learners' ({error})") from error
    into.add_batch(ResponseBatch.of(responses))
    return len(responses)


@dataclass(frozen=True)
class _Grade:
    """The grade of one distinct (question, answer) cell pair, or why it is bad."""

    chosen: int = 0
    correct: bool = False
    key: int = NO_KEY
    problem: str | None = None


def _grade(question_id: str, answer: str, questions: dict[str, Question]) -> _Grade:
    question = questions.get(question_id)
    if not question_id:
        return _Grade(problem="empty question_id")
    if question is None:
        return _Grade(problem=f"question '{question_id}' is not in the bank")
    keys = question.option_keys
    chosen = 0
    letters = [part.strip().upper() for part in answer.split(";")] if answer else []
    for letter in letters:
        if letter not in keys:
            return _Grade(
                problem=f"answer '{answer}' for '{question_id}': '{letter}' is not one of "
                f"its options {keys[0]}-{keys[-1]}"
            )
        bit = 1 << keys.index(letter)
        if chosen & bit:
            return _Grade(problem=f"answer '{answer}' repeats an option")
        chosen |= bit
    if question.type == "single" and len(letters) > 1:
        return _Grade(problem=f"answer '{answer}': '{question_id}' takes a single option")
    key = letters_mask(question.correct_keys)
    return _Grade(chosen=chosen, correct=chosen == key, key=key)


def add_csv(path: Path, questions: dict[str, Question], into: ResponseSet) -> int:
    """Grade and add a responses CSV; raise QuizzerError listing every bad line.

    Each distinct (question, answer) pair is graded once, so a class-sized file costs
    little more than reading it.
    """
    header, rows, _ = _read_csv(path)
    columns = {name.strip().casefold(): index for index, name in enumerate(header)}
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise QuizzerError(
            f"{path}:1: the header lacks {', '.join(missing)}; "
            f"expected columns {','.join(REQUIRED_COLUMNS)}"
        )
    width = len(header)
    problems = [
        (index, f"expected {width} fields, found {len(row)}")
        for index, row in enumerate(rows)
        if len(row) < width
    ]
    kept = list(range(len(rows)))
    if problems:
        kept = [index for index, row in enumerate(rows) if len(row) >= width]
        rows = [rows[index] for index in kept]
    name_at, question_at, answer_at = (columns[name] for name in REQUIRED_COLUMNS)
    uid_at, time_at = columns.get("learner_uid"), columns.get("answered_at")
    students = [row[name_at].strip() for row in rows]
    if uid_at is not None:
        students = [row[uid_at].strip() or name for row, name in zip(rows, students, strict=True)]
    cells: dict[tuple[str, str], int] = {}
    codes = np.fromiter(
        (
            cells.setdefault((row[question_at].strip(), row[answer_at].strip()), len(cells))
            for row in rows
        ),
        np.int64,
        len(rows),
    )
    grades = [_grade(question_id, answer, questions) for question_id, answer in cells]
    bad_cells = {code for code, grade in enumerate(grades) if grade.problem}
    if bad_cells or not all(students):
        flagged = np.isin(codes, sorted(bad_cells)) | np.array([not s for s in students])
        for index in np.flatnonzero(flagged).tolist():
            message = grades[codes[index]].problem if students[index] else "empty student"
            problems.append((kept[index], str(message)))
    if problems:
        lines = _read_csv(path, with_lines=True)[2]
        _fail(path, [(lines[index], message) for index, message in sorted(problems)])
    cell_questions = [question_id for question_id, _ in cells]
    into.add_batch(
        ResponseBatch(
            students=students,
            questions=[cell_questions[code] for code in codes.tolist()],
            chosen=np.array([g.chosen for g in grades], dtype=np.int64)[codes],
            correct=np.array([g.correct for g in grades], dtype=bool)[codes],
            key=np.array([g.key for g in grades], dtype=np.int64)[codes],
            answered_at=(
                [row[time_at].strip() or None for row in rows] if time_at is not None else None
            ),
        )
    )
    return len(rows)


def _read_csv(
    path: Path, *, with_lines: bool = False
) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, non-blank rows and (when asked, for error messages) their line numbers.

    Line numbers cost a Python-level loop, so the fast path skips them and a file with
    problems is read a second time to place them; I/O and format errors name the file.
    """
    lines: list[int] = []
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise QuizzerError(f"{path}:1: empty file; expected a header row")
            if with_lines:
                rows = []
                for row in reader:
                    if row:
                        rows.append(row)
                        lines.append(reader.line_num)
            else:
                rows = [row for row in reader if row]
    except FileNotFoundError as error:
        raise QuizzerError(f"{path}: no such file") from error
    except UnicodeDecodeError as error:
        raise QuizzerError(f"{path}: not UTF-8 text ({error.reason})") from error
    except csv.Error as error:
        raise QuizzerError(f"{path}: not a readable CSV file ({error})") from error
    except OSError as error:
        raise QuizzerError(f"{path}: cannot read ({error.strerror})") from error
    return header, rows, lines


def _fail(path: Path, problems: list[tuple[int, str]]) -> None:
    shown = [f"{path}:{line}: {message}" for line, message in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > len(shown):
        shown.append(f"... and {len(problems) - len(shown)} more bad lines")
    raise QuizzerError(
        f"{path}: {len(problems)} bad line(s); nothing computed:\n" + "\n".join(shown)
    )
