"""Small hand-built questions: the engine tests must not depend on the shipped bank."""

from __future__ import annotations

import pytest

from quizzer.bank.model import Option, Question


def make_question(
    qid: str,
    correct: str = "B",
    *,
    kind: str = "single",
    objectives: tuple[str, ...] = ("obj-a",),
    difficulty: str = "medium",
    n_options: int = 4,
) -> Question:
    keys = "ABCDEF"[:n_options]
    return Question(
        id=qid,
        type=kind,
        stem=f"Stem of {qid}?",
        options=[
            Option(text=f"{qid} option {key}", correct=key in correct, feedback=f"why {key}")
            for key in keys
        ],
        explanation=f"Explanation of {qid}.",
        objectives=list(objectives),
        difficulty=difficulty,
    )


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def question_factory():
    return make_question


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def questions() -> list[Question]:
    return [
        make_question("q1", "B", objectives=("obj-a",), difficulty="easy"),
        make_question("q2", "AC", kind="multiple", objectives=("obj-a", "obj-b")),
        make_question("q3", "D", objectives=("obj-b",), difficulty="challenging"),
        make_question("q4", "A", objectives=("obj-c",), difficulty="challenging"),
    ]
