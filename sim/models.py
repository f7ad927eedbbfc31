"""Generator and discriminator MLPs for R independent runs at once.

Each network keeps the parameters of all R runs in one flat (R, P) leaf tensor; a layer's
weight is a (R, in, out) view into it and its forward pass is one `torch.baddbmm`, so R runs
cost one batched matmul per layer instead of R small ones, and one optimizer step over the
flat tensor updates every run (Adam and SGD are element-wise, so this is exactly R
independent optimizers). Initialisation matches `torch.nn.Linear`: weights and biases
uniform in ±1/sqrt(fan_in), drawn per run from that run's own generator.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

import torch
import torch.nn.functional as F
from torch import Tensor

_MINUS_ONE = torch.tensor(-1.0)


def tanh(x: Tensor) -> Tensor:
    """tanh(x) = 2 sigmoid(2x) - 1 (to 2e-7): `torch.tanh` is 6 times slower than
    `torch.sigmoid` on this CPU build, and this form takes 0.75x of its time forward and
    backward on a batch of 8 runs (0.33x without grad)."""
    return torch.add(_MINUS_ONE, torch.sigmoid(x * 2), alpha=2)


ACTIVATIONS: dict[str, Callable[[Tensor], Tensor]] = {
    "relu": torch.relu,
    "leaky_relu": lambda x: F.leaky_relu(x, 0.2),
    "tanh": tanh,
    "elu": F.elu,
}


class StackedMLP:
    """An MLP with sizes [in, hidden..., out], its weights stacked over R runs.

    `extra_last_input` adds one input to the last layer, for the minibatch-stddev feature.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str,
        generators: Sequence[torch.Generator],
        extra_last_input: bool = False,
    ) -> None:
        self.shapes: list[tuple[int, int]] = []
        for index, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes)):
            is_last = index == len(sizes) - 2
            self.shapes.append((fan_in + int(is_last and extra_last_input), fan_out))
        self.activation = ACTIVATIONS[activation]
        self.sizes = [
            size for fan_in, fan_out in self.shapes for size in (fan_in * fan_out, fan_out)
        ]
        size = sum(self.sizes)
        self.params = torch.empty(len(generators), size)
        with torch.no_grad():
            for run, generator in enumerate(generators):
                self.params[run] = self._init_run(size, generator)
        self.params.requires_grad_(True)

    def _init_run(self, size: int, generator: torch.Generator) -> Tensor:
        chunks = []
        for fan_in, fan_out in self.shapes:
            bound = 1 / math.sqrt(fan_in)
            for count in (fan_in * fan_out, fan_out):
                chunks.append((torch.rand(count, generator=generator) * 2 - 1) * bound)
        return torch.cat(chunks)

    def layers(self) -> list[tuple[Tensor, Tensor]]:
        """(weight (R, in, out), bias (R, 1, out)) views of the flat parameters, per layer.

        One `split` (not a slice per tensor): its backward is one concatenation, where each
        slice's backward would fill a zero (R, P) gradient of its own.
        """
        runs = self.params.shape[0]
        chunks = self.params.split(self.sizes, dim=1)
        return [
            (weight.view(runs, fan_in, fan_out), bias.view(runs, 1, fan_out))
            for (fan_in, fan_out), weight, bias in zip(
                self.shapes, chunks[0::2], chunks[1::2], strict=True
            )
        ]

    def hidden(self, x: Tensor) -> tuple[Tensor, tuple[Tensor, Tensor]]:
        """Features before the last layer, (R, N, width), and that layer's (weight, bias)."""
        *body, last = self.layers()
        for weight, bias in body:
            x = self.activation(torch.baddbmm(bias, x, weight))
        return x, last

    def __call__(self, x: Tensor) -> Tensor:
        """x (R, N, in) -> (R, N, out)."""
        features, (weight, bias) = self.hidden(x)
        if weight.shape[2] == 1:
            # A dot product per input: a batched matmul with one output column (and its
            # backward, an outer product) is up to 10 times slower than this on this CPU.
            return (features * weight.transpose(1, 2)).sum(-1, keepdim=True) + bias
        return torch.baddbmm(bias, features, weight)


def minibatch_stddev(features: Tensor) -> Tensor:
    """Karras et al.'s statistic: the std of each feature across the batch, averaged, (R, 1, 1).

    Appended to every sample's features, it lets D see how varied a batch is, so a generator
    that puts every sample in one mode is caught even when each sample looks real.
    """
    # The epsilon (as in Karras et al.'s code) keeps the gradient finite for identical samples.
    variance = features.var(dim=1, unbiased=False)
    return (variance + 1e-8).sqrt().mean(dim=-1)[:, None, None]


class Generator:
    """Noise (R, N, z) -> samples (R, N, d): an MLP, or the Dirac-GAN's single parameter."""

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str,
        generators: Sequence[torch.Generator],
        dirac_theta: float | None = None,
    ) -> None:
        self.net: StackedMLP | None = None
        if dirac_theta is None:
            self.net = StackedMLP(sizes, activation, generators)
            self.params = self.net.params
        else:
            self.params = torch.full((len(generators), 1), dirac_theta, requires_grad=True)

    def __call__(self, z: Tensor) -> Tensor:
        if self.net is None:
            return self.params[:, None, :].expand(z.shape[0], z.shape[1], 1)
        return self.net(z)


class Discriminator:
    """Samples (R, N, d) -> one raw score per D input, (R, N // pack).

    With `pack` > 1 consecutive samples are concatenated into one input (PacGAN); with
    `use_stddev` the minibatch-stddev feature joins the last layer. The Dirac-GAN's
    discriminator is linear without bias, D(x) = psi * x.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str,
        generators: Sequence[torch.Generator],
        pack: int = 1,
        use_stddev: bool = False,
        dirac_psi: float | None = None,
    ) -> None:
        self.pack, self.use_stddev = pack, use_stddev
        self.net: StackedMLP | None = None
        if dirac_psi is None:
            self.net = StackedMLP(sizes, activation, generators, extra_last_input=use_stddev)
            self.params = self.net.params
        else:
            self.params = torch.full((len(generators), 1), dirac_psi, requires_grad=True)

    def __call__(self, x: Tensor, stddev: Tensor | None = None) -> Tensor:
        """Raw scores; `stddev` overrides the batch statistic (to draw a heatmap on a grid)."""
        if self.net is None:
            return x[..., 0] * self.params
        runs, count, dims = x.shape
        x = x.reshape(runs, count // self.pack, self.pack * dims)
        if not self.use_stddev:
            return self.net(x)[..., 0]
        features, (weight, bias) = self.net.hidden(x)
        if stddev is None:
            stddev = minibatch_stddev(features)
        column = stddev.expand(runs, features.shape[1], 1)
        return torch.baddbmm(bias, torch.cat([features, column], dim=-1), weight)[..., 0]

    def statistic(self, x: Tensor) -> Tensor | None:
        """The minibatch-stddev value D computes for batch x, or None without the trick."""
        if self.net is None or not self.use_stddev:
            return None
        runs, count, dims = x.shape
        features, _ = self.net.hidden(x.reshape(runs, count // self.pack, self.pack * dims))
        return minibatch_stddev(features)
