"""FSRS-6 review over the store: each (learner, lesson, question) is one card.

Cards are a cache folded from the attempts table: `sync` replays every attempt newer than
a card's `last_attempt_id` through the scheduler and saves the cards in one transaction.
So an answer is never lost between "attempt committed" and "card updated": if the app dies
in between, the next `sync` folds the missing attempt in. Every mode counts (practice,
exam, review, cram): each is a real retrieval. Fuzzing is off so due dates are
reproducible; a single learner's deck is small enough not to need load spreading.

When a question is edited (its content hash changes):

* the history is never touched: old attempts keep their old hash, new ones get the new hash;
* the question is "changed since last review" (`changed`) and counts as due now, so the
  learner meets the new wording at the next review;
* if the answer key itself changed (the attempt's key differs from the card's), the next
  answer starts a fresh card: what the old card measured was memory of a different answer.
  A reworded stem with the same key keeps the card's stability and difficulty.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, datetime

from fsrs import Card, Scheduler

from quizzer.bank.model import Lesson
from quizzer.review.rating import rating_for
from quizzer.store import Attempt, Learner, ReviewState, Store


@dataclass(frozen=True)
class CardView:
    """A question's review state as the screens need it."""

    question_id: str
    due: datetime
    retrievability: float
    changed: bool


class ReviewQueue:
    """Due-now and cram selections for a learner and a lesson, backed by the store."""

    def __init__(self, store: Store, scheduler: Scheduler | None = None) -> None:
        self.store = store
        self.scheduler = scheduler or Scheduler(enable_fuzzing=False)

    def sync(self, learner: Learner, lesson_id: str) -> dict[str, ReviewState]:
        """Fold attempts not yet in the cards into them; return the cards by question id."""
        states = self.store.review_states(learner, lesson_id)
        attempts = self.store.attempts(learner, lesson_id=lesson_id)
        earlier_correct: list[float] = []
        updated: dict[str, ReviewState] = {}
        for attempt in attempts:
            state = updated.get(attempt.question_id) or states.get(attempt.question_id)
            if state is None or attempt.id > state.last_attempt_id:
                updated[attempt.question_id] = self._fold(state, attempt, earlier_correct)
            if attempt.correct:
                bisect.insort(earlier_correct, attempt.seconds)
        self.store.save_review_states(updated.values())
        return states | updated

    def _fold(
        self, state: ReviewState | None, attempt: Attempt, earlier_correct: list[float]
    ) -> ReviewState:
        key_changed = (
            state is not None
            and state.key is not None
            and attempt.key is not None
            and state.key != attempt.key
        )
        if state is None or key_changed:
            card = Card(card_id=attempt.id)
        else:
            card = Card.from_json(state.card_json)
        moment = attempt.answered_at
        if card.last_review is not None and moment < card.last_review:
            moment = card.last_review
        rating = rating_for(attempt.correct, attempt.seconds, earlier_correct)
        card, _ = self.scheduler.review_card(card, rating, review_datetime=moment)
        return ReviewState(
            learner_id=attempt.learner_id,
            lesson_id=attempt.lesson_id,
            question_id=attempt.question_id,
            card_json=card.to_json(),
            content_hash=attempt.content_hash,
            key=attempt.key if attempt.key is not None else (state.key if state else None),
            last_attempt_id=attempt.id,
        )

    def cards(
        self, learner: Learner, lesson: Lesson, now: datetime | None = None
    ) -> dict[str, CardView]:
        """The review state of every question of `lesson` the learner has answered."""
        now = _aware(now)
        states = self.sync(learner, lesson.lesson.id)
        views: dict[str, CardView] = {}
        for question in lesson.questions:
            state = states.get(question.id)
            if state is None:
                continue
            card = Card.from_json(state.card_json)
            views[question.id] = CardView(
                question_id=question.id,
                due=card.due,
                retrievability=self.scheduler.get_card_retrievability(card, now),
                changed=state.content_hash != question.content_hash,
            )
        return views

    def due(self, learner: Learner, lesson: Lesson, now: datetime | None = None) -> list[str]:
        """Question ids due now: changed questions first, then the longest overdue first.

        Questions never answered are new, not due; practice introduces them.
        """
        now = _aware(now)
        views = self.cards(learner, lesson, now)
        due = [view for view in views.values() if view.changed or view.due <= now]
        due.sort(key=lambda view: (not view.changed, view.due))
        return [view.question_id for view in due]

    def changed(self, learner: Learner, lesson: Lesson) -> list[str]:
        """Question ids edited since the learner last answered them."""
        return [view.question_id for view in self.cards(learner, lesson).values() if view.changed]

    def cram(
        self, learner: Learner, lesson: Lesson, n: int, now: datetime | None = None
    ) -> list[str]:
        """Up to `n` question ids to practise when nothing is due.

        Most recently missed first (questions whose last answer was wrong, latest miss
        first), then the weakest (lowest FSRS retrievability now), then questions never
        answered in bank order, so cram never comes back empty while the lesson has questions.
        """
        now = _aware(now)
        views = self.cards(learner, lesson, now)
        last: dict[str, Attempt] = {}
        for attempt in self.store.attempts(learner, lesson_id=lesson.lesson.id):
            last[attempt.question_id] = attempt
        missed = [qid for qid in views if not last[qid].correct]
        missed.sort(key=lambda qid: last[qid].id, reverse=True)
        rest = [qid for qid in views if last[qid].correct]
        rest.sort(key=lambda qid: views[qid].retrievability)
        unseen = [q.id for q in lesson.questions if q.id not in views]
        return (missed + rest + unseen)[: max(n, 0)]


def _aware(now: datetime | None) -> datetime:
    """Now, or the given moment; naive datetimes are taken as UTC (cards are in UTC)."""
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo is not None else now.replace(tzinfo=UTC)
