"""Moodle's answer weights (percentages) and what Quizzer's right/wrong keys make of them.

Quizzer marks options right or wrong; Moodle gives each answer a percentage. Importing keeps
the sign (positive = right) and reports what is lost; exporting writes the percentages Moodle
accepts: correct options share 100%, wrong ones share -100% (choosing all scores zero).
"""

from __future__ import annotations

from dataclasses import dataclass

from quizzer.bank.model import Question

MOODLE_FRACTIONS = (
    100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
    16.66667, 14.28571, 12.5, 11.11111, 10, 5,
)  # fmt: skip
"""The grades Moodle's importers accept (question_bank::fraction_options_full), in percent."""

FULL_CREDIT = 99.99
TOLERANCE = 0.05


def share(count: int) -> float:
    """The Moodle percentage closest to 100/count: what each of `count` options gets."""
    exact = 100 / count
    return min(MOODLE_FRACTIONS, key=lambda fraction: abs(fraction - exact))


def format_percent(value: float) -> str:
    """`50`, `-33.33333`: the way Moodle writes weights, without trailing zeros."""
    return f"{value:.5f}".rstrip("0").rstrip(".")


def single_answer_problems(weights: list[float], labels: list[str]) -> list[str]:
    """What a single-answer question's weights lose: partial credit for wrong options."""
    return [
        f"option '{label}' gives {format_percent(weight)}% partial credit; Quizzer has no "
        "partial credit, so it is imported as wrong"
        for weight, label in zip(weights, labels, strict=True)
        if 0 < weight < FULL_CREDIT
    ]


def multiple_answer_problems(weights: list[float]) -> list[str]:
    """What a multiple-answer question's weights lose: unequal shares, sums other than 100%."""
    positive = [weight for weight in weights if weight > 0]
    if not positive:
        return []
    problems = []
    if max(positive) - min(positive) > TOLERANCE:
        shares = ", ".join(f"{format_percent(w)}%" for w in positive)
        problems.append(
            f"unequal weights of correct options ({shares}) not carried over: in Quizzer "
            "every correct option counts the same"
        )
    total = sum(positive)
    if abs(total - 100) > TOLERANCE * len(positive):
        problems.append(
            f"weights of correct options sum to {format_percent(total)}%, not 100%; "
            "imported as all of them correct"
        )
    return problems


@dataclass(frozen=True)
class AnswerKey:
    """Which options are right, what the weights lost, or why the question cannot be kept."""

    correct: list[bool]
    problems: list[str]
    refusal: str | None = None


def answer_key(weights: list[float], labels: list[str], single: bool) -> AnswerKey:
    """Quizzer's key for Moodle weights: full credit in a single question, positive in multiple."""
    if not single:
        return AnswerKey([w > 0 for w in weights], multiple_answer_problems(weights))
    full = sum(weight >= FULL_CREDIT for weight in weights)
    if full > 1:
        refusal = (
            f"{full} answers give full credit, but a single-answer question in Quizzer has "
            "exactly one key"
        )
        return AnswerKey([], [], refusal)
    correct = [weight >= FULL_CREDIT for weight in weights]
    return AnswerKey(correct, single_answer_problems(weights, labels))


def is_true_false(question: Question) -> bool:
    """Options exactly True, False: what Moodle's true/false type holds without loss."""
    texts = [option.text for option in question.options]
    return question.type == "single" and texts == ["True", "False"]
