"""Invariants of the statistics over random 0/1 response matrices (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from quizzer.analytics import analyse_scores

matrices = st.tuples(st.integers(2, 30), st.integers(2, 8)).flatmap(
    lambda shape: arrays(np.float64, shape, elements=st.sampled_from([0.0, 1.0]))
)


def _in(values: np.ndarray, low: float, high: float) -> bool:
    finite = values[np.isfinite(values)]
    return bool(((finite >= low - 1e-9) & (finite <= high + 1e-9)).all())


@settings(max_examples=150, deadline=None)
@given(matrices)
def test_ranges(scores: np.ndarray) -> None:
    test, items = analyse_scores(scores)
    assert _in(items.facility, 0, 1) and not np.isnan(items.facility).any()
    assert _in(items.discrimination_index, -1, 1)
    assert _in(items.point_biserial, -1, 1)
    assert _in(items.upper_lower_index, -1, 1)
    assert _in(items.discriminative_efficiency, -np.inf, 1)
    assert np.isnan(test.cronbach_alpha) or test.cronbach_alpha <= 1 + 1e-9
    assert _in(np.array([test.mean, test.median]), 0, 1)


@settings(max_examples=100, deadline=None)
@given(matrices)
def test_a_constant_correct_item_changes_no_other_item(scores: np.ndarray) -> None:
    _, before = analyse_scores(scores)
    _, after = analyse_scores(np.column_stack([scores, np.ones(len(scores))]))
    np.testing.assert_allclose(after.facility[:-1], before.facility, atol=1e-9)
    np.testing.assert_allclose(
        after.discrimination_index[:-1], before.discrimination_index, atol=1e-9
    )
    np.testing.assert_allclose(after.upper_lower_index[:-1], before.upper_lower_index, atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(matrices, st.randoms(use_true_random=False))
def test_permuting_students_changes_nothing(scores: np.ndarray, random) -> None:
    order = list(range(len(scores)))
    random.shuffle(order)
    test, items = analyse_scores(scores)
    shuffled_test, shuffled = analyse_scores(scores[order])
    for name in (
        "facility",
        "sd",
        "discrimination_index",
        "discriminative_efficiency",
        "upper_lower_index",
        "point_biserial",
    ):
        np.testing.assert_allclose(getattr(shuffled, name), getattr(items, name), atol=1e-9)
    np.testing.assert_allclose(
        [shuffled_test.mean, shuffled_test.sd, shuffled_test.cronbach_alpha],
        [test.mean, test.sd, test.cronbach_alpha],
        atol=1e-9,
    )


@settings(max_examples=60, deadline=None)
@given(matrices)
def test_permuting_items_permutes_the_results(scores: np.ndarray) -> None:
    reverse = scores[:, ::-1]
    _, items = analyse_scores(scores)
    _, reversed_items = analyse_scores(reverse)
    np.testing.assert_allclose(reversed_items.facility, items.facility[::-1], atol=1e-9)
    np.testing.assert_allclose(
        reversed_items.discrimination_index, items.discrimination_index[::-1], atol=1e-9
    )


with_gaps = st.tuples(st.integers(2, 25), st.integers(2, 6)).flatmap(
    lambda shape: arrays(np.float64, shape, elements=st.sampled_from([0.0, 1.0, np.nan]))
)


@settings(max_examples=150, deadline=None)
@given(with_gaps)
def test_missing_responses_keep_the_ranges_and_raise_no_warnings(scores: np.ndarray) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, items = analyse_scores(scores)
    answered = ~np.isnan(scores)
    assert items.n_answered.tolist() == answered.sum(axis=0).tolist()
    assert _in(items.facility, 0, 1)
    assert _in(items.discrimination_index, -1, 1)
    assert _in(items.point_biserial, -1, 1)
    assert _in(items.upper_lower_index, -1, 1)
