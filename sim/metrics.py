"""Standard GAN metrics on sample arrays, numpy only.

Torch-free on purpose: the trainer, the TUI, the CLI and the bank linter can all import this
cheaply, and every metric can be checked against known answers without a network.

Inputs are point sets of shape (N, d) with d = 1 or 2; a flat (N,) array is read as N points
in one dimension. Continuous metrics return NaN when an input holds NaN or inf (a diverged
run has no meaningful distance); counting metrics treat a non-finite sample as a miss.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

# Rows of the pairwise-distance matrix computed at once: a 1,024 x 2,500 float32 block is
# 10 MB, so memory stays bounded however many samples precision/recall sees.
_DISTANCE_CHUNK_ROWS = 1024


def _as_points(values: ArrayLike, name: str) -> NDArray[np.float64]:
    """Read an (N,) or (N, d) array as N points, so 1-D and 2-D data share one code path."""
    points = np.asarray(values, dtype=np.float64)
    if points.ndim == 1:
        points = points[:, None]
    if points.ndim != 2:
        raise ValueError(f"{name} must be an (N,) or (N, d) array, got shape {points.shape}")
    return points


def _all_finite(*arrays: NDArray[np.float64]) -> bool:
    return all(bool(np.isfinite(array).all()) for array in arrays)


def _squared_distances(rows: NDArray[np.floating], cols: NDArray[np.floating]) -> NDArray:
    """Exact squared Euclidean distances (differences, not the |a|²+|b|²−2ab expansion, so a
    point's distance to itself is exactly zero)."""
    # One axis at a time: no (rows, cols, d) temporary, which is about 15x faster for d = 2.
    squared = (rows[:, 0:1] - cols[None, :, 0]) ** 2
    for axis in range(1, rows.shape[1]):
        squared += (rows[:, axis : axis + 1] - cols[None, :, axis]) ** 2
    return squared


def _nearest_mode(
    samples: ArrayLike, modes: ArrayLike, std: float, n_sigma: float
) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
    """Each sample's nearest mode and whether it lies within n_sigma standard deviations of it."""
    points = _as_points(samples, "samples")
    centres = _as_points(modes, "modes")
    if points.shape[1] != centres.shape[1]:
        raise ValueError(
            f"samples have {points.shape[1]} dimensions but modes have {centres.shape[1]}"
        )
    if std <= 0:
        raise ValueError(f"std must be positive, got {std}")
    squared = _squared_distances(points, centres)
    squared = np.where(np.isfinite(squared), squared, np.inf)
    nearest = squared.argmin(axis=1)
    nearest_squared = squared[np.arange(len(points)), nearest]
    high_quality = nearest_squared <= (n_sigma * std) ** 2
    return nearest, high_quality


def modes_covered(samples: ArrayLike, modes: ArrayLike, std: float, n_sigma: float = 3.0) -> int:
    """Number of modes that are the nearest mode of at least one high-quality sample.

    The definition of the Unrolled GAN, VEEGAN and PacGAN 2-D experiments (ring of 8, grid
    of 25, 2,500 samples): a sample is high quality when it lies within `n_sigma` standard
    deviations of its nearest mode, and a mode counts as covered when one such sample is
    assigned to it. PacGAN's published evaluation code (MetricLogger in its synthetic
    experiments) also counts a mode from a single sample, with no minimum count; we follow it,
    so a run that drops one stray high-quality sample near a mode is credited with that mode.
    `std` is the per-axis standard deviation of every (isotropic) mode, so the standardized
    distance is the Euclidean distance over `std`.
    """
    nearest, high_quality = _nearest_mode(samples, modes, std, n_sigma)
    return int(np.unique(nearest[high_quality]).size)


def high_quality_fraction(
    samples: ArrayLike, modes: ArrayLike, std: float, n_sigma: float = 3.0
) -> float:
    """Fraction of samples within `n_sigma` standard deviations of their nearest mode.

    Paired with `modes_covered`: a collapsed generator scores 1.0 here while covering one
    mode, and a generator spraying noise covers every mode while scoring near 0.
    """
    _, high_quality = _nearest_mode(samples, modes, std, n_sigma)
    if high_quality.size == 0:
        raise ValueError("high_quality_fraction needs at least one sample")
    return float(high_quality.mean())


def d_accuracy(d_real: ArrayLike, d_fake: ArrayLike, threshold: float = 0.5) -> float:
    """Balanced accuracy of the discriminator: the mean of its hit rates on real and on fake.

    A sample is classified real when its score is at least `threshold`, so a discriminator
    that outputs 0.5 everywhere scores exactly 0.5 - the "guessing" reading the lesson asks
    students to interpret. Balancing keeps that true when the real and fake batches differ
    in size. Scores are probabilities by default; for logits pass `threshold=0.0` (the same
    decision, since sigmoid(0) = 0.5). A WGAN critic's scores are defined only up to an
    added constant, so for a critic pass the midpoint of the mean real and fake scores.
    """
    real = np.asarray(d_real, dtype=np.float64).ravel()
    fake = np.asarray(d_fake, dtype=np.float64).ravel()
    if real.size == 0 or fake.size == 0:
        raise ValueError("d_accuracy needs at least one real and one fake score")
    if not _all_finite(real, fake):
        return math.nan
    return float(0.5 * ((real >= threshold).mean() + (fake < threshold).mean()))


def _sqrt_psd(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    """Square root of a symmetric positive semi-definite matrix; tiny negative eigenvalues
    from rounding are clipped to zero instead of producing complex numbers."""
    eigenvalues, eigenvectors = np.linalg.eigh(matrix)
    roots = np.sqrt(np.clip(eigenvalues, 0.0, None))
    return (eigenvectors * roots) @ eigenvectors.T


def frechet_distance(a: ArrayLike, b: ArrayLike) -> float:
    """Fréchet distance between Gaussian fits of two sample sets (the FID formula).

    ‖μa − μb‖² + Tr(Σa + Σb − 2 (Σa Σb)^½). The trace of (Σa Σb)^½ equals the sum of the
    square roots of the eigenvalues of the symmetric matrix Σa^½ Σb Σa^½, which we compute
    with `eigh`: no scipy, no complex parts, and stable for singular (collapsed) covariances.
    Covariances use the unbiased N − 1 estimate, as FID implementations do.
    """
    first = _as_points(a, "a")
    second = _as_points(b, "b")
    if first.shape[1] != second.shape[1]:
        raise ValueError(f"a has {first.shape[1]} dimensions but b has {second.shape[1]}")
    if len(first) < 2 or len(second) < 2:
        raise ValueError("frechet_distance needs at least two samples in each set")
    if not _all_finite(first, second):
        return math.nan
    mean_gap = first.mean(axis=0) - second.mean(axis=0)
    cov_a = np.atleast_2d(np.cov(first, rowvar=False))
    cov_b = np.atleast_2d(np.cov(second, rowvar=False))
    root_a = _sqrt_psd(cov_a)
    middle = root_a @ cov_b @ root_a
    middle = 0.5 * (middle + middle.T)
    trace_sqrt = float(np.sqrt(np.clip(np.linalg.eigvalsh(middle), 0.0, None)).sum())
    distance = float(mean_gap @ mean_gap) + float(np.trace(cov_a) + np.trace(cov_b))
    return max(distance - 2.0 * trace_sqrt, 0.0)


def neighbour_radii(points: ArrayLike, k: int = 3) -> NDArray[np.float32]:
    """Squared distance from each point to its k-th nearest neighbour other than itself.

    `precision_recall` needs these for the real set; a caller whose real set never changes
    (the trainer's fixed evaluation set) computes them once and passes them in.
    """
    cloud = _as_points(points, "points").astype(np.float32)
    if k < 1 or len(cloud) <= k:
        raise ValueError(f"k-th neighbour radii need 1 <= k < {len(cloud)} points, got k={k}")
    radii = np.empty(len(cloud), dtype=np.float32)
    for start in range(0, len(cloud), _DISTANCE_CHUNK_ROWS):
        block = _squared_distances(cloud[start : start + _DISTANCE_CHUNK_ROWS], cloud)
        # Index k of the sorted row is the k-th neighbour: index 0 is the point itself.
        radii[start : start + len(block)] = np.partition(block, k, axis=1)[:, k]
    return radii


def precision_recall(
    real: ArrayLike, fake: ArrayLike, k: int = 3, real_radii: ArrayLike | None = None
) -> tuple[float, float]:
    """Improved precision and recall (Kynkäänniemi et al., 2019), k-NN manifold estimates.

    Each sample set's manifold is the union of balls centred on its points, with radius the
    distance to the point's k-th nearest neighbour in the same set (k = 3 as in the paper).
    Precision is the fraction of fake samples inside the real manifold (are the samples
    realistic?); recall is the fraction of real samples inside the fake manifold (is the data
    covered?). As in the authors' code, a point on a ball's boundary counts as inside.
    `real_radii`, if given, are `neighbour_radii(real, k)`, computed once by the caller.
    Distances are computed in row chunks, so memory stays bounded for thousands of samples.
    """
    real_points = _as_points(real, "real")
    fake_points = _as_points(fake, "fake")
    if real_points.shape[1] != fake_points.shape[1]:
        raise ValueError(
            f"real has {real_points.shape[1]} dimensions but fake has {fake_points.shape[1]}"
        )
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if len(real_points) <= k or len(fake_points) <= k:
        raise ValueError(f"precision_recall with k={k} needs more than {k} samples in each set")
    if not _all_finite(real_points, fake_points):
        return math.nan, math.nan
    # float32 halves the memory traffic of the distance blocks (about 2x faster) and loses
    # nothing: the generator's samples are float32 to begin with.
    real_points = real_points.astype(np.float32)
    fake_points = fake_points.astype(np.float32)
    if real_radii is None:
        real_balls = neighbour_radii(real_points, k)
    else:
        real_balls = np.asarray(real_radii, dtype=np.float32)
        if real_balls.shape != (len(real_points),):
            raise ValueError(
                f"real_radii must have one radius per real sample ({len(real_points)})"
            )
    fake_balls = neighbour_radii(fake_points, k)
    # One pass over the fake-to-real distances serves both: a fake is realistic when it lies
    # in some real ball (a row test), a real is covered when some fake ball holds it (a column
    # test).
    realistic = 0
    covered = np.zeros(len(real_points), dtype=bool)
    for start in range(0, len(fake_points), _DISTANCE_CHUNK_ROWS):
        block = _squared_distances(fake_points[start : start + _DISTANCE_CHUNK_ROWS], real_points)
        realistic += int((block <= real_balls[None, :]).any(axis=1).sum())
        covered |= (block <= fake_balls[start : start + len(block), None]).any(axis=0)
    return realistic / len(fake_points), float(covered.mean())


Bounds = tuple[float, float] | Sequence[tuple[float, float]]


def _axis_bounds(bounds: Bounds, dims: int) -> list[tuple[float, float]]:
    """One (low, high) pair per axis; a single pair applies to every axis."""
    if len(bounds) == 2 and all(isinstance(edge, numbers.Real) for edge in bounds):
        pairs = [(float(bounds[0]), float(bounds[1]))] * dims  # type: ignore[arg-type]
    else:
        pairs = [(float(low), float(high)) for low, high in bounds]  # type: ignore[misc]
    if len(pairs) != dims:
        raise ValueError(f"bounds give {len(pairs)} axes but the samples have {dims}")
    for low, high in pairs:
        if not low < high:
            raise ValueError(f"bounds must have low < high, got ({low}, {high})")
    return pairs


def _grid_histogram(
    points: NDArray[np.float64], pairs: list[tuple[float, float]], bins: int
) -> NDArray[np.float64]:
    """Probability mass per grid cell; points outside the bounds fall into the edge cells."""
    cells = np.zeros(len(points), dtype=np.int64)
    for axis, (low, high) in enumerate(pairs):
        index = np.floor((points[:, axis] - low) / (high - low) * bins)
        cells = cells * bins + np.clip(index, 0, bins - 1).astype(np.int64)
    counts = np.bincount(cells, minlength=bins ** len(pairs)).astype(np.float64)
    return counts / counts.sum()


def js_divergence(real: ArrayLike, fake: ArrayLike, bounds: Bounds, bins: int = 50) -> float:
    """Jensen-Shannon divergence between grid histograms of two sample sets, in bits.

    As GAN Lab estimates KL and JS: bin both sets on a regular grid over `bounds` (one
    (low, high) pair for every axis, or one pair per axis) with `bins` cells per axis, and
    compare the cell probabilities. Base 2, so the value lies in [0, 1]: 0 for identical
    histograms, 1 for disjoint ones. Empty cells follow the convention 0·log 0 = 0, so they
    add nothing and need no smoothing (GAN Lab adds 1e-4 to every cell instead, which biases
    its estimate). Samples outside the bounds are counted in the nearest edge cell rather
    than dropped, so a generator that flies off the grid still registers as far from the data.
    """
    real_points = _as_points(real, "real")
    fake_points = _as_points(fake, "fake")
    if real_points.shape[1] != fake_points.shape[1]:
        raise ValueError(
            f"real has {real_points.shape[1]} dimensions but fake has {fake_points.shape[1]}"
        )
    if len(real_points) == 0 or len(fake_points) == 0:
        raise ValueError("js_divergence needs at least one sample in each set")
    if bins < 1:
        raise ValueError(f"bins must be at least 1, got {bins}")
    if not _all_finite(real_points, fake_points):
        return math.nan
    pairs = _axis_bounds(bounds, real_points.shape[1])
    p = _grid_histogram(real_points, pairs, bins)
    q = _grid_histogram(fake_points, pairs, bins)
    m = 0.5 * (p + q)

    def kl_to_mixture(dist: NDArray[np.float64]) -> float:
        used = dist > 0
        return float((dist[used] * np.log2(dist[used] / m[used])).sum())

    divergence = 0.5 * kl_to_mixture(p) + 0.5 * kl_to_mixture(q)
    return min(max(divergence, 0.0), 1.0)


def distance_to_equilibrium(theta: float, psi: float) -> float:
    """Euclidean distance of a Dirac-GAN state (generator θ, discriminator ψ) from (0, 0).

    Dirac-GAN's unique equilibrium is θ = ψ = 0: simultaneous gradient steps spiral away from
    it, alternating steps orbit it, and a gradient penalty converges to it.
    """
    return float(math.hypot(float(theta), float(psi)))
