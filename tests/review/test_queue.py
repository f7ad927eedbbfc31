"""The review queue over the store: due, cram, edited questions, and no double folding."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from quizzer.review import ReviewQueue

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_new_questions_are_not_due_and_a_miss_comes_back_before_a_hit(
    store, lesson, answer, lesson_factory
) -> None:
    queue = ReviewQueue(store)
    ada = store.learner("ada")
    assert queue.due(ada, lesson, T0) == []
    answer(store, lesson, "q1", True, T0)
    answer(store, lesson, "q2", False, T0)
    cards = queue.cards(ada, lesson, T0)
    assert set(cards) == {"q1", "q2"}
    assert cards["q2"].due < cards["q1"].due
    assert queue.due(ada, lesson, T0) == []
    assert queue.due(ada, lesson, cards["q2"].due) == ["q2"]
    assert queue.due(ada, lesson, T0 + timedelta(days=365)) == ["q2", "q1"]


def test_repeated_success_spaces_the_reviews_out(store, lesson, answer, lesson_factory) -> None:
    queue = ReviewQueue(store)
    ada = store.learner("ada")
    when = T0
    intervals = []
    for _ in range(4):
        answer(store, lesson, "q1", True, when)
        due = queue.cards(ada, lesson, when)["q1"].due
        intervals.append(due - when)
        when = due
    assert intervals == sorted(intervals)
    assert intervals[-1] > timedelta(days=2)


def test_sync_folds_each_attempt_once(store, lesson, answer, lesson_factory) -> None:
    queue = ReviewQueue(store)
    ada = store.learner("ada")
    answer(store, lesson, "q1", True, T0)
    first = queue.sync(ada, "gans")["q1"].card_json
    again = queue.sync(ada, "gans")["q1"].card_json
    assert first == again
    assert ReviewQueue(store).sync(ada, "gans")["q1"].card_json == first


def test_answers_of_other_learners_do_not_count(store, lesson, answer, lesson_factory) -> None:
    queue = ReviewQueue(store)
    answer(store, lesson, "q1", False, T0, learner="bob")
    assert queue.cards(store.learner("ada"), lesson, T0) == {}


def test_cram_puts_latest_miss_first_then_weakest_then_unseen(
    store, lesson, answer, lesson_factory
) -> None:
    queue = ReviewQueue(store)
    ada = store.learner("ada")
    answer(store, lesson, "q1", False, T0)
    answer(store, lesson, "q3", True, T0)
    answer(store, lesson, "q2", False, T0 + timedelta(minutes=1))
    answer(store, lesson, "q3", True, T0 + timedelta(days=1))
    assert queue.cram(ada, lesson, 10, T0 + timedelta(days=2)) == ["q2", "q1", "q3", "q4"]
    assert queue.cram(ada, lesson, 2, T0 + timedelta(days=2)) == ["q2", "q1"]


def test_edited_wording_keeps_history_and_card_but_is_due_and_flagged(
    store, lesson, answer, lesson_factory
) -> None:
    queue = ReviewQueue(store)
    ada = store.learner("ada")
    for day in range(3):
        answer(store, lesson, "q1", True, T0 + timedelta(days=day * 3))
    before = json.loads(queue.sync(ada, "gans")["q1"].card_json)
    edited = lesson_factory(stems={"q1": "Question 1, reworded?"})
    assert queue.changed(ada, edited) == ["q1"]
    assert queue.due(ada, edited, T0 + timedelta(days=7)) == ["q1"]
    answer(store, edited, "q1", True, T0 + timedelta(days=7))
    after = json.loads(queue.sync(ada, "gans")["q1"].card_json)
    assert after["stability"] > before["stability"]
    assert queue.changed(ada, edited) == []
    hashes = [a.content_hash for a in store.attempts(ada, question_id="q1")]
    assert len(hashes) == 4
    assert hashes[:3] == [lesson.question("q1").content_hash] * 3
    assert hashes[3] == edited.question("q1").content_hash


def test_changed_key_starts_a_fresh_card_and_keeps_history(
    store, lesson, answer, lesson_factory
) -> None:
    queue = ReviewQueue(store)
    ada = store.learner("ada")
    for day in range(3):
        answer(store, lesson, "q1", True, T0 + timedelta(days=day * 3))
    before = json.loads(queue.sync(ada, "gans")["q1"].card_json)
    rekeyed = lesson_factory(keys={"q1": 2})
    assert queue.due(ada, rekeyed, T0 + timedelta(days=7)) == ["q1"]
    answer(store, rekeyed, "q1", True, T0 + timedelta(days=7))
    after = json.loads(queue.sync(ada, "gans")["q1"].card_json)
    assert after["stability"] < before["stability"]
    assert after["last_review"].startswith("2026-12-08")
    assert len(store.attempts(ada, question_id="q1")) == 4


def test_an_attempt_committed_before_a_crash_reaches_its_card(
    store, lesson, answer, lesson_factory, tmp_path
) -> None:
    from quizzer.store import open_store

    answer(store, lesson, "q1", False, T0)
    store.close()
    with open_store(tmp_path / "progress.db") as reopened:
        cards = ReviewQueue(reopened).cards(reopened.learner("ada"), lesson, T0)
    assert "q1" in cards


def test_a_slow_right_answer_is_scheduled_sooner_than_a_quick_one(store, lesson, answer) -> None:
    queue = ReviewQueue(store)
    for name in ("quick", "slow"):
        for index in range(6):  # five earlier correct answers of 5 s set the baseline
            answer(store, lesson, "q4" if index else "q3", True, T0, 5.0, name)
        last_seconds = 6.0 if name == "quick" else 30.0
        answer(store, lesson, "q1", True, T0 + timedelta(days=1), last_seconds, name)
    quick = queue.cards(store.learner("quick"), lesson, T0)["q1"]
    slow = queue.cards(store.learner("slow"), lesson, T0)["q1"]
    assert slow.due < quick.due
