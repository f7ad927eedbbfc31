"""One optimizer over stacked parameters is exactly R independent torch optimizers."""

import torch

from sim.optim import StackedOptimizer


def _run_torch(kind: str, start: torch.Tensor, grads: list[torch.Tensor], lr: float, beta1: float):
    param = start.clone().requires_grad_(True)
    if kind == "adam":
        optimizer = torch.optim.Adam([param], lr=lr, betas=(beta1, 0.999))
    else:
        optimizer = torch.optim.SGD([param], lr=lr, momentum=beta1)
    for grad in grads:
        param.grad = grad.clone()
        optimizer.step()
    return param.detach()


def _check(kind: str) -> None:
    runs, size, steps = 4, 50, 20
    generator = torch.Generator().manual_seed(0)
    start = torch.randn(runs, size, generator=generator)
    grads = [torch.randn(runs, size, generator=generator) for _ in range(steps)]
    lrs, beta1s = [1e-3, 1e-2, 0.1, 0.5], [0.0, 0.5, 0.9, 0.5]
    stacked = start.clone()
    optimizer = StackedOptimizer(stacked, kind, lrs, beta1s, [0.999] * runs)
    for grad in grads:
        optimizer.step(grad)
    for run in range(runs):
        alone = _run_torch(kind, start[run], [g[run] for g in grads], lrs[run], beta1s[run])
        # Same formula, different float32 operation order: agreement to ~1e-5 relative.
        torch.testing.assert_close(stacked[run], alone, rtol=1e-4, atol=1e-5)


def test_stacked_adam_equals_separate_torch_adams_with_their_own_rates() -> None:
    _check("adam")


def test_stacked_sgd_equals_separate_torch_sgds_with_their_own_momentum() -> None:
    _check("sgd")
