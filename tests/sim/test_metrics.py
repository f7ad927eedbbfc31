"""Known answers and invariants for sim.metrics: each fails if a metric's definition drifts."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.metrics import (
    d_accuracy,
    distance_to_equilibrium,
    frechet_distance,
    high_quality_fraction,
    js_divergence,
    modes_covered,
    neighbour_radii,
    precision_recall,
)

RING_RADIUS = 2.0
RING_STD = 0.02
RING_MODES = np.stack(
    [
        RING_RADIUS * np.cos(np.arange(8) * 2 * np.pi / 8),
        RING_RADIUS * np.sin(np.arange(8) * 2 * np.pi / 8),
    ],
    axis=1,
)


def whitened(n: int, dims: int, seed: int) -> np.ndarray:
    """Samples whose empirical mean is exactly 0 and unbiased covariance exactly the identity,
    so a Gaussian fit of an affine image of them has exactly the moments we choose."""
    raw = np.random.default_rng(seed).normal(size=(n, dims))
    centred = raw - raw.mean(axis=0)
    factor = np.linalg.cholesky(np.atleast_2d(np.cov(centred, rowvar=False)))
    return centred @ np.linalg.inv(factor).T


# --- modes covered and high-quality fraction -------------------------------------------------


def test_collapse_onto_one_mode_covers_one_mode_with_full_quality() -> None:
    rng = np.random.default_rng(0)
    samples = RING_MODES[3] + RING_STD * rng.normal(size=(2500, 2)).clip(-2, 2)
    assert modes_covered(samples, RING_MODES, RING_STD) == 1
    assert high_quality_fraction(samples, RING_MODES, RING_STD) == 1.0


def test_samples_far_from_every_mode_cover_nothing() -> None:
    samples = np.random.default_rng(1).uniform(-0.5, 0.5, size=(2500, 2))
    assert modes_covered(samples, RING_MODES, RING_STD) == 0
    assert high_quality_fraction(samples, RING_MODES, RING_STD) == 0.0


def test_the_three_sigma_boundary_decides_quality() -> None:
    outward = RING_MODES / RING_RADIUS
    inside = RING_MODES + outward * 2.9 * RING_STD
    outside = RING_MODES + outward * 3.1 * RING_STD
    assert modes_covered(inside, RING_MODES, RING_STD) == 8
    assert high_quality_fraction(inside, RING_MODES, RING_STD) == 1.0
    assert modes_covered(outside, RING_MODES, RING_STD) == 0
    assert modes_covered(outside, RING_MODES, RING_STD, n_sigma=4.0) == 8


def test_one_high_quality_sample_is_enough_to_cover_a_mode() -> None:
    many_on_first = np.repeat(RING_MODES[:1], 99, axis=0)
    samples = np.vstack([many_on_first, RING_MODES[5:6], [[0.0, 0.0]]])
    assert modes_covered(samples, RING_MODES, RING_STD) == 2
    assert high_quality_fraction(samples, RING_MODES, RING_STD) == pytest.approx(100 / 101)


def test_non_finite_samples_count_as_misses() -> None:
    samples = np.array([RING_MODES[0], [np.nan, np.nan], [np.inf, 0.0], RING_MODES[2]])
    assert modes_covered(samples, RING_MODES, RING_STD) == 2
    assert high_quality_fraction(samples, RING_MODES, RING_STD) == 0.5


def test_one_dimensional_modes_accept_flat_and_column_arrays() -> None:
    modes = np.array([-1.0, 1.0])
    samples = np.array([-1.05, -0.98, 0.0, 0.5])
    assert modes_covered(samples, modes, 0.1) == 1
    assert modes_covered(samples[:, None], modes[:, None], 0.1) == 1
    assert high_quality_fraction(samples, modes, 0.1) == 0.5


# --- discriminator accuracy ---------------------------------------------------------------------


def test_d_accuracy_known_answers() -> None:
    assert d_accuracy([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert d_accuracy([0.1, 0.2], [0.9, 0.8]) == 0.0
    # real: 1 of 2 right; fake: 3 of 4 right -> balanced (0.5 + 0.75) / 2
    assert d_accuracy([0.9, 0.4], [0.1, 0.2, 0.7, 0.3]) == pytest.approx(0.625)


def test_a_discriminator_that_always_says_one_half_scores_one_half() -> None:
    assert d_accuracy(np.full(10, 0.5), np.full(30, 0.5)) == 0.5


def test_d_accuracy_on_logits_uses_threshold_zero() -> None:
    logits_real = np.array([2.0, -1.0, 0.5])
    logits_fake = np.array([-3.0, 1.0])
    probabilities = d_accuracy(1 / (1 + np.exp(-logits_real)), 1 / (1 + np.exp(-logits_fake)))
    assert d_accuracy(logits_real, logits_fake, threshold=0.0) == pytest.approx(probabilities)
    assert probabilities == pytest.approx(0.5 * (2 / 3 + 1 / 2))


def test_d_accuracy_of_nan_scores_is_nan() -> None:
    assert math.isnan(d_accuracy([np.nan], [0.1]))


# --- Fréchet distance ---------------------------------------------------------------------------


def test_frechet_distance_of_a_set_with_itself_is_zero() -> None:
    samples = np.random.default_rng(2).normal(size=(500, 2))
    assert frechet_distance(samples, samples) == pytest.approx(0.0, abs=1e-9)


def test_frechet_distance_matches_the_closed_form_for_diagonal_gaussians() -> None:
    mean_a, std_a = np.array([1.0, -2.0]), np.array([0.5, 2.0])
    mean_b, std_b = np.array([-1.0, 0.5]), np.array([1.5, 0.25])
    a = mean_a + whitened(400, 2, seed=3) * std_a
    b = mean_b + whitened(300, 2, seed=4) * std_b
    expected = ((mean_a - mean_b) ** 2).sum() + ((std_a - std_b) ** 2).sum()
    assert frechet_distance(a, b) == pytest.approx(expected, rel=1e-9)


def test_frechet_distance_matches_an_independent_trace_for_correlated_gaussians() -> None:
    cov_a = np.array([[2.0, 0.9], [0.9, 1.0]])
    cov_b = np.array([[0.5, -0.3], [-0.3, 1.5]])
    a = whitened(500, 2, seed=5) @ np.linalg.cholesky(cov_a).T
    b = np.array([0.5, 0.0]) + whitened(500, 2, seed=6) @ np.linalg.cholesky(cov_b).T
    # Tr((Σa Σb)^½) = Σ sqrt(λ) over the eigenvalues of the (non-symmetric) product.
    trace_sqrt = np.sqrt(np.linalg.eigvals(cov_a @ cov_b).real).sum()
    expected = 0.25 + np.trace(cov_a) + np.trace(cov_b) - 2 * trace_sqrt
    assert frechet_distance(a, b) == pytest.approx(expected, rel=1e-9)


def test_frechet_distance_in_one_dimension() -> None:
    a = 3.0 + 2.0 * whitened(200, 1, seed=7)
    b = -1.0 + 0.5 * whitened(250, 1, seed=8)
    assert frechet_distance(a, b) == pytest.approx(16.0 + 2.25, rel=1e-9)
    assert frechet_distance(a.ravel(), b.ravel()) == pytest.approx(18.25, rel=1e-9)


def test_frechet_distance_handles_a_fully_collapsed_set() -> None:
    point_mass = np.tile([1.0, 1.0], (100, 1))
    spread = 2.0 * whitened(300, 2, seed=9)
    assert frechet_distance(point_mass, spread) == pytest.approx(2.0 + 8.0, rel=1e-9)


def test_frechet_distance_of_non_finite_samples_is_nan() -> None:
    a = np.random.default_rng(10).normal(size=(50, 2))
    b = a.copy()
    b[3, 1] = np.inf
    assert math.isnan(frechet_distance(a, b))


# --- precision and recall -----------------------------------------------------------------------


def test_precision_recall_known_answer_by_hand() -> None:
    real = np.array([0.0, 1.0, 2.0, 3.0])
    fake = np.array([0.5, 10.0])
    # real radii (k=1) are all 1: 0.5 is inside, 10 is not -> precision 1/2.
    # fake radii are both 9.5: every real point is within 9.5 of 0.5 -> recall 1.
    assert precision_recall(real, fake, k=1) == (0.5, 1.0)


def test_identical_distributions_have_precision_and_recall_near_one() -> None:
    rng = np.random.default_rng(11)
    precision, recall = precision_recall(rng.normal(size=(2500, 2)), rng.normal(size=(2500, 2)))
    assert precision > 0.95
    assert recall > 0.95


def test_a_subset_is_fully_precise_but_recalls_little() -> None:
    rng = np.random.default_rng(12)
    ring = RING_MODES[rng.integers(0, 8, size=2000)] + RING_STD * rng.normal(size=(2000, 2))
    collapsed = ring[np.linalg.norm(ring - RING_MODES[0], axis=1) < 1.0]
    precision, recall = precision_recall(ring, collapsed)
    assert precision == 1.0
    assert recall < 0.25


def test_a_superset_recalls_everything_but_is_imprecise() -> None:
    rng = np.random.default_rng(13)
    real = rng.normal(size=(1000, 2))
    noise = rng.uniform(20, 40, size=(1000, 2))
    precision, recall = precision_recall(real, np.vstack([real, noise]))
    assert recall == 1.0
    assert precision == 0.5


def test_chunked_precision_recall_equals_brute_force() -> None:
    rng = np.random.default_rng(14)
    real = rng.normal(size=(1500, 2))
    fake = 1.5 * rng.normal(size=(1300, 2)) + 0.5

    def brute(manifold: np.ndarray, queries: np.ndarray, k: int) -> float:
        own = np.linalg.norm(manifold[:, None] - manifold[None], axis=2)
        radii = np.sort(own, axis=1)[:, k]
        cross = np.linalg.norm(queries[:, None] - manifold[None], axis=2)
        return float((cross <= radii[None, :]).any(axis=1).mean())

    precision, recall = precision_recall(real, fake, k=3)
    assert precision == pytest.approx(brute(real, fake, 3), abs=1 / 1300)
    assert recall == pytest.approx(brute(fake, real, 3), abs=1 / 1500)


def test_precomputed_real_radii_give_the_same_answer_and_must_fit() -> None:
    rng = np.random.default_rng(17)
    real, fake = rng.normal(size=(600, 2)), 1.3 * rng.normal(size=(500, 2))
    radii = neighbour_radii(real, 3)
    assert precision_recall(real, fake, real_radii=radii) == precision_recall(real, fake)
    # A ball reaching a point's 3rd neighbour holds the point and at least 3 others.
    distances = ((real[:, None] - real[None]) ** 2).sum(-1)
    assert ((distances <= radii[:, None] * (1 + 1e-5)).sum(1) >= 4).all()
    with pytest.raises(ValueError, match="one radius per real sample"):
        precision_recall(real, fake, real_radii=radii[:10])


def test_precision_recall_needs_more_samples_than_k() -> None:
    with pytest.raises(ValueError, match="k=3"):
        precision_recall(np.zeros((3, 2)), np.zeros((10, 2)))


# --- JS divergence ------------------------------------------------------------------------------


def test_js_of_identical_sets_is_zero() -> None:
    samples = np.random.default_rng(15).normal(size=(1000, 2))
    assert js_divergence(samples, samples, bounds=(-4, 4), bins=40) == 0.0


def test_js_of_disjoint_supports_is_one_bit() -> None:
    rng = np.random.default_rng(16)
    left = rng.uniform(-3, -1, size=(500, 2))
    right = rng.uniform(1, 3, size=(700, 2))
    assert js_divergence(left, right, bounds=(-4, 4), bins=40) == pytest.approx(1.0)


def test_js_known_answer_on_two_cells() -> None:
    real = np.array([0.25, 0.25, 0.25, 0.25])
    fake = np.array([0.25, 0.25, 0.75, 0.75])
    # p = (1, 0), q = (1/2, 1/2), m = (3/4, 1/4)
    expected = 0.5 * math.log2(1 / 0.75) + 0.5 * (
        0.5 * math.log2(0.5 / 0.75) + 0.5 * math.log2(0.5 / 0.25)
    )
    assert js_divergence(real, fake, bounds=(0, 1), bins=2) == pytest.approx(expected)


def test_js_counts_samples_beyond_the_bounds_in_the_edge_cells() -> None:
    real = np.array([[0.6, 0.6]] * 10)
    escaped = np.array([[50.0, 50.0]] * 10)
    # With 2 bins per axis 0.6 already lies in the top-right edge cell, with 4 it does not.
    assert js_divergence(real, escaped, bounds=(0, 1), bins=2) == 0.0
    assert js_divergence(real, escaped, bounds=(0, 1), bins=4) == pytest.approx(1.0)


def test_js_accepts_one_pair_of_bounds_per_axis() -> None:
    real = np.array([[0.5, 15.0]] * 4)
    fake = np.array([[0.5, 5.0]] * 4)
    assert js_divergence(real, fake, bounds=[(0, 1), (0, 20)], bins=2) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="axes"):
        js_divergence(real, fake, bounds=[(0, 1)] * 3, bins=2)


def test_js_of_non_finite_samples_is_nan() -> None:
    assert math.isnan(js_divergence([[0.0, 0.0]], [[np.nan, 0.0]], bounds=(-1, 1)))


# --- Dirac-GAN ----------------------------------------------------------------------------------


def test_distance_to_equilibrium() -> None:
    assert distance_to_equilibrium(3.0, -4.0) == 5.0
    assert distance_to_equilibrium(1.0, 1.0) == pytest.approx(1.41421356)
    assert distance_to_equilibrium(0.0, 0.0) == 0.0


# --- invariants (property tests) ----------------------------------------------------------------

point_sets = arrays(
    np.float64,
    st.tuples(st.integers(5, 40), st.just(2)),
    elements=st.floats(-5, 5, allow_nan=False, width=32),
)


@settings(max_examples=60, deadline=None)
@given(point_sets, point_sets)
def test_frechet_distance_is_symmetric_and_non_negative(a: np.ndarray, b: np.ndarray) -> None:
    forward = frechet_distance(a, b)
    assert forward >= 0.0
    assert forward == pytest.approx(frechet_distance(b, a), rel=1e-6, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(point_sets, point_sets, st.integers(1, 30))
def test_js_is_symmetric_and_within_one_bit(a: np.ndarray, b: np.ndarray, bins: int) -> None:
    forward = js_divergence(a, b, bounds=(-5, 5), bins=bins)
    assert 0.0 <= forward <= 1.0
    assert forward == pytest.approx(js_divergence(b, a, bounds=(-5, 5), bins=bins), abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(point_sets, point_sets, st.randoms(use_true_random=False))
def test_metrics_ignore_sample_order(a: np.ndarray, b: np.ndarray, random) -> None:
    order_a = list(range(len(a)))
    order_b = list(range(len(b)))
    random.shuffle(order_a)
    random.shuffle(order_b)
    shuffled_a, shuffled_b = a[order_a], b[order_b]
    precision, recall = precision_recall(a, b)
    assert 0.0 <= precision <= 1.0
    assert 0.0 <= recall <= 1.0
    assert precision_recall(shuffled_a, shuffled_b) == (precision, recall)
    assert js_divergence(shuffled_a, shuffled_b, (-5, 5), 10) == pytest.approx(
        js_divergence(a, b, (-5, 5), 10), abs=1e-12
    )
    assert frechet_distance(shuffled_a, shuffled_b) == pytest.approx(
        frechet_distance(a, b), rel=1e-6, abs=1e-6
    )
    modes = RING_MODES * 2
    assert modes_covered(shuffled_a, modes, 0.3) == modes_covered(a, modes, 0.3)
    assert high_quality_fraction(shuffled_a, modes, 0.3) == high_quality_fraction(a, modes, 0.3)
