"""Item and test statistics against a worked example computed here, independently, in numpy.

The reference formulas are written in their textbook forms (np.corrcoef, G1/G2 sample
skewness and excess kurtosis, KR-20 with p*q), not Moodle's k-statistics, so agreement
checks the implementation rather than repeating it.
"""

from __future__ import annotations

import numpy as np
import pytest

from quizzer.analytics import analyse_scores

# 8 students x 5 items; totals 5,4,3,3,3,2,1,0 -> upper 2 = rows 0-1, lower 2 = rows 6-7
# (no ties at the 27% boundaries, so Kelley's groups are plain).
X = np.array(
    [
        [1, 1, 1, 1, 1],
        [1, 1, 1, 1, 0],
        [1, 1, 0, 1, 0],
        [1, 0, 1, 0, 1],
        [1, 1, 0, 0, 1],
        [0, 1, 0, 0, 1],
        [1, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
    ],
    dtype=float,
)


def test_item_statistics_match_independent_numpy() -> None:
    students, items = X.shape
    totals = X.sum(axis=1)
    _, stats = analyse_scores(X)
    for p in range(items):
        x = X[:, p]
        rest = totals - x
        assert stats.facility[p] == pytest.approx(x.mean())
        assert stats.sd[p] == pytest.approx(x.std(ddof=1))
        assert stats.discrimination_index[p] == pytest.approx(np.corrcoef(x, rest)[0, 1])
        assert stats.point_biserial[p] == pytest.approx(np.corrcoef(x, totals)[0, 1])
        best = np.dot(np.sort(x) - x.mean(), np.sort(rest) - rest.mean()) / (students - 1)
        assert stats.discriminative_efficiency[p] == pytest.approx(np.cov(x, rest)[0, 1] / best)
        order = np.argsort(-totals)
        upper, lower = x[order[:2]].mean(), x[order[-2:]].mean()
        assert stats.upper_lower_index[p] == pytest.approx(upper - lower)


def test_test_statistics_match_independent_numpy() -> None:
    n, items = X.shape
    totals = X.sum(axis=1)
    test, _ = analyse_scores(X)
    mean, s = totals.mean(), totals.std(ddof=1)
    z = (totals - mean) / s
    g1 = n / ((n - 1) * (n - 2)) * np.sum(z**3)
    g2 = n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * np.sum(z**4) - 3 * (n - 1) ** 2 / (
        (n - 2) * (n - 3)
    )
    p = X.mean(axis=0)
    kr20 = items / (items - 1) * (1 - np.sum(p * (1 - p)) / totals.var(ddof=0))
    assert test.n_students == 8 and test.n_items == 5
    assert test.mean == pytest.approx(mean / items)
    assert test.median == pytest.approx(np.median(totals) / items)
    assert test.sd == pytest.approx(s / items)
    assert test.skewness == pytest.approx(g1)
    assert test.kurtosis == pytest.approx(g2)
    assert test.cronbach_alpha == pytest.approx(kr20)
    assert test.error_ratio == pytest.approx(np.sqrt(1 - kr20))
    assert test.standard_error == pytest.approx(np.sqrt(1 - kr20) * s / items)


def test_hand_checked_numbers() -> None:
    test, stats = analyse_scores(X)
    assert stats.facility.tolist() == [0.75, 0.625, 0.375, 0.375, 0.5]
    assert test.mean == pytest.approx(21 / 40)
    assert test.median == pytest.approx(3 / 5)
    # Item 0: upper pair both right, lower pair one right.
    assert stats.upper_lower_index[0] == pytest.approx(0.5)


def test_undefined_statistics_are_nan_not_errors() -> None:
    constant = np.ones((6, 3))
    test, stats = analyse_scores(constant)
    assert stats.facility.tolist() == [1.0, 1.0, 1.0]
    assert np.isnan(stats.discrimination_index).all()
    assert np.isnan(stats.discriminative_efficiency).all()
    assert np.isnan(test.skewness) and np.isnan(test.cronbach_alpha)
    one_student, _ = analyse_scores(np.array([[1.0, 0.0]]))
    assert one_student.n_students == 1 and np.isnan(one_student.sd)


def test_missing_responses_are_left_out_of_that_items_statistics() -> None:
    with_gap = X.copy()
    with_gap[[1, 6], 2] = np.nan
    _, stats = analyse_scores(with_gap)
    answered = ~np.isnan(with_gap[:, 2])
    x = with_gap[answered, 2]
    rest = np.nansum(with_gap, axis=1)[answered] - x
    assert stats.n_answered[2] == 6
    assert stats.facility[2] == pytest.approx(x.mean())
    assert stats.discrimination_index[2] == pytest.approx(np.corrcoef(x, rest)[0, 1])
