"""What the trainer yields: one frame of a run, plain numpy, importable without torch.

The TUI draws it, the CLI prints and exports it, the tests check it; none of them needs to
know how it was computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

Status = Literal["ok", "diverged"]


@dataclass(frozen=True)
class GridField:
    """The discriminator's opinion over the plane, for a heatmap (as GAN Lab draws it).

    `values[i, j]` is D's probability that the point (x_j, y_i) is real, at cell centres:
    sigmoid of the output for the logistic, hinge and Wasserstein losses (for a WGAN critic
    only the ordering is meaningful), the output clipped to [0, 1] for least squares.
    Row 0 is the bottom (lowest y). For 1-D data the grid has one row.
    """

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    values: np.ndarray  # (H, W) float32


@dataclass(frozen=True)
class Snapshot:
    """One frame of a training run.

    - `real`, `fake`: (N, 2) arrays for 2-D data, (N, 1) for 1-D data. `fake` comes from a
      fixed noise batch (`config.samples` points; `config.final_samples` at the last frame) so
      the picture moves only because the generator moved. For the Dirac-GAN there are no
      samples: `real` is the single data point (0, 0) and `fake` is the (theta, psi)
      trajectory so far, one row per snapshot, the last row being the current state.
    - `grid`: D's output on a grid, or None for the Dirac-GAN.
    - `grad`: (N, d) arrows at the fakes, as GAN Lab draws them: minus the gradient of each
      fake's generator loss with respect to that sample, i.e. the direction and strength with
      which training pushes it (for the logistic losses, dD/dx scaled by how much the loss
      still cares: nearly zero under the saturating loss once D is confident). None for the
      Dirac-GAN.
    - `metrics`: name -> float; see `sim.trainer` for the list and when each is computed.
    - `status`: "diverged" once a loss or parameter became NaN or inf; `diverged_at` is the
      step where that was first seen, and the arrays are those of the last finite frame.
    """

    step: int
    status: Status
    diverged_at: int | None
    real: np.ndarray
    fake: np.ndarray
    grid: GridField | None
    grad: np.ndarray | None
    metrics: dict[str, float] = field(default_factory=dict)


def history_row(snapshot: Snapshot) -> dict[str, float]:
    """One row of a metric history: the step, every metric, and `diverged` as 0.0 or 1.0.

    The scenario signatures, the CLI's `--json` history and the tests all read this shape.
    """
    return {
        "step": float(snapshot.step),
        **snapshot.metrics,
        "diverged": float(snapshot.status == "diverged"),
    }
