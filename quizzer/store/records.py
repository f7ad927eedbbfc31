"""The rows of the store as frozen dataclasses: what callers get back, never raw tuples."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

Mode = Literal["practice", "exam", "review", "cram"]


@dataclass(frozen=True)
class Learner:
    """A local learner; `uid` tells apart two learners of the same name on different machines."""

    id: int
    uid: str
    name: str
    created_at: datetime


@dataclass(frozen=True)
class Session:
    id: int
    learner_id: int
    lesson_id: str
    mode: Mode
    started_at: datetime
    finished_at: datetime | None = None


@dataclass(frozen=True)
class Attempt:
    """One answer as given. `key` is the answer key it was graded against (None before v2)."""

    id: int
    session_id: int
    learner_id: int
    lesson_id: str
    question_id: str
    content_hash: str
    chosen: tuple[str, ...]
    correct: bool
    seconds: float
    mode: Mode
    answered_at: datetime
    key: tuple[str, ...] | None


@dataclass(frozen=True)
class ReviewState:
    """A learner's FSRS card for one question, as of attempt `last_attempt_id`."""

    learner_id: int
    lesson_id: str
    question_id: str
    card_json: str
    content_hash: str
    key: tuple[str, ...] | None
    last_attempt_id: int


def encode_time(moment: datetime) -> str:
    """UTC ISO-8601 text, which sorts in time order; naive datetimes are taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def decode_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def encode_keys(keys: tuple[str, ...] | list[str] | frozenset[str] | set[str]) -> str:
    """Option letters as stored and exported: sorted, joined by ';' (e.g. 'A;C')."""
    letters = sorted({key.strip().upper() for key in keys})
    for letter in letters:
        if len(letter) != 1 or not "A" <= letter <= "Z":
            raise ValueError(f"option ids are letters A-Z, not {letter!r}")
    return ";".join(letters)


def decode_keys(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split(";") if part)


LEARNER_COLUMNS = ("id", "uid", "name", "created_at")
"""The learners columns `learner_from_row` reads, in its order."""
ATTEMPT_COLUMNS = (
    "id", "session_id", "learner_id", "lesson_id", "question_id", "content_hash", "chosen",
    "correct", "seconds", "mode", "answered_at", "key",
)  # fmt: skip
"""The attempts columns `attempt_from_row` reads, in its order."""


def learner_from_row(row: tuple) -> Learner:
    return Learner(id=row[0], uid=row[1], name=row[2], created_at=decode_time(row[3]))


def attempt_from_row(row: tuple) -> Attempt:
    return Attempt(
        id=row[0],
        session_id=row[1],
        learner_id=row[2],
        lesson_id=row[3],
        question_id=row[4],
        content_hash=row[5],
        chosen=decode_keys(row[6]),
        correct=bool(row[7]),
        seconds=float(row[8]),
        mode=row[9],
        answered_at=decode_time(row[10]),
        key=decode_keys(row[11]) if row[11] is not None else None,
    )
