"""Which questions a session asks."""

from __future__ import annotations

import pytest

from quizzer.engine import select_questions


def ids(questions) -> list[str]:
    return [q.id for q in questions]


def test_all_questions_in_authored_order(questions):
    assert ids(select_questions(questions)) == ["q1", "q2", "q3", "q4"]


def test_by_objective_keeps_questions_that_assess_any_of_them(questions):
    assert ids(select_questions(questions, objectives=["obj-b"])) == ["q2", "q3"]
    assert ids(select_questions(questions, objectives=["obj-a", "obj-c"])) == ["q1", "q2", "q4"]


def test_by_difficulty(questions):
    assert ids(select_questions(questions, difficulties=["challenging"])) == ["q3", "q4"]


def test_filters_combine(questions):
    chosen = select_questions(questions, objectives=["obj-b"], difficulties=["challenging"])
    assert ids(chosen) == ["q3"]


def test_explicit_ids_keep_the_callers_order_and_skip_unknown_ids(questions):
    chosen = select_questions(questions, ids=["q3", "gone", "q1", "q3"])
    assert ids(chosen) == ["q3", "q1"]


def test_random_n_is_a_seeded_sample(questions):
    first = ids(select_questions(questions, count=2, seed=7))
    assert len(first) == 2 and len(set(first)) == 2
    assert ids(select_questions(questions, count=2, seed=7)) == first
    draws = {tuple(ids(select_questions(questions, count=2, seed=s))) for s in range(30)}
    assert len(draws) > 3


def test_random_n_larger_than_the_pool_returns_the_pool(questions):
    assert sorted(ids(select_questions(questions, count=10, seed=1))) == ["q1", "q2", "q3", "q4"]


def test_count_must_be_positive(questions):
    with pytest.raises(ValueError):
        select_questions(questions, count=0)
