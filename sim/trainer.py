"""The one trainer: R runs trained in lockstep through shared batched tensor ops.

`train` (one run) is `train_batch` with a batch of one, so the TUI, the CLI, the tests and
the benchmark all exercise the same code. A "step" is one generator update, preceded by
`d_steps` discriminator updates. Each run draws its initial weights, its data and its noise
from its own generators seeded by its seed, so a run gives the same numbers alone or inside
any batch, and the snapshot cadence never changes the training itself.

Metrics in every snapshot (all computed on the fixed-noise batch, `config.samples` points,
and at the last snapshot on `config.final_samples` points, 2,500 by default, as the 2-D
benchmarks count):
  d_loss, g_loss, g_grad_norm  the last step's losses and the L2 norm of G's parameter gradient
  d_real, d_fake, d_accuracy   D's mean probability of "real" and its balanced accuracy
  frechet_distance, precision, recall, js_divergence (2-D and 1-D data)
  modes_covered, high_quality_fraction, top_mode_fraction (ring8, grid25, mixture1d)
  distance_to_equilibrium, theta, psi (Dirac-GAN only, instead of the sample metrics)
The snapshot's arrows (`grad`) are minus the gradient of each fake's generator loss with
respect to that sample: the direction, and strength, with which training pushes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import torch
from torch import Tensor

from sim import metrics
from sim.config import SimConfig
from sim.data import dimensions, extent, mode_centres, sample_real
from sim.errors import SimConfigError
from sim.losses import d_loss, g_loss_per_sample, probability_real
from sim.models import Discriminator, Generator
from sim.optim import StackedOptimizer
from sim.snapshot import GridField, Snapshot

# Settings that may differ between runs of one batch: they enter the maths element-wise.
PER_RUN_FIELDS = frozenset(
    {"g_lr", "d_lr", "beta1", "beta2", "loss", "r1_gamma", "instance_noise", "gp_weight"}
)
# Settings that only shape the stream, not the training: the batch uses the widest.
STREAM_FIELDS = frozenset({"steps", "snapshot_every", "samples", "final_samples", "grid_size"})
# Training batches of data (or noise) each run draws at once: a step then reads one slice
# instead of paying a few small ops per run for its draws.
DRAW_BLOCK = 50


def _structure(config: SimConfig) -> tuple[object, ...]:
    """What must be equal for two configs to share tensors."""
    skip = PER_RUN_FIELDS | STREAM_FIELDS
    return tuple(value for key, value in config.model_dump().items() if key not in skip)


def _seeded(seed: int, stream: int) -> torch.Generator:
    """Independent generators per run and purpose (init, training data, evaluation)."""
    return torch.Generator().manual_seed(seed * 3 + stream)


def _stack(
    draw: Callable[[torch.Generator], Tensor], generators: Sequence[torch.Generator]
) -> Tensor:
    """One draw per run, stacked (R, ...); a lone run gets a view instead of a copy."""
    if len(generators) == 1:
        return draw(generators[0]).unsqueeze(0)
    return torch.stack([draw(generator) for generator in generators])


def top_mode_fraction(samples: np.ndarray, centres: np.ndarray) -> float:
    """The largest share of samples near one single mode: about 1 for a collapsed generator.

    "Near" is within a third of the gap between neighbouring modes (0.51 on the ring of
    radius 2), looser than the 3-std high-quality test, so a generator that has collapsed
    onto a mode but not yet sharpened to the data's tiny std still reads as collapsed.
    """
    gaps = np.linalg.norm(centres[:, None] - centres[None], axis=-1)
    radius = gaps[gaps > 0].min() / 3
    distances = np.linalg.norm(samples[:, None, :] - centres[None], axis=-1)
    nearest = distances.argmin(axis=1)
    close = distances[np.arange(len(samples)), nearest] <= radius
    counts = np.bincount(nearest[close], minlength=len(centres))
    return float(counts.max() / len(samples))


class _Draws:
    """Training batches for every run, drawn `DRAW_BLOCK` at a time from each run's own
    generator, so a run's stream is the same alone or in any batch."""

    def __init__(
        self,
        draw: Callable[[torch.Generator, int], Tensor],
        generators: Sequence[torch.Generator],
        batch: int,
    ) -> None:
        self.draw, self.generators, self.batch = draw, generators, batch
        self.block = torch.empty(0)
        self.used = DRAW_BLOCK

    def __call__(self) -> Tensor:
        """The next batch of every run, (R, batch, d)."""
        if self.used == DRAW_BLOCK:
            stacked = _stack(
                lambda gen: self.draw(gen, DRAW_BLOCK * self.batch).view(
                    DRAW_BLOCK, self.batch, -1
                ),
                self.generators,
            )
            # (block, R, batch, d): each step's slice is contiguous.
            self.block = stacked.transpose(0, 1).contiguous()
            self.used = 0
        self.used += 1
        return self.block[self.used - 1]


class _Group:
    """Runs whose configs share every structural setting, trained as one stacked batch."""

    def __init__(self, configs: Sequence[SimConfig], seeds: Sequence[int], final: int) -> None:
        self.base = base = configs[0]
        self.runs = runs = len(configs)
        self.dirac = base.dataset == "dirac"
        self.dims = dimensions(base)
        self.train_gens = [_seeded(seed, 1) for seed in seeds]
        init_gens = [_seeded(seed, 0) for seed in seeds]
        eval_gens = [_seeded(seed, 2) for seed in seeds]
        theta, psi = base.dirac_init if self.dirac else (None, None)
        self.g = Generator(
            [base.z_dim, *[base.g_width] * base.g_depth, self.dims],
            base.activation,
            init_gens,
            dirac_theta=theta,
        )
        self.d = Discriminator(
            [base.pack * self.dims, *[base.d_width] * base.d_depth, 1],
            base.activation,
            init_gens,
            pack=base.pack,
            use_stddev=base.minibatch_stddev,
            dirac_psi=psi,
        )

        def column(name: str) -> list[Any]:
            return [getattr(config, name) for config in configs]

        self.g_opt = StackedOptimizer(
            self.g.params, base.optimizer, column("g_lr"), column("beta1"), column("beta2")
        )
        self.d_opt = StackedOptimizer(
            self.d.params, base.optimizer, column("d_lr"), column("beta1"), column("beta2")
        )
        self.losses = column("loss")
        self.noise = torch.tensor(column("instance_noise"))[:, None, None]
        self.r1 = torch.tensor(column("r1_gamma"))
        self.gp = torch.tensor(
            [c.gp_weight if c.loss == "wasserstein_gp" else 0.0 for c in configs]
        )
        # Python flags, so a step without noise or penalties pays nothing for them.
        self.use_noise = bool(self.noise.any())
        self.use_r1, self.use_gp = bool(self.r1.any()), bool(self.gp.any())
        self.loss_names = sorted(set(self.losses))
        self.loss_masks = {
            name: torch.tensor([loss == name for loss in self.losses]) for name in self.loss_names
        }
        self.batch = base.batch_size
        if self.dirac and not any(c.instance_noise for c in configs):
            self.batch = 1  # the Dirac-GAN's "batch" is one point unless noise is sampled
        self._draw_real = _Draws(
            lambda gen, count: sample_real(base, count, gen), self.train_gens, self.batch
        )
        self._draw_z = _Draws(self._noise, self.train_gens, self.batch)
        # Fixed evaluation sets: the picture moves only because the networks moved.
        count = final - final % base.pack
        self.eval_z = _stack(lambda gen: torch.randn(count, base.z_dim, generator=gen), eval_gens)
        self.eval_real = _stack(lambda gen: sample_real(base, count, gen), eval_gens)
        self.alive = [True] * runs
        self.diverged_at: list[int | None] = [None] * runs
        self.last: list[Snapshot | None] = [None] * runs
        self.last_d_loss = torch.zeros(runs)
        self.last_g_loss = torch.zeros(runs)
        self.last_g_grad = torch.zeros(runs)
        self.trajectory: list[Tensor] = []
        # k-NN radii of the fixed evaluation reals, per (run, sample count): computed once.
        self.real_radii: dict[tuple[int, int], np.ndarray] = {}
        if self.dirac:
            self.trajectory.append(self._dirac_state())

    # ----- training -------------------------------------------------------------------
    def _noise(self, generator: torch.Generator, count: int) -> Tensor:
        """G's input; the Dirac generator ignores it, so it gets zeros and spends nothing."""
        if self.dirac:
            return torch.zeros(count, 1)
        return torch.randn(count, self.base.z_dim, generator=generator)

    def _noisy(self, x: Tensor) -> Tensor:
        """Instance noise: each run with sigma > 0 draws it from its own generator."""
        if not self.use_noise:
            return x
        noise = torch.zeros_like(x)
        for run, generator in enumerate(self.train_gens):
            sigma = float(self.noise[run])
            if sigma > 0:
                noise[run] = sigma * torch.randn(x.shape[1:], generator=generator)
        return x + noise

    def _per_loss(self, compute: Callable[[str], Tensor]) -> Tensor:
        """compute(loss_name) -> (R,) evaluated once per distinct loss, picked per run."""
        first, *others = self.loss_names
        result = compute(first)
        for name in others:
            result = torch.where(self.loss_masks[name], compute(name), result)
        return result

    def _penalties(self, real: Tensor, fake: Tensor) -> Tensor:
        """R1 on reals (Mescheder et al.) and WGAN-GP on interpolates, per run."""
        total = torch.zeros(self.runs)
        runs, count, dims = real.shape
        packed = (runs, count // self.base.pack, self.base.pack * dims)
        if self.use_r1:
            x = real.detach().requires_grad_(True)
            (grad,) = torch.autograd.grad(self.d(x).sum(), x, create_graph=True)
            total = total + 0.5 * self.r1 * grad.reshape(packed).pow(2).sum(-1).mean(1)
        if self.use_gp:
            # Only runs with the penalty draw, so a run without it equals itself alone.
            u = torch.zeros(runs, count, 1)
            for run, generator in enumerate(self.train_gens):
                if self.gp[run] > 0:
                    u[run] = torch.rand(count, 1, generator=generator)
            x = (real + u * (fake - real)).detach().requires_grad_(True)
            (grad,) = torch.autograd.grad(self.d(x).sum(), x, create_graph=True)
            norm = grad.reshape(packed).pow(2).sum(-1).add(1e-12).sqrt()
            total = total + self.gp * (norm - 1).pow(2).mean(1)
        return total

    def _d_objective(self, real: Tensor, fake: Tensor) -> tuple[Tensor, Tensor]:
        """(D loss per run, D's raw scores on the fakes)."""
        real_in, fake_in = self._noisy(real), self._noisy(fake)
        if self.base.minibatch_stddev:
            # The batch statistic must see the reals and the fakes apart.
            real_scores, fake_scores = self.d(real_in), self.d(fake_in)
        else:
            # D judges each input on its own, so one pass over both halves is the same
            # maths in half the ops (small nets here cost ops, not FLOPs).
            scores = self.d(torch.cat([real_in, fake_in], dim=1))
            sizes = [real.shape[1] // self.base.pack, fake.shape[1] // self.base.pack]
            real_scores, fake_scores = scores.split(sizes, dim=1)
        loss = self._per_loss(lambda name: d_loss(name, real_scores, fake_scores))
        return loss + self._penalties(real_in, fake_in), fake_scores

    def _g_objective(self, fake_scores: Tensor) -> Tensor:
        return self._per_loss(lambda name: g_loss_per_sample(name, fake_scores).mean(1))

    def _d_step(self) -> Tensor:
        real, z = self._draw_real(), self._draw_z()
        with torch.no_grad():
            fake = self.g(z)
        loss, _ = self._d_objective(real, fake)
        (grad,) = torch.autograd.grad(loss.sum(), self.d.params)
        self.d_opt.step(grad)
        return loss.detach()

    def step(self, number: int) -> None:
        """One generator update and its discriminator updates; records divergence."""
        base = self.base
        simultaneous = base.update == "simultaneous"
        d_value = torch.zeros(self.runs)
        for _ in range(base.d_steps - int(simultaneous)):
            d_value = self._d_step()
        if simultaneous:
            real, z = self._draw_real(), self._draw_z()
            fake = self.g(z)
            d_loss_value, fake_scores = self._d_objective(real, fake)
            g_loss_value = self._g_objective(fake_scores)
            (d_grad,) = torch.autograd.grad(d_loss_value.sum(), self.d.params, retain_graph=True)
            (g_grad,) = torch.autograd.grad(g_loss_value.sum(), self.g.params)
            self.d_opt.step(d_grad)
            d_value = d_loss_value.detach()
        else:
            fake = self.g(self._draw_z())
            g_loss_value = self._g_objective(self.d(self._noisy(fake)))
            (g_grad,) = torch.autograd.grad(g_loss_value.sum(), self.g.params)
        self.g_opt.step(g_grad)
        g_value = g_loss_value.detach()
        grad_norm = g_grad.norm(dim=1)
        with torch.no_grad():
            # A sum is NaN or inf whenever one of its terms is (or overflows, which for
            # parameters above 1e30 means divergence too): one reduction per network.
            total = d_value + g_value + grad_norm + self.g.params.sum(1) + self.d.params.sum(1)
            finite = torch.isfinite(total)
        if not bool(finite.all()):
            self._mark_diverged(number, finite)
        self.last_d_loss, self.last_g_loss, self.last_g_grad = d_value, g_value, grad_norm
        if self.dirac:
            self.trajectory.append(self._dirac_state())

    def _mark_diverged(self, number: int, finite: Tensor | list[bool]) -> None:
        for run in range(self.runs):
            if self.alive[run] and not bool(finite[run]):
                self.alive[run] = False
                self.diverged_at[run] = number

    def _dirac_state(self) -> Tensor:
        return torch.cat([self.g.params, self.d.params], dim=1).detach().clone()

    # ----- snapshots ------------------------------------------------------------------
    def snapshots(self, step: int, count: int) -> list[Snapshot]:
        """The frame of every run at this step, on the first `count` evaluation samples."""
        fresh = self._evaluate(step, count) if any(self.alive) else {}
        frames = []
        for run in range(self.runs):
            if run in fresh:
                self.last[run] = fresh[run]
                frames.append(fresh[run])
                continue
            previous = self.last[run]
            assert previous is not None  # step 0 is always evaluated while every run is alive
            frames.append(
                Snapshot(
                    step=step,
                    status="diverged",
                    diverged_at=self.diverged_at[run],
                    real=previous.real,
                    fake=previous.fake,
                    grid=previous.grid,
                    grad=previous.grad,
                    metrics=previous.metrics,
                )
            )
        return frames

    def _evaluate(self, step: int, count: int) -> dict[int, Snapshot]:
        alive = [run for run in range(self.runs) if self.alive[run]]
        if self.dirac:
            return {run: self._dirac_snapshot(step, run) for run in alive}
        count -= count % self.base.pack
        z, real = self.eval_z[:, :count], self.eval_real[:, :count]
        fake = self.g(z).detach().requires_grad_(True)
        fake_scores = self.d(fake)
        per_sample = self._per_loss_samples(fake_scores)
        (push,) = torch.autograd.grad(per_sample.sum(), fake)
        with torch.no_grad():
            real_scores = self.d(real)
            grid = self._grid(self.d.statistic(fake))
        fake_scores = fake_scores.detach()
        fake_np, push_np = fake.detach().numpy(), (-push).numpy()
        frames = {}
        for run in alive:
            if not np.isfinite(fake_np[run]).all():
                self._mark_diverged(step, [other != run for other in range(self.runs)])
                continue
            values = self._metrics(run, real[run].numpy(), fake_np[run], real_scores, fake_scores)
            frames[run] = Snapshot(
                step=step,
                status="ok",
                diverged_at=None,
                real=real[run].numpy().copy(),
                fake=fake_np[run].copy(),
                grid=None if grid is None else grid[run],
                grad=push_np[run].copy(),
                metrics=values,
            )
        return frames

    def _per_loss_samples(self, scores: Tensor) -> Tensor:
        """Each D input's generator loss under its run's objective, (R, M)."""
        first, *others = self.loss_names
        result = g_loss_per_sample(first, scores)
        for name in others:
            mask = self.loss_masks[name][:, None]
            result = torch.where(mask, g_loss_per_sample(name, scores), result)
        return result

    def _grid(self, stddev: Tensor | None) -> list[GridField]:
        base = self.base
        (x_lo, x_hi), (y_lo, y_hi) = extent(base)
        size = base.grid_size
        xs = x_lo + (torch.arange(size) + 0.5) * (x_hi - x_lo) / size
        if self.dims == 1:
            points, shape = xs[:, None], (1, size)
        else:
            ys = y_lo + (torch.arange(size) + 0.5) * (y_hi - y_lo) / size
            grid_y, grid_x = torch.meshgrid(ys, xs, indexing="ij")
            points, shape = torch.stack([grid_x.ravel(), grid_y.ravel()], dim=1), (size, size)
        inputs = points.repeat_interleave(base.pack, dim=0).expand(self.runs, -1, -1)
        scores = self.d(inputs, stddev=stddev)
        fields = []
        for run in range(self.runs):
            probability = probability_real(self.losses[run], scores[run])
            fields.append(
                GridField(
                    x_range=(x_lo, x_hi),
                    y_range=(y_lo, y_hi),
                    values=probability.reshape(shape).numpy().astype(np.float32),
                )
            )
        return fields

    def _metrics(
        self, run: int, real: np.ndarray, fake: np.ndarray, real_scores: Tensor, fake_scores: Tensor
    ) -> dict[str, float]:
        base, loss = self.base, self.losses[run]
        p_real = probability_real(loss, real_scores[run]).numpy()
        p_fake = probability_real(loss, fake_scores[run]).numpy()
        if loss == "wasserstein_gp":
            raw_real, raw_fake = real_scores[run].numpy(), fake_scores[run].numpy()
            threshold = 0.5 * (raw_real.mean() + raw_fake.mean())
            accuracy = metrics.d_accuracy(raw_real, raw_fake, threshold=float(threshold))
        else:
            accuracy = metrics.d_accuracy(p_real, p_fake)
        values = {
            "d_loss": float(self.last_d_loss[run]),
            "g_loss": float(self.last_g_loss[run]),
            "g_grad_norm": float(self.last_g_grad[run]),
            "d_real": float(p_real.mean()),
            "d_fake": float(p_fake.mean()),
            "d_accuracy": accuracy,
            "frechet_distance": metrics.frechet_distance(real, fake),
        }
        radii_key = (run, len(real))
        if radii_key not in self.real_radii:
            self.real_radii[radii_key] = metrics.neighbour_radii(real)
        precision, recall = metrics.precision_recall(
            real, fake, real_radii=self.real_radii[radii_key]
        )
        values["precision"], values["recall"] = precision, recall
        x_range, y_range = extent(base)
        bounds = [x_range] if self.dims == 1 else [x_range, y_range]
        values["js_divergence"] = metrics.js_divergence(real, fake, bounds)
        centres = mode_centres(base)
        if centres is not None:
            values["modes_covered"] = float(metrics.modes_covered(fake, centres, base.data_std))
            values["high_quality_fraction"] = metrics.high_quality_fraction(
                fake, centres, base.data_std
            )
            values["top_mode_fraction"] = top_mode_fraction(fake, centres)
        return values

    def _dirac_snapshot(self, step: int, run: int) -> Snapshot:
        path = torch.stack(self.trajectory)[:, run].numpy()
        theta, psi = (float(v) for v in path[-1])
        return Snapshot(
            step=step,
            status="ok",
            diverged_at=None,
            real=np.zeros((1, 2), dtype=np.float32),
            fake=path,
            grid=None,
            grad=None,
            metrics={
                "d_loss": float(self.last_d_loss[run]),
                "g_loss": float(self.last_g_loss[run]),
                "g_grad_norm": float(self.last_g_grad[run]),
                "distance_to_equilibrium": metrics.distance_to_equilibrium(theta, psi),
                "theta": theta,
                "psi": psi,
            },
        )


def _broadcast(
    configs: SimConfig | Sequence[SimConfig], seeds: int | Sequence[int]
) -> tuple[list[SimConfig], list[int]]:
    config_list = [configs] if isinstance(configs, SimConfig) else list(configs)
    seed_list = [seeds] if isinstance(seeds, int) else list(seeds)
    if len(config_list) == 1:
        config_list = config_list * len(seed_list)
    if len(seed_list) == 1:
        seed_list = seed_list * len(config_list)
    if not config_list or len(config_list) != len(seed_list):
        raise SimConfigError(
            f"give one config per seed: {len(config_list)} configs, {len(seed_list)} seeds"
        )
    for seed in seed_list:
        if not 0 <= seed < 2**60:
            raise SimConfigError(f"seed must be an integer in 0..2**60, got {seed}")
    return config_list, seed_list


def train_batch(
    configs: SimConfig | Sequence[SimConfig],
    seeds: int | Sequence[int] = 0,
    *,
    steps: int | None = None,
    every: int | None = None,
    threads: int | None = 1,
) -> Iterator[list[Snapshot]]:
    """Train several runs in lockstep; yield one list of snapshots (one per run) per frame.

    Give one config and several seeds, several configs and one seed, or one config per
    seed. Runs whose structural settings match (everything but the learning rates, betas,
    loss, penalties and stream settings) share stacked tensors; other runs form their own
    stacks, stepped in the same loop. Frames come at step 0, every `every` steps and at the
    last step (defaults: the largest `steps`, the smallest `snapshot_every`). A run that
    diverges is reported in its next frame and repeated, frozen, after that; the stream ends
    early only when every run has diverged.

    `threads` sets torch's intra-op threads while the stream runs (restored when it ends;
    None leaves them alone). The default is 1: these tensors are tiny, and on this 2-core
    machine two threads made a step up to 10 times slower once other processes were busy
    (the threads wait for each other), and no faster when it was idle.
    """
    if threads is None:
        yield from _stream(configs, seeds, steps, every)
        return
    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield from _stream(configs, seeds, steps, every)
    finally:
        torch.set_num_threads(previous)


def _stream(
    configs: SimConfig | Sequence[SimConfig],
    seeds: int | Sequence[int],
    steps: int | None,
    every: int | None,
) -> Iterator[list[Snapshot]]:
    config_list, seed_list = _broadcast(configs, seeds)
    total = steps if steps is not None else max(config.steps for config in config_list)
    cadence = every if every is not None else min(c.snapshot_every for c in config_list)
    if total < 1 or cadence < 1:
        raise SimConfigError(f"steps and every must be at least 1, got {total} and {cadence}")
    samples = max(config.samples for config in config_list)
    final = max(config.final_samples for config in config_list)
    by_structure: dict[tuple, list[int]] = {}
    for index, config in enumerate(config_list):
        by_structure.setdefault(_structure(config), []).append(index)
    groups = [
        (
            members,
            _Group([config_list[i] for i in members], [seed_list[i] for i in members], final),
        )
        for members in by_structure.values()
    ]

    def frame(step: int, count: int) -> list[Snapshot]:
        ordered: list[Snapshot | None] = [None] * len(config_list)
        for members, group in groups:
            for index, snapshot in zip(members, group.snapshots(step, count), strict=True):
                ordered[index] = snapshot
        return [snapshot for snapshot in ordered if snapshot is not None]

    yield frame(0, samples)
    for step in range(1, total + 1):
        for _, group in groups:
            if any(group.alive):
                group.step(step)
        if step % cadence == 0 or step == total:
            yield frame(step, final if step == total else samples)
            if not any(any(group.alive) for _, group in groups):
                return


def train(
    config: SimConfig,
    *,
    seed: int = 0,
    steps: int | None = None,
    every: int | None = None,
    threads: int | None = 1,
) -> Iterator[Snapshot]:
    """One run's snapshot stream: the batch of one."""
    for frames in train_batch(config, seed, steps=steps, every=every, threads=threads):
        yield frames[0]
