"""Mastery per objective: accuracy over the last three answers per question, and due count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quizzer.review import RECENT_PER_QUESTION, mastery_by_objective

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_mastery_is_none_before_any_answer(store, lesson, answer) -> None:
    mastery = mastery_by_objective(store, store.learner("ada"), lesson, T0)
    assert list(mastery) == ["obj-a", "obj-b"]
    assert mastery["obj-a"].accuracy is None
    assert (mastery["obj-a"].questions, mastery["obj-a"].answered) == (2, 0)


def test_only_the_recent_answers_count(store, lesson, answer) -> None:
    assert RECENT_PER_QUESTION == 3
    outcomes = [False, False, True, True, True]  # old misses drop out of the window
    for index, correct in enumerate(outcomes):
        answer(store, lesson, "q1", correct, T0 + timedelta(hours=index))
    answer(store, lesson, "q2", False, T0)
    mastery = mastery_by_objective(store, store.learner("ada"), lesson, T0 + timedelta(hours=5))
    assert mastery["obj-a"].accuracy == 3 / 4
    assert mastery["obj-a"].attempts == 4
    assert mastery["obj-a"].answered == 2
    assert mastery["obj-b"].accuracy is None


def test_due_counts_follow_the_review_queue(store, lesson, answer) -> None:
    answer(store, lesson, "q3", False, T0)
    answer(store, lesson, "q1", True, T0)
    later = mastery_by_objective(store, store.learner("ada"), lesson, T0 + timedelta(days=1))
    assert later["obj-b"].due == 1
    now = mastery_by_objective(store, store.learner("ada"), lesson, T0)
    assert now["obj-b"].due == 0
