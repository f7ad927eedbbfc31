"""The five GAN objectives, on raw discriminator scores, one loss value per run.

Scores are (R, M): R runs, M discriminator inputs. Every function returns (R,) so runs stay
independent when their losses are summed for one backward pass. Logistic losses use softplus,
which is log(1 + e^x) computed without overflow: softplus(-s) = -log D(x) for D = sigmoid(s).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor


def d_loss(loss: str, real: Tensor, fake: Tensor) -> Tensor:
    """The discriminator's loss (WGAN-GP's penalty is added by the trainer)."""
    if loss in ("minimax", "non_saturating"):
        return F.softplus(-real).mean(1) + F.softplus(fake).mean(1)
    if loss == "least_squares":
        return 0.5 * ((real - 1) ** 2).mean(1) + 0.5 * (fake**2).mean(1)
    if loss == "wasserstein_gp":
        return fake.mean(1) - real.mean(1)
    if loss == "hinge":
        return F.relu(1 - real).mean(1) + F.relu(1 + fake).mean(1)
    raise ValueError(f"unknown loss {loss!r}")


def g_loss_per_sample(loss: str, fake: Tensor) -> Tensor:
    """The generator's loss for each discriminator input, (R, M).

    minimax is Goodfellow's saturating log(1 - D(G(z))), whose gradient vanishes when D is
    confident; non_saturating is his -log D(G(z)) fix.
    """
    if loss == "minimax":
        return -F.softplus(fake)
    if loss == "non_saturating":
        return F.softplus(-fake)
    if loss == "least_squares":
        return 0.5 * (fake - 1) ** 2
    if loss in ("wasserstein_gp", "hinge"):
        return -fake
    raise ValueError(f"unknown loss {loss!r}")


def probability_real(loss: str, scores: Tensor) -> Tensor:
    """D's scores read as a probability of "real" for heatmaps and D(real) / D(fake)."""
    if loss == "least_squares":
        return scores.clamp(0, 1)
    return torch.sigmoid(scores)
