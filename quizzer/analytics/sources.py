"""Where responses come from: progress databases and CSV files of `student,question_id,answer`.

CSV format: a header row naming at least `student`, `question_id` and `answer` (any order,
case-insensitive; other columns, such as those of `quizzer results export`, are ignored,
except `learner_uid`, which when present identifies the student instead of the name, and
`answered_at`, which orders attempts). `answer` holds option letters in authored order,
`A` or `A;C`; an empty answer is an omitted item (presented, scored 0). CSV answers are
graded against the bank, so `--bank` is required. Every bad line is reported as
`file:line: problem`, and no statistics are computed from a file with bad lines.

Database answers keep the grade they were given when answered; the student is the
learner's uid, so the same database read twice, or a database and its own export, does not
count anyone twice.
"""

from __future__ import annotations

import csv
from pathlib import Path

from quizzer.analytics.responses import ItemInfo, Response, ResponseSet
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
    """Add every attempt of a database (first ones win later); return how many were read."""
    rows = read_attempts(path)
    for learner, attempt in rows:
        into.add(
            Response(
                student=learner.uid,
                question_id=attempt.question_id,
                chosen=frozenset(attempt.chosen),
                correct=attempt.correct,
                answered_at=attempt.answered_at.isoformat(),
                key=frozenset(attempt.key) if attempt.key is not None else None,
            )
        )
    return len(rows)


def add_csv(path: Path, questions: dict[str, Question], into: ResponseSet) -> int:
    """Grade and add a responses CSV; raise QuizzerError listing every bad line."""
    problems: list[str] = []
    responses: list[Response] = []
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise QuizzerError(f"{path}:1: empty file; expected a header row")
            columns = {name.strip().casefold(): index for index, name in enumerate(header)}
            missing = [name for name in REQUIRED_COLUMNS if name not in columns]
            if missing:
                raise QuizzerError(
                    f"{path}:1: the header lacks {', '.join(missing)}; "
                    f"expected columns {','.join(REQUIRED_COLUMNS)}"
                )
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                place = f"{path}:{reader.line_num}"
                parsed = _parse_row(row, columns, questions)
                if isinstance(parsed, str):
                    problems.append(f"{place}: {parsed}")
                else:
                    responses.append(parsed)
    except FileNotFoundError as error:
        raise QuizzerError(f"{path}: no such file") from error
    except UnicodeDecodeError as error:
        raise QuizzerError(f"{path}: not UTF-8 text ({error.reason})") from error
    except csv.Error as error:
        raise QuizzerError(f"{path}: not a readable CSV file ({error})") from error
    except OSError as error:
        raise QuizzerError(f"{path}: cannot read ({error.strerror})") from error
    if problems:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        if len(problems) > len(shown):
            shown.append(f"... and {len(problems) - len(shown)} more bad lines")
        raise QuizzerError(
            f"{path}: {len(problems)} bad line(s); nothing computed:\n" + "\n".join(shown)
        )
    for response in responses:
        into.add(response)
    return len(responses)


def _parse_row(
    row: list[str], columns: dict[str, int], questions: dict[str, Question]
) -> Response | str:
    """A graded response, or the reason the row is bad."""

    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    if len(row) <= max(columns[name] for name in REQUIRED_COLUMNS):
        return f"expected at least {len(columns)} fields, found {len(row)}"
    student = cell("learner_uid") or cell("student")
    question_id = cell("question_id")
    answer = cell("answer")
    if not student:
        return "empty student"
    if not question_id:
        return "empty question_id"
    question = questions.get(question_id)
    if question is None:
        return f"question '{question_id}' is not in the bank"
    letters = [part.strip().upper() for part in answer.split(";") if part.strip()]
    valid = question.option_keys
    unknown = [letter for letter in letters if letter not in valid]
    if unknown:
        return (
            f"answer '{answer}' for '{question_id}': {', '.join(unknown)} is not one of its "
            f"options {valid[0]}-{valid[-1]}"
        )
    if len(set(letters)) != len(letters):
        return f"answer '{answer}' repeats an option"
    if question.type == "single" and len(letters) > 1:
        return f"answer '{answer}': '{question_id}' takes a single option"
    chosen = frozenset(letters)
    return Response(
        student=student,
        question_id=question_id,
        chosen=chosen,
        correct=bool(chosen) and chosen == question.correct_keys,
        answered_at=cell("answered_at") or None,
        key=question.correct_keys,
    )
