"""The toy data sets: where the real samples come from, and where their modes are.

Ring of 8 and grid of 25 follow the Unrolled GAN / VEEGAN / PacGAN 2-D benchmarks (ring of
radius 2, modes on a grid with spacing 2, each mode an isotropic Gaussian of std
`data_std`). Every sampler draws from the caller's `torch.Generator`, so a run's data stream
depends only on its seed, never on what else runs in the same batch.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import torch

from sim.config import SimConfig


def dimensions(config: SimConfig) -> int:
    """Data dimensions: 1 for the 1-D mixture and the Dirac-GAN, 2 for the rest."""
    return 1 if config.dataset in ("mixture1d", "dirac") else 2


def mode_centres(config: SimConfig) -> np.ndarray | None:
    """The mixture's mode centres, (K, d), for mode coverage; None for non-mixtures."""
    if config.dataset == "ring8":
        angles = 2 * np.pi * np.arange(8) / 8
        return config.ring_radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    if config.dataset == "grid25":
        axis = (np.arange(5) - 2) * config.grid_spacing
        xs, ys = np.meshgrid(axis, axis, indexing="xy")
        return np.stack([xs.ravel(), ys.ravel()], axis=1)
    if config.dataset == "mixture1d":
        return (np.arange(3) - 1)[:, None] * config.grid_spacing
    return None


def extent(config: SimConfig) -> tuple[tuple[float, float], tuple[float, float]]:
    """The square (or, in 1-D, interval and dummy y range) shown in heatmaps and binned for JS.

    A margin of 50% of the data's half-width plus 3 std leaves room to see samples that miss.
    """
    if config.dataset == "dirac":
        return (-2.0, 2.0), (0.0, 1.0)
    if config.dataset == "ring8":
        half = config.ring_radius
    elif config.dataset in ("grid25", "mixture1d"):
        half = 2 * config.grid_spacing if config.dataset == "grid25" else config.grid_spacing
    elif config.dataset == "gaussian":
        half = 1.0 + 3 * config.data_std
    else:
        half = 2.0
    half = 1.5 * half + 3 * config.data_std
    if dimensions(config) == 1:
        return (-half, half), (0.0, 1.0)
    return (-half, half), (-half, half)


@functools.lru_cache(maxsize=32)
def _centres_tensor(config: SimConfig) -> torch.Tensor | None:
    """Mode centres as a float32 tensor, computed once per config (sampled every step)."""
    centres = mode_centres(config)
    return None if centres is None else torch.as_tensor(centres, dtype=torch.float32)


def sample_real(config: SimConfig, n: int, generator: torch.Generator) -> torch.Tensor:
    """n real samples, (n, d), drawn only from `generator`."""
    std = config.data_std
    if config.dataset == "dirac":
        return torch.zeros(n, 1)
    centres = _centres_tensor(config)
    if centres is not None:
        index = torch.randint(len(centres), (n,), generator=generator)
        chosen = centres[index]
        return chosen + std * torch.randn(chosen.shape, generator=generator)
    if config.dataset == "gaussian":
        return torch.tensor([1.0, 1.0]) + std * torch.randn(n, 2, generator=generator)
    u = torch.rand(n, generator=generator)
    if config.dataset == "spiral":
        # Uniform along the arc: arc length grows like angle², so take the angle as sqrt(u).
        angle = 3 * math.pi * u.sqrt()
        radius = 2.0 * angle / (3 * math.pi)
        points = torch.stack([radius * angle.cos(), radius * angle.sin()], dim=1)
    else:  # two_moons, as scikit-learn draws them, centred and scaled to about [-2, 2].
        angle = math.pi * u
        upper = torch.rand(n, generator=generator) < 0.5
        x = torch.where(upper, angle.cos(), 1 - angle.cos())
        y = torch.where(upper, angle.sin(), 0.5 - angle.sin())
        points = 1.5 * torch.stack([x - 0.5, y - 0.25], dim=1)
    return points + std * torch.randn(points.shape, generator=generator)
