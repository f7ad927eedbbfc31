"""Answers become FSRS ratings: Again, Good, and Hard only when right but clearly slow."""

from fsrs import Rating

from quizzer.review.rating import HARD_FACTOR, HARD_MIN_HISTORY, IDLE_SECONDS, rating_for

HISTORY = [10.0, 12.0, 8.0, 11.0, 9.0]  # median 10 s


def test_wrong_is_again_whatever_the_time() -> None:
    assert rating_for(False, 3.0, HISTORY) == Rating.Again
    assert rating_for(False, 300.0, HISTORY) == Rating.Again


def test_right_within_twice_the_median_is_good() -> None:
    assert rating_for(True, 10.0 * HARD_FACTOR, HISTORY) == Rating.Good


def test_right_but_slower_than_twice_the_median_is_hard() -> None:
    assert rating_for(True, 10.0 * HARD_FACTOR + 0.5, HISTORY) == Rating.Hard


def test_no_hard_before_enough_history() -> None:
    assert rating_for(True, 500.0, HISTORY[: HARD_MIN_HISTORY - 1]) == Rating.Good


def test_an_interrupted_answer_is_not_a_struggle() -> None:
    assert rating_for(True, IDLE_SECONDS + 1, HISTORY) == Rating.Good
