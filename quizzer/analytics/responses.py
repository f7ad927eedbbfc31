"""Responses from any number of sources, reduced to each student's first answer per item.

Item analysis assumes one independent attempt per student (Moodle uses first attempts by
default), so the first response of a (student, question) pair counts: the earliest by
`answered_at` when both responses carry a time, else the one read first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from quizzer.bank.model import OPTION_KEYS


@dataclass(frozen=True)
class Response:
    student: str
    question_id: str
    chosen: frozenset[str]
    correct: bool
    answered_at: str | None = None
    key: frozenset[str] | None = None


@dataclass(frozen=True)
class ItemInfo:
    """An item's options (letters in authored order) and answer key (None if unknown)."""

    question_id: str
    option_keys: tuple[str, ...]
    key: frozenset[str] | None


@dataclass(frozen=True)
class ResponseMatrix:
    """Students x items: scores (NaN = not presented) and chosen options as bit masks."""

    students: list[str]
    items: list[ItemInfo]
    scores: np.ndarray
    chosen: np.ndarray


@dataclass
class ResponseSet:
    """First responses per (student, question), merged across sources."""

    first: dict[tuple[str, str], Response] = field(default_factory=dict)

    def add(self, response: Response) -> None:
        pair = (response.student, response.question_id)
        held = self.first.get(pair)
        if held is None or (
            held.answered_at is not None
            and response.answered_at is not None
            and response.answered_at < held.answered_at
        ):
            self.first[pair] = response

    def __len__(self) -> int:
        return len(self.first)

    def infer_items(self, known: dict[str, ItemInfo]) -> dict[str, ItemInfo]:
        """Items for every question answered, bank order first: `known` else inferred.

        Without the bank, the options are the letters seen (chosen or keyed) and the key is
        the latest recorded key, else the set chosen in correct answers, else unknown.
        """
        by_question: dict[str, list[Response]] = {}
        for response in self.first.values():
            by_question.setdefault(response.question_id, []).append(response)
        items: dict[str, ItemInfo] = {}
        in_bank = [qid for qid in known if qid in by_question]
        for question_id in in_bank + sorted(set(by_question) - set(in_bank)):
            if question_id in known:
                items[question_id] = known[question_id]
                continue
            responses = by_question[question_id]
            keyed = sorted(
                (r for r in responses if r.key is not None), key=lambda r: r.answered_at or ""
            )
            key = keyed[-1].key if keyed else None
            if key is None:
                right = [r.chosen for r in responses if r.correct]
                key = frozenset().union(*right) if right else None
            letters = set().union(*(r.chosen for r in responses), key or ())
            last = max((OPTION_KEYS.index(letter) for letter in letters), default=0)
            items[question_id] = ItemInfo(question_id, tuple(OPTION_KEYS[: last + 1]), key)
        return items

    def matrix(self, items: dict[str, ItemInfo]) -> ResponseMatrix:
        students = sorted({student for student, _ in self.first})
        row = {student: index for index, student in enumerate(students)}
        ordered = list(items.values())
        column = {item.question_id: index for index, item in enumerate(ordered)}
        scores = np.full((len(students), len(ordered)), np.nan)
        chosen = np.zeros((len(students), len(ordered)), dtype=np.int64)
        for (student, question_id), response in self.first.items():
            if question_id not in column:
                continue
            i, j = row[student], column[question_id]
            scores[i, j] = 1.0 if response.correct else 0.0
            chosen[i, j] = letters_mask(response.chosen)
        return ResponseMatrix(students, ordered, scores, chosen)


def letters_mask(letters: frozenset[str] | set[str]) -> int:
    """Option letters as a bit mask: A is bit 0."""
    mask = 0
    for letter in letters:
        mask |= 1 << OPTION_KEYS.index(letter)
    return mask
