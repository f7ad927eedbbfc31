"""The simulator's hyperparameters as one validated, immutable record, importable without torch.

A scenario is data: the catalogue, the CLI's `--set` and the TUI's hyperparameter editor all
build a `SimConfig`, so every path gets the same bounds and the same clear messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.errors import SimConfigError

Dataset = Literal["ring8", "grid25", "spiral", "two_moons", "gaussian", "mixture1d", "dirac"]
Loss = Literal["minimax", "non_saturating", "least_squares", "wasserstein_gp", "hinge"]
Activation = Literal["relu", "leaky_relu", "tanh", "elu"]
Optimizer = Literal["adam", "sgd"]
Update = Literal["simultaneous", "alternating"]

DATASETS: tuple[str, ...] = Dataset.__args__
LOSSES: tuple[str, ...] = Loss.__args__


class SimConfig(BaseModel):
    """Everything that decides a training run except the seed.

    Bounds are generous but reject values that cannot mean anything (a learning rate of 0 or
    1e6, a batch of a million), so a typo gives a message instead of a hang or a traceback.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Data: ring radius and mode std follow Unrolled GAN / VEEGAN / PacGAN (radius 2, std 0.02).
    dataset: Dataset = "ring8"
    ring_radius: float = Field(2.0, gt=0, le=100, description="radius of the ring of 8")
    grid_spacing: float = Field(2.0, gt=0, le=100, description="distance between grid modes")
    data_std: float = Field(0.02, gt=0, le=10, description="std of each mixture component")
    dirac_init: tuple[float, float] = Field((1.0, 1.0), description="Dirac-GAN start (theta, psi)")

    # Networks: depth is the number of hidden layers; a discriminator of depth 0 is linear.
    z_dim: int = Field(8, ge=1, le=1024, description="noise dimensions")
    g_width: int = Field(128, ge=1, le=1024)
    g_depth: int = Field(2, ge=0, le=8)
    d_width: int = Field(128, ge=1, le=1024)
    d_depth: int = Field(2, ge=0, le=8)
    activation: Activation = "relu"

    # Objective and regularizers.
    loss: Loss = "non_saturating"
    gp_weight: float = Field(10.0, ge=0, le=1000, description="WGAN-GP penalty weight")
    r1_gamma: float = Field(0.0, ge=0, le=1000, description="zero-centred penalty on reals")
    instance_noise: float = Field(0.0, ge=0, le=10, description="std of noise added to D inputs")

    # Diversity tricks: minibatch stddev (Karras et al.) and PacGAN packing.
    minibatch_stddev: bool = False
    pack: int = Field(1, ge=1, le=8, description="samples per D input (PacGAN)")

    # Optimisation.
    optimizer: Optimizer = "adam"
    g_lr: float = Field(1e-3, gt=0, le=10)
    d_lr: float = Field(1e-3, gt=0, le=10)
    beta1: float = Field(0.5, ge=0, lt=1, description="Adam beta1, or SGD momentum")
    beta2: float = Field(0.999, ge=0, lt=1)
    batch_size: int = Field(256, ge=1, le=8192)
    d_steps: int = Field(1, ge=1, le=100, description="discriminator steps per generator step")
    update: Update = "alternating"

    # Stream.
    steps: int = Field(1000, ge=1, le=1_000_000)
    snapshot_every: int = Field(50, ge=1, le=1_000_000)
    grid_size: int = Field(40, ge=2, le=256, description="heatmap cells per axis")
    samples: int = Field(512, ge=8, le=10_000, description="fixed-noise samples per snapshot")
    final_samples: int = Field(2500, ge=8, le=20_000, description="samples at the last snapshot")

    @model_validator(mode="after")
    def _consistent(self) -> SimConfig:
        if self.batch_size % self.pack:
            raise ValueError(
                f"batch_size ({self.batch_size}) must be a multiple of pack ({self.pack})"
            )
        if self.dataset == "dirac" and (self.pack > 1 or self.minibatch_stddev):
            raise ValueError("the Dirac-GAN has no batch: pack and minibatch_stddev do not apply")
        return self


def describe_error(error: ValidationError) -> str:
    """One line per bad field, naming it, in words a student can act on."""
    lines = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "config"
        message = problem["msg"].removeprefix("Value error, ")
        given = f" (got {problem['input']!r})" if where in SimConfig.model_fields else ""
        lines.append(f"{where}: {message}{given}")
    return "; ".join(lines)


def make_config(**values: object) -> SimConfig:
    """Build a config, turning pydantic's validation error into a `SimConfigError`."""
    try:
        return SimConfig(**values)
    except ValidationError as error:
        raise SimConfigError(f"invalid simulator settings: {describe_error(error)}") from None


def apply_overrides(config: SimConfig, assignments: Iterable[str]) -> SimConfig:
    """Apply `KEY=VALUE` strings (the CLI's `--set`, the TUI's editor) to a config.

    Values are parsed by pydantic in JSON-compatible lax mode, so `g_lr=1e-3`, `pack=2`,
    `minibatch_stddev=true` and `dataset=grid25` all work; unknown keys list the valid ones.
    """
    updates: dict[str, object] = {}
    for assignment in assignments:
        key, sep, raw = assignment.partition("=")
        key = key.strip()
        if not sep or not key:
            raise SimConfigError(f"expected KEY=VALUE, got {assignment!r}")
        if key not in SimConfig.model_fields:
            valid = ", ".join(sorted(SimConfig.model_fields))
            raise SimConfigError(f"unknown setting {key!r}; valid settings: {valid}")
        updates[key] = _parse_value(key, raw.strip())
    return make_config(**{**config.model_dump(), **updates})


def _parse_value(key: str, raw: str) -> object:
    """Strings stay strings for choices; a tuple field takes `a,b`; pydantic coerces numbers."""
    if key == "dirac_init":
        parts = [part for part in raw.strip("()[] ").split(",") if part.strip()]
        return tuple(parts)
    return raw
