"""`quizzer: KIND {json}` lines: what GIFT and Moodle XML have no field for, kept in comments.

Objectives, simulation links, difficulty, vocabulary and patterns ride along as one-line JSON
in comments that Moodle ignores, so a Quizzer -> GIFT/XML -> Quizzer round trip keeps them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from quizzer.bank.model import Lesson, Question

PREFIX = "quizzer:"
KINDS = ("lesson", "objective", "vocabulary", "pattern", "question")


@dataclass(frozen=True)
class Meta:
    kind: str
    data: dict[str, Any]


def encode(kind: str, data: dict[str, Any]) -> str:
    """One line, safe inside a GIFT `//` comment and an XML comment (no newline, no `--`)."""
    blob = json.dumps(data, ensure_ascii=False, separators=(", ", ": "))
    for raw, escaped in (("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("--", "-\\u002d")):
        blob = blob.replace(raw, escaped)
    return f"{PREFIX} {kind} {blob}"


def decode(comment: str) -> Meta | None:
    """The metadata in a comment, or None when the comment is not ours or is damaged."""
    text = comment.strip()
    if not text.startswith(PREFIX):
        return None
    kind, _, blob = text[len(PREFIX) :].strip().partition(" ")
    if kind not in KINDS:
        return None
    try:
        data = json.loads(blob)
    except (ValueError, RecursionError):
        return None
    return Meta(kind, data) if isinstance(data, dict) else None


def lesson_lines(lesson: Lesson) -> list[str]:
    """The lesson-level metadata lines: lesson info, objectives, vocabulary, patterns."""
    lines = [encode("lesson", lesson.lesson.model_dump(mode="json"))]
    lines += [encode("objective", o.model_dump(mode="json")) for o in lesson.objectives]
    lines += [encode("vocabulary", v.model_dump(mode="json")) for v in lesson.vocabulary]
    lines += [encode("pattern", p.model_dump(mode="json")) for p in lesson.patterns]
    return lines


def question_line(question: Question) -> str:
    """What a question has beyond stem, options, feedback, explanation, id and tags."""
    return encode(
        "question",
        question.model_dump(mode="json", include={"objectives", "difficulty", "simulation"}),
    )
