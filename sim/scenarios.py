"""The catalogue: every failure mode as data, paired with the scenario that fixes it.

Torch-free on purpose: the bank linter checks that a question's `simulation:` id exists and
the TUI lists scenarios on its first screen, neither of which should pay for importing torch.
A scenario's `signature` says in numbers when its failure (or, for a fix, its health) is
visible in the snapshot stream; the behaviour tests and the benchmark evaluate exactly that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from sim.config import SimConfig
from sim.errors import SimConfigError

Op = Literal["<=", ">=", "<", ">"]
# Which value of a metric's history a check reads. "late_*" read the second half of the
# snapshots, so a transient at the start does not count as the run's behaviour.
When = Literal["final", "first", "min", "max", "late_mean", "late_min", "late_max", "late_range"]


class Check(BaseModel):
    """One numeric condition on a run's metric history, e.g. final modes_covered <= 3.

    The pseudo-metric `diverged` is 1.0 from the snapshot where the run diverged, else 0.0.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    metric: str
    op: Op
    value: float
    when: When = "final"

    def read(self, history: Sequence[Mapping[str, float]]) -> float:
        """The value this check compares: NaN if the metric never appears."""
        series = [row[self.metric] for row in history if self.metric in row]
        if not series:
            return float("nan")
        late = series[len(series) // 2 :]
        match self.when:
            case "final":
                return series[-1]
            case "first":
                return series[0]
            case "min":
                return min(series)
            case "max":
                return max(series)
            case "late_mean":
                return sum(late) / len(late)
            case "late_min":
                return min(late)
            case "late_max":
                return max(late)
            case "late_range":
                return max(late) - min(late)

    def holds(self, history: Sequence[Mapping[str, float]]) -> bool:
        """True when the condition is met; a missing or NaN value never meets it."""
        value = self.read(history)
        if value != value:
            return False
        match self.op:
            case "<=":
                return value <= self.value
            case ">=":
                return value >= self.value
            case "<":
                return value < self.value
            case ">":
                return value > self.value

    def __str__(self) -> str:
        return f"{self.when} {self.metric} {self.op} {self.value:g}"


class Scenario(BaseModel):
    """A runnable lesson: a config, what goes wrong (or right), what to watch, and its fix."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    failure_mode: str
    title: str
    description: str
    watch: str
    config: SimConfig
    fix: str | None
    signature: tuple[Check, ...]

    def signature_holds(self, history: Sequence[Mapping[str, float]]) -> bool:
        """Whether every check of the signature holds on this metric history."""
        return all(check.holds(history) for check in self.signature)


def _check(metric: str, op: Op, value: float, when: When = "final") -> Check:
    return Check(metric=metric, op=op, value=value, when=when)


def _same(config: SimConfig, **changes: object) -> SimConfig:
    """A copy with changes, validated (model_copy alone would skip validation)."""
    return SimConfig(**{**config.model_dump(), **changes})


_RING = SimConfig(
    dataset="ring8",
    z_dim=8,
    g_width=128,
    d_width=128,
    activation="tanh",
    batch_size=256,
    g_lr=1e-3,
    d_lr=1e-3,
    beta1=0.5,
    steps=800,
    snapshot_every=50,
)
# The recipe the design notes measured to hop between single modes on this machine.
_COLLAPSE = _same(
    _RING, z_dim=256, activation="relu", batch_size=512, g_lr=1e-3, d_lr=1e-4, steps=600
)
_DIRAC = SimConfig(
    dataset="dirac",
    loss="minimax",
    optimizer="sgd",
    g_lr=0.2,
    d_lr=0.2,
    beta1=0.0,
    update="simultaneous",
    steps=500,
    snapshot_every=10,
)
_SATURATING = _same(
    _RING, loss="minimax", optimizer="sgd", beta1=0.0, g_lr=0.05, d_lr=0.1, d_steps=5, steps=400
)
_TOO_FAST = _same(_RING, g_lr=1.0, d_lr=1.0, steps=300)
_OVERPOWERED = _same(_RING, d_steps=10, d_lr=1e-2, g_lr=1e-4, steps=300)


_HEALTHY_SIGNATURE = (
    _check("modes_covered", ">=", 7),
    _check("frechet_distance", "<=", 0.1),
    _check("d_accuracy", "<=", 0.7, "late_mean"),
)

_CATALOGUE: tuple[Scenario, ...] = (
    Scenario(
        id="healthy",
        failure_mode="none (a healthy run)",
        title="A GAN that learns the ring",
        description=(
            "Two small MLPs play the GAN game on a ring of eight Gaussians with the "
            "non-saturating loss and Adam. The generator spreads its samples over all eight "
            "modes; as it matches the data the discriminator can no longer tell real from "
            "fake, so its accuracy drifts towards 50%. Here 50% means success: the Fréchet "
            "distance is small and every mode is covered."
        ),
        watch="modes covered rising to 8, FD falling, D accuracy settling near 50%",
        config=_RING,
        fix=None,
        signature=_HEALTHY_SIGNATURE,
    ),
    Scenario(
        id="mode_collapse",
        failure_mode="mode collapse",
        title="Mode collapse: one mode at a time",
        description=(
            "A vanilla GAN with ReLU networks and a slow discriminator on the ring of eight. "
            "The generator finds that one mode fools the discriminator and puts nearly all "
            "its samples there; when the discriminator catches up, the generator hops to "
            "another mode instead of spreading out. Each sample looks real, but most of the "
            "data is never produced."
        ),
        watch="modes covered staying at 1-3 while the high-quality fraction is high",
        config=_COLLAPSE,
        fix="mode_collapse_fixed",
        signature=(_check("modes_covered", "<=", 3),),
    ),
    Scenario(
        id="mode_collapse_fixed",
        failure_mode="mode collapse (fixed)",
        title="Fix: let the discriminator see whole batches",
        description=(
            "The same networks and rates, but the discriminator judges packs of samples "
            "together (PacGAN) and sees the minibatch standard deviation of its features. A "
            "generator that sends every sample to one mode produces packs that look nothing "
            "like real packs, so collapse is punished and the samples spread over the modes."
        ),
        watch="modes covered climbing to 7-8",
        config=_same(_COLLAPSE, pack=2, minibatch_stddev=True),
        fix=None,
        signature=(_check("modes_covered", ">=", 7),),
    ),
    Scenario(
        id="vanishing_gradients",
        failure_mode="vanishing gradients",
        title="Vanishing gradients: the saturating loss",
        description=(
            "Goodfellow's original minimax objective: the generator minimises log(1 - D(G(z))). "
            "A discriminator trained five times per generator step quickly becomes confident "
            "that every sample is fake, D(G(z)) approaches 0, and the gradient of log(1 - D) "
            "there is almost zero. With plain SGD the generator barely moves: its samples stay "
            "where they started."
        ),
        watch="G's gradient norm collapsing towards zero, D(fake) near 0, FD not falling",
        config=_SATURATING,
        fix="vanishing_gradients_fixed",
        signature=(
            _check("g_grad_norm", "<=", 1e-3, "late_max"),
            _check("frechet_distance", ">=", 1.0),
        ),
    ),
    Scenario(
        id="vanishing_gradients_fixed",
        failure_mode="vanishing gradients (fixed)",
        title="Fix: the non-saturating loss",
        description=(
            "The same confident discriminator, but the generator maximises log D(G(z)) "
            "instead. Its gradient is largest exactly when D rejects the samples, so the "
            "generator keeps learning and moves its samples to the ring."
        ),
        watch="G's gradient norm staying large, FD falling",
        config=_same(_SATURATING, loss="non_saturating"),
        fix=None,
        signature=(
            _check("g_grad_norm", ">=", 0.1, "late_max"),
            _check("frechet_distance", "<=", 0.5),
        ),
    ),
    Scenario(
        id="non_convergence",
        failure_mode="non-convergence",
        title="Non-convergence: the Dirac-GAN spirals out",
        description=(
            "Mescheder et al.'s Dirac-GAN: the data is a single point at 0, the generator "
            "has one parameter theta (where it puts its sample), the discriminator is "
            "D(x) = psi * x. The only equilibrium is theta = psi = 0, but simultaneous "
            "gradient steps rotate around it and every step moves a little outwards: the "
            "two players chase each other in a growing spiral."
        ),
        watch="the (theta, psi) trajectory spiralling outwards; distance to equilibrium rising",
        config=_DIRAC,
        fix="non_convergence_fixed",
        signature=(_check("distance_to_equilibrium", ">=", 2.0),),
    ),
    Scenario(
        id="non_convergence_fixed",
        failure_mode="non-convergence (fixed)",
        title="Fix: a zero-centred gradient penalty (R1)",
        description=(
            "The same Dirac-GAN and step size, with the R1 penalty (gamma = 1) on the "
            "discriminator's gradient at the real data. The penalty damps psi, turning the "
            "outward spiral into an inward one that converges to the equilibrium."
        ),
        watch="the trajectory spiralling into (0, 0)",
        config=_same(_DIRAC, r1_gamma=1.0),
        fix=None,
        signature=(_check("distance_to_equilibrium", "<=", 0.1),),
    ),
    Scenario(
        id="discriminator_guessing",
        failure_mode="discriminator guessing (uninformative 50%)",
        title="50% accuracy that means failure",
        description=(
            "The discriminator here is linear: it can only compare the averages of real and "
            "fake samples. The generator matches the average of the ring within a few steps, "
            "the discriminator's accuracy falls to 50% and stays there, yet the samples are a "
            "shapeless cloud: the discriminator is guessing and its gradients carry no "
            "information about the ring. Compare with the healthy run, where 50% comes with "
            "all eight modes and a small Fréchet distance."
        ),
        watch="D accuracy near 50% while FD stays high and no mode is covered",
        config=_same(_RING, d_depth=0),
        fix="healthy",
        signature=(
            _check("d_accuracy", ">=", 0.4, "late_mean"),
            _check("d_accuracy", "<=", 0.6, "late_mean"),
            _check("high_quality_fraction", "<=", 0.05),
            _check("modes_covered", "<=", 3),
        ),
    ),
    Scenario(
        id="discriminator_overpowering",
        failure_mode="discriminator overpowering",
        title="An overpowering discriminator starves the generator",
        description=(
            "Ten discriminator steps at a high learning rate for every slow generator step. "
            "The discriminator separates real from fake almost perfectly at all times, so "
            "its accuracy stays near 100% and the generator never catches up."
        ),
        watch="D accuracy pinned near 100%, D(fake) near 0, FD staying high",
        config=_OVERPOWERED,
        fix="discriminator_overpowering_fixed",
        signature=(
            _check("d_accuracy", ">=", 0.9, "late_mean"),
            _check("frechet_distance", ">=", 0.5),
        ),
    ),
    Scenario(
        id="discriminator_overpowering_fixed",
        failure_mode="discriminator overpowering (fixed)",
        title="Fix: balance the two players",
        description=(
            "One discriminator step per generator step and equal learning rates: neither "
            "player runs away, the generator gets useful gradients and covers the ring."
        ),
        watch="D accuracy drifting towards 50% as the modes fill in",
        config=_RING,
        fix=None,
        signature=_HEALTHY_SIGNATURE,
    ),
    Scenario(
        id="learning_rate_too_high",
        failure_mode="learning rate too high",
        title="A learning rate that is far too high",
        description=(
            "Adam with a learning rate of 1.0 for both players. Every update overshoots: the "
            "samples jump across the plane, the losses swing wildly, and the run either "
            "diverges to NaN (reported as such) or never settles near the data."
        ),
        watch="samples jumping around; FD large; the run may be marked diverged",
        config=_TOO_FAST,
        fix="learning_rate_too_high_fixed",
        signature=(_check("frechet_distance", ">=", 1.0, "late_min"),),
    ),
    Scenario(
        id="learning_rate_too_high_fixed",
        failure_mode="learning rate too high (fixed)",
        title="Fix: a sane learning rate",
        description="The same run with Adam's usual rate of 1e-3: smooth progress to the ring.",
        watch="FD falling smoothly, modes filling in",
        config=_RING,
        fix=None,
        signature=_HEALTHY_SIGNATURE,
    ),
    Scenario(
        id="evaluation_tradeoff",
        failure_mode="evaluation: precision vs recall",
        title="High precision, low recall: a collapsed generator",
        description=(
            "A collapsed generator puts its samples on one or two modes. Every sample looks "
            "real, so precision (the fraction of samples inside the data's manifold) is high, "
            "but most of the data is never produced, so recall is low. Its Fréchet distance "
            "is large. Compare with the spread-out generator, which fails the other way."
        ),
        watch="precision high, recall low, FD large",
        config=_COLLAPSE,
        fix="evaluation_tradeoff_spread",
        signature=(
            _check("precision", ">=", 0.7),
            _check("recall", "<=", 0.4),
        ),
    ),
    Scenario(
        id="evaluation_tradeoff_spread",
        failure_mode="evaluation: precision vs recall (the other side)",
        title="High recall, low precision: a spread-out generator",
        description=(
            "Strong instance noise blurs what the discriminator sees, so the generator learns "
            "a blurred ring: its samples cover every mode (high recall) but most lie between "
            "modes (low precision). Neither number alone, nor the Fréchet distance, tells the "
            "whole story: a good generator needs both."
        ),
        watch="recall high, precision low",
        config=_same(_RING, instance_noise=0.3),
        fix=None,
        signature=(
            _check("recall", ">=", 0.7),
            _check("precision", "<=", 0.5),
        ),
    ),
)

SCENARIOS: dict[str, Scenario] = {scenario.id: scenario for scenario in _CATALOGUE}


def get_scenario(scenario_id: str) -> Scenario:
    """The scenario with this id, or a `SimConfigError` that lists the valid ids."""
    try:
        return SCENARIOS[scenario_id]
    except KeyError:
        valid = ", ".join(SCENARIOS)
        raise SimConfigError(f"unknown scenario {scenario_id!r}; valid ids: {valid}") from None
