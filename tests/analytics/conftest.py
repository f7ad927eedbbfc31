"""A tiny bank on disk (five questions, one multiple-answer) for the stats tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

BANK = {
    "lesson": {
        "id": "tiny",
        "title": "Tiny",
        "subject": "Testing",
        "level": "any",
        "duration_minutes": 5,
        "summary": "Three questions for the statistics tests.",
    },
    "objectives": [{"id": "obj", "text": "Know things."}],
    "questions": [
        {
            "id": "q-single",
            "type": "single",
            "stem": "Which is right?",
            "options": [
                {"text": "alpha", "correct": False},
                {"text": "beta", "correct": True},
                {"text": "gamma", "correct": False},
                {"text": "delta", "correct": False},
            ],
            "explanation": "Beta.",
            "objectives": ["obj"],
        },
        {
            "id": "q-multi",
            "type": "multiple",
            "stem": "Which two are right?",
            "options": [
                {"text": "one", "correct": True},
                {"text": "two", "correct": False},
                {"text": "three", "correct": True},
            ],
            "explanation": "One and three.",
            "objectives": ["obj"],
        },
        {
            "id": "q-third",
            "type": "single",
            "stem": "And this one?",
            "options": [
                {"text": "yes", "correct": True},
                {"text": "no", "correct": False},
            ],
            "explanation": "Yes.",
            "objectives": ["obj"],
        },
        *[
            {
                "id": qid,
                "stem": f"Is {qid} true?",
                "options": [{"text": "true", "correct": True}, {"text": "false"}],
                "explanation": "True.",
                "objectives": ["obj"],
            }
            for qid in ("q-fourth", "q-fifth")
        ],
    ],
}


@pytest.fixture
def bank_path(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(BANK, sort_keys=False))
    return path


@pytest.fixture
def bank_questions(bank_path: Path) -> dict:
    from quizzer.bank.loader import load_bank

    return {question.id: question for question in load_bank([bank_path]).questions}
