"""The five objectives against values worked out by hand."""

import math

import pytest
import torch

from sim.losses import d_loss, g_loss_per_sample, probability_real

ZERO = torch.zeros(1, 4)
LOG2 = math.log(2.0)


def test_logistic_losses_at_an_undecided_discriminator() -> None:
    # D = sigmoid(0) = 1/2 everywhere: -log(1/2) on real plus -log(1 - 1/2) on fake.
    assert d_loss("minimax", ZERO, ZERO).item() == pytest.approx(2 * LOG2)
    assert g_loss_per_sample("minimax", ZERO).mean().item() == pytest.approx(-LOG2)
    assert g_loss_per_sample("non_saturating", ZERO).mean().item() == pytest.approx(LOG2)


def test_saturating_gradient_vanishes_where_non_saturating_does_not() -> None:
    # A confident D gives fakes a logit of -10 (D(fake) = 4.5e-5).
    for loss, expected in (("minimax", 4.54e-5), ("non_saturating", 1.0)):
        score = torch.full((1, 1), -10.0, requires_grad=True)
        g_loss_per_sample(loss, score).sum().backward()
        assert abs(score.grad.item()) == pytest.approx(expected, rel=1e-2)


def test_least_squares_wasserstein_and_hinge_values() -> None:
    real, fake = torch.full((1, 2), 1.0), torch.full((1, 2), -1.0)
    assert d_loss("least_squares", real, fake).item() == pytest.approx(0.5)  # 0 + 0.5 * 1
    assert g_loss_per_sample("least_squares", fake).mean().item() == pytest.approx(2.0)
    assert d_loss("wasserstein_gp", real, fake).item() == pytest.approx(-2.0)
    assert d_loss("hinge", real, fake).item() == pytest.approx(0.0)  # both beyond the margin
    assert d_loss("hinge", ZERO, ZERO).item() == pytest.approx(2.0)
    assert g_loss_per_sample("hinge", fake).mean().item() == pytest.approx(1.0)


def test_losses_are_per_run() -> None:
    real = torch.tensor([[0.0, 0.0], [5.0, 5.0]])
    fake = torch.tensor([[0.0, 0.0], [-5.0, -5.0]])
    values = d_loss("non_saturating", real, fake)
    assert values.shape == (2,)
    assert values[0].item() == pytest.approx(2 * LOG2)
    assert values[1].item() < 0.02


def test_probability_real_reads_least_squares_outputs_directly() -> None:
    scores = torch.tensor([-0.5, 0.25, 2.0])
    assert probability_real("least_squares", scores).tolist() == [0.0, 0.25, 1.0]
    assert probability_real("hinge", torch.zeros(1)).item() == 0.5
