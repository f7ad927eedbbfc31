"""Adam and SGD over stacked (R, P) parameters, with a learning rate and betas per run.

`torch.optim.Adam` would treat a stacked tensor exactly like R separate ones (it is
element-wise), but it takes one learning rate; a problem and its fix often differ only in
their rates, so here every hyperparameter is an (R, 1) column. The update follows
`torch.optim.Adam` (no weight decay, not amsgrad) and `torch.optim.SGD` (momentum, no
dampening) formula for formula; a test checks both against torch.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor


def _column(values: Sequence[float]) -> Tensor:
    return torch.tensor(values, dtype=torch.float32)[:, None]


class StackedOptimizer:
    """One optimizer for the flat parameters of R runs; each run has its own hyperparameters."""

    def __init__(
        self,
        params: Tensor,
        kind: str,
        lr: Sequence[float],
        beta1: Sequence[float],
        beta2: Sequence[float],
        eps: float = 1e-8,
    ) -> None:
        self.params, self.kind, self.eps = params, kind, eps
        self.lr, self.beta1, self.beta2 = _column(lr), _column(beta1), _column(beta2)
        self.first = torch.zeros_like(params)
        self.second = torch.zeros_like(params) if kind == "adam" else None
        self.steps = 0

    @torch.no_grad()
    def step(self, grad: Tensor) -> None:
        """Apply one update with this gradient (same shape as the parameters)."""
        self.steps += 1
        if self.second is None:
            if self.steps == 1:
                self.first.copy_(grad)
            else:
                self.first.mul_(self.beta1).add_(grad)
            self.params.sub_(self.lr * self.first)
            return
        self.first.lerp_(grad, 1 - self.beta1)
        self.second.mul_(self.beta2).add_(grad * grad * (1 - self.beta2))
        correction1 = 1 - self.beta1**self.steps
        correction2_sqrt = (1 - self.beta2**self.steps).sqrt()
        denom = (self.second.sqrt() / correction2_sqrt).add_(self.eps)
        self.params.sub_(self.first / denom * (self.lr / correction1))
