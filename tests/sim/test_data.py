"""The toy data sets: right shapes, modes where the papers put them, reproducible."""

import numpy as np
import pytest
import torch

from sim.config import DATASETS, SimConfig
from sim.data import dimensions, mode_centres, sample_real


@pytest.mark.parametrize("dataset", DATASETS)
def test_every_dataset_samples_finite_points_of_its_dimension(dataset: str) -> None:
    config = SimConfig(dataset=dataset)
    points = sample_real(config, 500, torch.Generator().manual_seed(0))
    assert points.shape == (500, dimensions(config))
    assert torch.isfinite(points).all()


def test_ring_has_eight_modes_on_radius_two_with_the_configured_std() -> None:
    config = SimConfig(dataset="ring8", ring_radius=2.0, data_std=0.02)
    centres = mode_centres(config)
    assert centres is not None and centres.shape == (8, 2)
    assert np.allclose(np.linalg.norm(centres, axis=1), 2.0)
    points = sample_real(config, 4000, torch.Generator().manual_seed(1)).numpy()
    offsets = points[:, None, :] - centres[None]
    nearest = np.linalg.norm(offsets, axis=-1).argmin(axis=1)
    residual = points - centres[nearest]
    assert residual.std() == pytest.approx(0.02, rel=0.05)
    assert np.bincount(nearest, minlength=8).min() > 400  # every mode drawn, about equally


def test_grid_has_twenty_five_modes_two_apart() -> None:
    centres = mode_centres(SimConfig(dataset="grid25"))
    assert centres is not None and centres.shape == (25, 2)
    assert set(np.round(centres[:, 0], 6)) == {-4.0, -2.0, 0.0, 2.0, 4.0}


def test_same_generator_seed_gives_the_same_samples() -> None:
    config = SimConfig(dataset="two_moons")
    first = sample_real(config, 100, torch.Generator().manual_seed(7))
    second = sample_real(config, 100, torch.Generator().manual_seed(7))
    assert torch.equal(first, second)


def test_dirac_data_is_the_single_point_zero() -> None:
    points = sample_real(SimConfig(dataset="dirac"), 10, torch.Generator().manual_seed(0))
    assert torch.equal(points, torch.zeros(10, 1))
