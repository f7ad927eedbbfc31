"""The stacked MLP computes exactly what R separate torch.nn.Linear stacks compute."""

import math

import pytest
import torch
import torch.nn.functional as F

from sim.models import Discriminator, Generator, StackedMLP, tanh


def _generators(count: int) -> list[torch.Generator]:
    return [torch.Generator().manual_seed(seed) for seed in range(count)]


@pytest.mark.parametrize("outputs", [2, 1])  # one output takes the dot-product path
def test_forward_matches_linear_layers_run_by_run(outputs: int) -> None:
    net = StackedMLP([3, 16, 16, outputs], "tanh", _generators(4))
    x = torch.randn(4, 10, 3)
    out = net(x)
    for run in range(4):
        h = x[run]
        layers = net.layers()
        for index, (weight, bias) in enumerate(layers):
            # nn.Linear stores (out, in) and computes x W^T + b.
            h = F.linear(h, weight[run].T, bias[run, 0])
            if index < len(layers) - 1:
                h = torch.tanh(h)
        torch.testing.assert_close(out[run], h)


def test_tanh_through_sigmoid_matches_torch_tanh_and_its_gradient() -> None:
    x = torch.linspace(-20, 20, 4001, requires_grad=True)
    (ours,) = torch.autograd.grad(tanh(x).sum(), x)
    (theirs,) = torch.autograd.grad(torch.tanh(x).sum(), x)
    torch.testing.assert_close(tanh(x), torch.tanh(x), rtol=0, atol=3e-7)
    torch.testing.assert_close(ours, theirs, rtol=0, atol=1e-6)


def test_initialisation_follows_nn_linear_bounds_and_differs_per_seed() -> None:
    net = StackedMLP([2, 64, 1], "relu", _generators(2))
    (weight, bias), _ = net.layers()
    assert weight.abs().max() <= 1 / math.sqrt(2)
    assert bias.abs().max() <= 1 / math.sqrt(2)
    assert not torch.equal(weight[0], weight[1])
    again = StackedMLP([2, 64, 1], "relu", _generators(2))
    assert torch.equal(net.params, again.params)


def test_runs_do_not_share_gradients() -> None:
    net = StackedMLP([2, 8, 1], "relu", _generators(3))
    x = torch.randn(3, 5, 2)
    out = net(x)
    (grad,) = torch.autograd.grad(out[1].sum(), net.params)
    assert grad[0].abs().sum() == 0 and grad[2].abs().sum() == 0
    assert grad[1].abs().sum() > 0


def test_packing_concatenates_consecutive_samples() -> None:
    d = Discriminator([4, 8, 1], "relu", _generators(1), pack=2)
    x = torch.randn(1, 6, 2)
    scores = d(x)
    assert scores.shape == (1, 3)
    torch.testing.assert_close(scores[0, 1], d.net(x[:, 2:4].reshape(1, 1, 4))[0, 0, 0])


@pytest.mark.parametrize("pack", [1, 4])
def test_without_batch_statistics_scoring_two_batches_at_once_equals_scoring_each(
    pack: int,
) -> None:
    # The trainer scores reals and fakes in one pass when D has no minibatch statistic.
    d = Discriminator([2 * pack, 16, 16, 1], "tanh", _generators(3), pack=pack)
    real, fake = torch.randn(3, 8, 2), torch.randn(3, 12, 2) + 1
    real_scores, fake_scores = d(torch.cat([real, fake], dim=1)).split(
        [8 // pack, 12 // pack], dim=1
    )
    torch.testing.assert_close(real_scores, d(real))
    torch.testing.assert_close(fake_scores, d(fake))


def test_minibatch_stddev_sees_batch_diversity() -> None:
    d = Discriminator([2, 8, 1], "relu", _generators(1), use_stddev=True)
    collapsed = torch.zeros(1, 16, 2)
    spread = torch.randn(1, 16, 2)
    assert d.statistic(collapsed).item() < 1e-3
    assert d.statistic(spread).item() > 0.0
    # The same point scores differently depending on the batch it arrives in.
    point = torch.zeros(1, 1, 2)
    alone = d(torch.cat([point, collapsed[:, 1:]], dim=1))[0, 0]
    mixed = d(torch.cat([point, spread[:, 1:]], dim=1))[0, 0]
    assert alone != mixed


def test_dirac_players_are_single_parameters() -> None:
    g = Generator([], "relu", _generators(2), dirac_theta=1.5)
    d = Discriminator([], "relu", _generators(2), dirac_psi=-2.0)
    fake = g(torch.zeros(2, 3, 1))
    assert fake.shape == (2, 3, 1) and torch.all(fake == 1.5)
    assert torch.all(d(fake) == -3.0)
