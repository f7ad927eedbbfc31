"""Item analysis and test statistics with Moodle's quiz statistics formulas, in numpy.

Input: `scores`, students x items, each 0..1 (0/1 here), NaN where the student was not
presented the item. As in Moodle's per-question statistics, an item's statistics use only
the students who answered it (its s); a student's total is the sum of their item scores.
Variances and covariances divide by (s - 1). For item p over its s students, with x the
item score and X = total - x (the rest of the test):

* facility = mean(x) (max score 1); sd = sqrt(V(x))
* discrimination_index = C(x, X) / sqrt(V(x) V(X))  (Moodle's item-rest correlation)
* discriminative_efficiency = C(x, X) / C_max(x, X), where C_max pairs the sorted x with the
  sorted X (the largest covariance these marginals allow). It is <= 1 but, like Moodle's, not
  bounded below by -1 for skewed totals.
* upper_lower_index = p(upper 27%) - p(lower 27%) by total score (Kelley); students tied at
  a group boundary count fractionally, so the result does not depend on student order.
* point_biserial = correlation of x with the total (item included).

Test statistics over the S students' totals T, reported as fractions of the number of items
P (Moodle reports percentages of the maximum): mean, median, sd = sqrt(sum (T-mean)^2/(S-1)).
With m_k = sum (T-mean)^k / S, k2 = S m2/(S-1), k3 = S^2 m3/((S-1)(S-2)),
k4 = S^2 ((S+1) m4 - 3 (S-1) m2^2)/((S-1)(S-2)(S-3)):
skewness = k3 / k2^1.5, kurtosis = k4 / k2^2 (excess; 0 for a normal distribution).
cronbach_alpha (Moodle's CIC / 100; KR-20 for 0/1 items) = P/(P-1) (1 - sum V(x_p) / k2),
error_ratio = sqrt(1 - alpha), standard_error = error_ratio * sd.
Anything undefined (too few students, zero variance) is NaN, shown as null / "-".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

UPPER_LOWER_FRACTION = 0.27


@dataclass(frozen=True)
class TestStatistics:
    n_students: int
    n_items: int
    mean: float
    median: float
    sd: float
    skewness: float
    kurtosis: float
    cronbach_alpha: float
    error_ratio: float
    standard_error: float


@dataclass(frozen=True)
class ItemStatistics:
    """Per-item arrays, one entry per column of the score matrix."""

    n_answered: np.ndarray
    facility: np.ndarray
    sd: np.ndarray
    discrimination_index: np.ndarray
    discriminative_efficiency: np.ndarray
    upper_lower_index: np.ndarray
    point_biserial: np.ndarray


def analyse_scores(scores: np.ndarray) -> tuple[TestStatistics, ItemStatistics]:
    """Test and item statistics of a students x items score matrix (NaN = not presented)."""
    scores = np.asarray(scores, dtype=float)
    if scores.ndim != 2:
        raise ValueError("scores must be a students x items matrix")
    answered = ~np.isnan(scores)
    scores = scores[answered.any(axis=1)]
    answered = answered[answered.any(axis=1)]
    filled = np.where(answered, scores, 0.0)
    totals = filled.sum(axis=1)
    items = _item_statistics(filled, answered, totals)
    test = _test_statistics(totals, scores.shape[1], items)
    return test, items


def _item_statistics(
    filled: np.ndarray, answered: np.ndarray, totals: np.ndarray
) -> ItemStatistics:
    count = answered.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = filled.sum(axis=0) / count
        rest = np.where(answered, totals[:, None] - filled, 0.0)
        rest_mean = rest.sum(axis=0) / count
        total_mean = (answered * totals[:, None]).sum(axis=0) / count
        dx = np.where(answered, filled - mean, 0.0)
        dr = np.where(answered, rest - rest_mean, 0.0)
        dt = np.where(answered, totals[:, None] - total_mean, 0.0)
        dof = np.where(count > 1, count - 1, np.nan)
        var_x = (dx * dx).sum(axis=0) / dof
        var_r = (dr * dr).sum(axis=0) / dof
        var_t = (dt * dt).sum(axis=0) / dof
        cov_xr = (dx * dr).sum(axis=0) / dof
        cov_xt = (dx * dt).sum(axis=0) / dof
        cov_max = _max_covariance(filled, rest, answered, mean, rest_mean) / dof
        discrimination = _ratio(cov_xr, np.sqrt(var_x * var_r))
        efficiency = _ratio(cov_xr, cov_max)
        point_biserial = _ratio(cov_xt, np.sqrt(var_x * var_t))
    return ItemStatistics(
        n_answered=count,
        facility=mean,
        sd=np.sqrt(var_x),
        discrimination_index=np.clip(discrimination, -1.0, 1.0),
        discriminative_efficiency=np.minimum(efficiency, 1.0),
        upper_lower_index=_upper_lower(filled, answered, totals),
        point_biserial=np.clip(point_biserial, -1.0, 1.0),
    )


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, NaN where the denominator is zero or undefined."""
    safe = np.isfinite(denominator) & (np.abs(denominator) > 1e-12)
    return np.where(safe, numerator / np.where(safe, denominator, 1.0), np.nan)


def _max_covariance(
    filled: np.ndarray,
    rest: np.ndarray,
    answered: np.ndarray,
    mean: np.ndarray,
    rest_mean: np.ndarray,
) -> np.ndarray:
    """Sum of products of deviations after sorting x and X independently (Moodle's C_max)."""
    sorted_x = np.sort(np.where(answered, filled, np.inf), axis=0)
    sorted_r = np.sort(np.where(answered, rest, np.inf), axis=0)
    valid = np.arange(filled.shape[0])[:, None] < answered.sum(axis=0)[None, :]
    products = np.where(valid, (sorted_x - mean) * (sorted_r - rest_mean), 0.0)
    return products.sum(axis=0)


def _upper_lower(filled: np.ndarray, answered: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Kelley's upper-lower 27% index per item; one grouping shared by complete columns."""
    n_items = filled.shape[1]
    result = np.full(n_items, np.nan)
    complete = answered.all(axis=0)
    if complete.any():
        upper, lower, size = _group_weights(totals)
        if size:
            result[complete] = (upper @ filled[:, complete] - lower @ filled[:, complete]) / size
    for item in np.flatnonzero(~complete):
        rows = answered[:, item]
        upper, lower, size = _group_weights(totals[rows])
        if size:
            column = filled[rows, item]
            result[item] = (upper @ column - lower @ column) / size
    return result


def _group_weights(totals: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Membership weights of the top and bottom 27% by total; ties at the edge share."""
    count = totals.size
    size = round(UPPER_LOWER_FRACTION * count)
    if count < 2:
        return np.zeros(count), np.zeros(count), 0
    size = min(max(size, 1), count // 2)
    ordered = np.sort(totals)
    upper = _edge_weights(totals > ordered[-size], totals == ordered[-size], size)
    lower = _edge_weights(totals < ordered[size - 1], totals == ordered[size - 1], size)
    return upper, lower, size


def _edge_weights(inside: np.ndarray, tied: np.ndarray, size: int) -> np.ndarray:
    share = (size - inside.sum()) / tied.sum()
    return inside.astype(float) + tied * share


def _test_statistics(totals: np.ndarray, n_items: int, items: ItemStatistics) -> TestStatistics:
    students = totals.size
    nan = float("nan")
    mean = float(totals.mean()) if students else nan
    median = float(np.median(totals)) if students else nan
    deviations = totals - mean
    power2, power3, power4 = ((deviations**k).sum() for k in (2, 3, 4))
    sd = skewness = kurtosis = alpha = nan
    if students > 1:
        sd = float(np.sqrt(power2 / (students - 1)))
    k2 = power2 / (students - 1) if students > 1 else 0.0
    if students > 2 and k2 > 1e-12:
        m2, m3, m4 = power2 / students, power3 / students, power4 / students
        k3 = students**2 * m3 / ((students - 1) * (students - 2))
        skewness = float(k3 / k2**1.5)
        if students > 3:
            k4 = (
                students**2
                * ((students + 1) * m4 - 3 * (students - 1) * m2 * m2)
                / ((students - 1) * (students - 2) * (students - 3))
            )
            kurtosis = float(k4 / k2**2)
    item_variance = np.nansum(items.sd**2)
    if students > 1 and n_items > 1 and k2 > 1e-12:
        alpha = float(n_items / (n_items - 1) * (1 - item_variance / k2))
    error_ratio = float(np.sqrt(1 - alpha)) if alpha <= 1 else nan
    scale = n_items or 1
    return TestStatistics(
        n_students=students,
        n_items=n_items,
        mean=mean / scale,
        median=median / scale,
        sd=sd / scale,
        skewness=skewness,
        kurtosis=kurtosis,
        cronbach_alpha=alpha,
        error_ratio=error_ratio,
        standard_error=error_ratio * sd / scale,
    )
