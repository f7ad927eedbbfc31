"""Responses from any number of sources, reduced to each student's first answer per item.

Item analysis assumes one independent attempt per student (Moodle uses first attempts by
default), so one response per (student, question) counts: among responses that carry a
time (`answered_at`: databases, exports) the earliest; responses without a time come after
those, in the order read (file order, sources in command-line order).

Responses are held in columns (lists and numpy arrays, chosen options and keys as bit masks
with A as bit 0) because a class of 10,000 students x 200 items is two million of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from quizzer.bank.model import OPTION_KEYS

NO_KEY = -1
_LAST = "\uffff"  # sorts after every ISO time: untimed responses come after timed ones


class Response(NamedTuple):
    """One response; `key` is the answer key it was graded against (None if unknown)."""

    student: str
    question_id: str
    chosen: int
    correct: bool
    answered_at: str | None = None
    key: int | None = None


@dataclass(frozen=True)
class ResponseBatch:
    """Responses of one source, column by column."""

    students: list[str]
    questions: list[str]
    chosen: np.ndarray
    correct: np.ndarray
    key: np.ndarray
    answered_at: list[str | None] | None = None

    @classmethod
    def of(cls, responses: list[Response]) -> ResponseBatch:
        return cls(
            students=[r.student for r in responses],
            questions=[r.question_id for r in responses],
            chosen=np.array([r.chosen for r in responses], dtype=np.int64),
            correct=np.array([r.correct for r in responses], dtype=bool),
            key=np.array([NO_KEY if r.key is None else r.key for r in responses], np.int64),
            answered_at=[r.answered_at for r in responses],
        )


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


@dataclass(frozen=True)
class _Firsts:
    """The first response of every (student, question) pair, as columns."""

    student_names: list[str]
    question_names: list[str]
    student: np.ndarray
    question: np.ndarray
    chosen: np.ndarray
    correct: np.ndarray
    key: np.ndarray
    time: np.ndarray


class ResponseSet:
    """Responses from several sources; `first()` keeps one per (student, question)."""

    def __init__(self) -> None:
        self._batches: list[ResponseBatch] = []
        self._cached: _Firsts | None = None

    def add_batch(self, batch: ResponseBatch) -> None:
        if batch.students:
            self._batches.append(batch)
            self._cached = None

    def add(self, response: Response) -> None:
        self.add_batch(ResponseBatch.of([response]))

    def __len__(self) -> int:
        return sum(len(batch.students) for batch in self._batches)

    def _firsts(self) -> _Firsts:
        if self._cached is None:
            self._cached = self._select_firsts()
        return self._cached

    def _select_firsts(self) -> _Firsts:
        students = [s for batch in self._batches for s in batch.students]
        questions = [q for batch in self._batches for q in batch.questions]
        student_index: dict[str, int] = {}
        question_index: dict[str, int] = {}
        count = len(students)
        student = np.fromiter(
            (student_index.setdefault(s, len(student_index)) for s in students), np.int64, count
        )
        question = np.fromiter(
            (question_index.setdefault(q, len(question_index)) for q in questions),
            np.int64,
            count,
        )
        chosen = np.concatenate([batch.chosen for batch in self._batches])
        correct = np.concatenate([batch.correct for batch in self._batches])
        key = np.concatenate([batch.key for batch in self._batches])
        pair = student * max(len(question_index), 1) + question
        timed = any(batch.answered_at is not None for batch in self._batches)
        if timed:
            times = np.array(
                [
                    t or _LAST
                    for batch in self._batches
                    for t in (batch.answered_at or [None] * len(batch.students))
                ]
            )
            order = np.lexsort((np.arange(count), times, pair))
            starts = np.flatnonzero(np.diff(pair[order], prepend=-1))
            first = order[starts]
        else:
            times = np.full(count, _LAST)
            first = np.unique(pair, return_index=True)[1]
        return _Firsts(
            student_names=list(student_index),
            question_names=list(question_index),
            student=student[first],
            question=question[first],
            chosen=chosen[first],
            correct=correct[first],
            key=key[first],
            time=times[first],
        )

    def first(self) -> dict[tuple[str, str], Response]:
        """The counted responses by (student, question): for inspection and small data."""
        firsts = self._firsts()
        return {
            (firsts.student_names[s], firsts.question_names[q]): Response(
                firsts.student_names[s],
                firsts.question_names[q],
                int(c),
                bool(ok),
                None if t == _LAST else str(t),
                None if k == NO_KEY else int(k),
            )
            for s, q, c, ok, t, k in zip(
                firsts.student,
                firsts.question,
                firsts.chosen,
                firsts.correct,
                firsts.time,
                firsts.key,
                strict=True,
            )
        }

    def infer_items(self, known: dict[str, ItemInfo]) -> dict[str, ItemInfo]:
        """Items for every question answered, bank order first: `known` else inferred.

        Without the bank, the options are the letters seen (chosen or keyed) and the key is
        the latest recorded key, else the set chosen in correct answers, else unknown.
        """
        firsts = self._firsts()
        answered = set(firsts.question_names)
        items = {qid: info for qid, info in known.items() if qid in answered}
        for code, question_id in sorted(enumerate(firsts.question_names), key=lambda pair: pair[1]):
            if question_id in items:
                continue
            rows = firsts.question == code
            keyed = rows & (firsts.key != NO_KEY)
            key: int | None = None
            if keyed.any():
                latest = np.flatnonzero(keyed)[np.argmax(firsts.time[keyed])]
                key = int(firsts.key[latest])
            elif (rows & firsts.correct).any():
                key = int(np.bitwise_or.reduce(firsts.chosen[rows & firsts.correct]))
            letters = int(np.bitwise_or.reduce(firsts.chosen[rows])) | (key or 0)
            count = max(letters.bit_length(), 1)
            items[question_id] = ItemInfo(
                question_id,
                tuple(OPTION_KEYS[:count]),
                mask_letters(key) if key is not None else None,
            )
        return items

    def matrix(self, items: dict[str, ItemInfo]) -> ResponseMatrix:
        """Students (sorted by id) x items (in `items` order) score and choice matrices."""
        firsts = self._firsts()
        names = firsts.student_names
        by_name = sorted(range(len(names)), key=names.__getitem__)
        rank = np.empty(len(names), dtype=np.int64)
        rank[by_name] = np.arange(len(names))
        ordered = list(items.values())
        position = {item.question_id: index for index, item in enumerate(ordered)}
        column_of = np.array(
            [position.get(name, -1) for name in firsts.question_names], dtype=np.int64
        )
        columns = column_of[firsts.question]
        kept = columns >= 0
        rows = rank[firsts.student[kept]]
        present = np.unique(rows)
        remap = np.full(len(names), -1, dtype=np.int64)
        remap[present] = np.arange(present.size)
        rows = remap[rows]
        scores = np.full((present.size, len(ordered)), np.nan)
        chosen = np.zeros((present.size, len(ordered)), dtype=np.int64)
        scores[rows, columns[kept]] = firsts.correct[kept]
        chosen[rows, columns[kept]] = firsts.chosen[kept]
        students = [names[by_name[index]] for index in present]
        return ResponseMatrix(students, ordered, scores, chosen)


def letters_mask(letters: frozenset[str] | set[str] | tuple[str, ...]) -> int:
    """Option letters as a bit mask: A is bit 0."""
    mask = 0
    for letter in letters:
        mask |= 1 << OPTION_KEYS.index(letter)
    return mask


def mask_letters(mask: int) -> frozenset[str]:
    return frozenset(letter for bit, letter in enumerate(OPTION_KEYS) if mask >> bit & 1)
