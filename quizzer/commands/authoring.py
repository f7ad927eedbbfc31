"""The teacher's commands: `validate`, `lint` and `schema`. None of them imports torch."""

from __future__ import annotations

import argparse
import json

from quizzer.bank.loader import Bank, check_bank
from quizzer.bank.model import Lesson


def run_validate(args: argparse.Namespace) -> int:
    """One line per problem and exit 1, or a one-line summary and exit 0."""
    bank, problems = check_bank(args.paths)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"ok: {_size(bank)}")
    return 0


def run_lint(args: argparse.Namespace) -> int:
    """Validation problems and authoring advice, one line each; exit 1 if any is an error."""
    from quizzer.bank.lint import lint

    bank, problems = check_bank(args.paths)
    findings = lint(bank, problems, strict=args.strict)
    for finding in findings:
        print(finding)
    errors = sum(finding.severity == "error" for finding in findings)
    warnings = len(findings) - errors
    if findings:
        print(f"{_count(errors, 'error')}, {_count(warnings, 'warning')}")
    else:
        print(f"ok: no advice for {_size(bank)}")
    return 1 if errors else 0


def run_schema(args: argparse.Namespace) -> int:
    """The JSON Schema of a lesson file, exactly as question_bank/schema.json holds it."""
    print(schema_text(), end="")
    return 0


def schema_text() -> str:
    """The schema as indented JSON with a final newline: the content of schema.json."""
    return json.dumps(Lesson.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def _size(bank: Bank) -> str:
    return f"{_count(len(bank.lessons), 'lesson')}, {_count(len(bank.questions), 'question')}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
