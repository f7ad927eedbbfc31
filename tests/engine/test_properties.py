"""Invariants of shuffling and grading over many seeds and answer sets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizzer.bank.model import Option, Question
from quizzer.engine import QuizSession

MULTI = Question(
    id="m1",
    type="multiple",
    stem="Which hold?",
    options=[Option(text=f"option {key}", correct=key in "ACD") for key in "ABCDE"],
    explanation="Because.",
    objectives=["obj-a"],
)


@given(seed=st.integers(), picked=st.sets(st.sampled_from("ABCDE"), min_size=1))
def test_picking_labels_grades_like_picking_their_keys(seed: int, picked: set[str]) -> None:
    session = QuizSession([MULTI], seed=seed)
    keys = {session.key_for_label(label) for label in picked}
    assert len(keys) == len(picked)
    outcome = session.answer(keys)
    assert outcome.correct == (keys == {"A", "C", "D"})
    assert outcome.record is not None
    assert set(outcome.record.chosen) == keys
