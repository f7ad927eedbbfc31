"""Simulator throughput, measured against plain references in the same run.

(a) the trainer (snapshots sparse) against a plain PyTorch loop of identical math at the
    catalogue's default ring sizes; (b) 8 runs batched against the same 8 one after another,
    at the catalogue's default width and at widths 32, 64 and 128; (c) achieved matmul
    GFLOP/s against this machine's matmul peak; (d) wall time until each scenario's signature
    is first visible (torch import separate); (e) peak memory. Throughput is measured in CPU
    time of this process (time.process_time), best of a few interleaved repeats: the machine
    is shared, and CPU time is what a busy neighbour disturbs least. Time to signature (d) is
    wall time, as a student would see it.

    .venv/bin/python benchmarks/sim_throughput.py [--quick] [--output FILE.md]
"""

from __future__ import annotations

import argparse
import itertools
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

import torch
import torch.nn.functional as F
from torch import nn

from sim.config import SimConfig
from sim.data import sample_real
from sim.scenarios import SCENARIOS
from sim.snapshot import history_row
from sim.trainer import train, train_batch

# The catalogue's default ring sizes, with snapshots made cheap (64 samples) and sparse.
DEFAULT = SCENARIOS["healthy"].config.model_copy(update={"samples": 64, "final_samples": 64})


def best_of(repeats: int, *runs: Callable[[], float]) -> list[float]:
    """Interleave the runs `repeats` times and keep each one's best (smallest) time."""
    best = [float("inf")] * len(runs)
    for _ in range(repeats):
        for index, run in enumerate(runs):
            best[index] = min(best[index], run())
    return best


def time_trainer(configs: SimConfig | list[SimConfig], seeds: list[int], steps: int) -> float:
    """Seconds for `steps` steps of a batch, from the first frame to the last, at the
    thread count the caller set (so both sides of a comparison use the same)."""
    stream = train_batch(configs, seeds, steps=steps, every=steps, threads=None)
    next(stream)
    start = time.process_time()
    for _ in stream:
        pass
    return time.process_time() - start


def mlp(sizes: list[int]) -> nn.Sequential:
    layers: list[nn.Module] = []
    for index, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes)):
        layers.append(nn.Linear(fan_in, fan_out))
        if index < len(sizes) - 2:
            layers.append(nn.Tanh())
    return nn.Sequential(*layers)


def time_plain_loop(config: SimConfig, steps: int) -> float:
    """The textbook loop, as in the PyTorch DCGAN example: same sizes, loss and optimizer."""
    torch.manual_seed(0)
    data_gen = torch.Generator().manual_seed(0)
    generator = mlp([config.z_dim, *[config.g_width] * config.g_depth, 2])
    discriminator = mlp([2, *[config.d_width] * config.d_depth, 1])
    betas = (config.beta1, config.beta2)
    opt_g = torch.optim.Adam(generator.parameters(), lr=config.g_lr, betas=betas)
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=config.d_lr, betas=betas)
    batch = config.batch_size
    start = time.process_time()
    for _ in range(steps):
        real = sample_real(config, batch, data_gen)
        fake = generator(torch.randn(batch, config.z_dim)).detach()
        loss_d = F.softplus(-discriminator(real)).mean() + F.softplus(discriminator(fake)).mean()
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()
        loss_g = F.softplus(-discriminator(generator(torch.randn(batch, config.z_dim)))).mean()
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()
    return time.process_time() - start


def step_flops(config: SimConfig) -> float:
    """Matmul FLOPs of one alternating step (one D update, one G update).

    In units of one forward pass over a batch (2 * batch * sum of in*out): the D update runs
    G forward (1), D forward on real and fake (2) and D's backward (about 2 x 2); the G update
    runs G forward (1), D forward (1), D backward for input gradients only (1) and G backward
    (2). Element-wise work is not counted, so this underestimates the real work.
    """

    def pass_flops(sizes: list[int]) -> float:
        return 2.0 * config.batch_size * sum(a * b for a, b in itertools.pairwise(sizes))

    g = pass_flops([config.z_dim, *[config.g_width] * config.g_depth, 2])
    d = pass_flops([2, *[config.d_width] * config.d_depth, 1])
    d_update = g + 2 * d + 2 * 2 * d
    g_update = g + d + d + 2 * g
    return d_update + g_update


def matmul_peak(threads: int) -> float:
    """GFLOP/s of a 1024 x 1024 float32 matmul: the machine's practical peak."""
    torch.set_num_threads(threads)
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    for _ in range(3):
        a @ b
    best = min(_timed(lambda: a @ b) for _ in range(10))
    return 2 * 1024**3 / best / 1e9


def _timed(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def torch_import_seconds() -> float:
    code = "import time; t = time.perf_counter(); import torch; print(time.perf_counter() - t)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return float(result.stdout)


def time_to_signature(scenario_id: str) -> tuple[float | None, int | None, float]:
    """Seconds and step at which the scenario's signature first holds, seed 0, and run time."""
    scenario = SCENARIOS[scenario_id]
    history: list[dict[str, float]] = []
    start = time.perf_counter()
    seen: tuple[float | None, int | None] = (None, None)
    for frame in train(scenario.config, seed=0):
        history.append(history_row(frame))
        if seen[0] is None and scenario.signature_holds(history):
            seen = (time.perf_counter() - start, frame.step)
    return seen[0], seen[1], time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps and repeats")
    parser.add_argument("--output", help="also write the markdown report to this file")
    args = parser.parse_args()
    steps, repeats = (100, 2) if args.quick else (300, 5)
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    say(f"# Simulator throughput ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)")
    say()
    say(
        f"- machine: {platform.processor() or platform.machine()}, {torch.get_num_threads()} "
        f"torch threads, torch {torch.__version__}, Python {platform.python_version()}"
    )
    say(f"- load before the run: `{load}`")
    flags = " --quick" if args.quick else ""
    say(f"- command: `.venv/bin/python benchmarks/sim_throughput.py{flags}`")
    say()

    threads = torch.get_num_threads()
    say("## (a) trainer vs a plain PyTorch loop, ring, default sizes")
    say(
        f"tanh MLPs {DEFAULT.g_depth}x{DEFAULT.g_width}, z {DEFAULT.z_dim}, batch "
        f"{DEFAULT.batch_size}, Adam, non-saturating loss, {steps} steps, best of {repeats}."
    )
    say()
    say("| threads | plain loop steps/CPU-s | trainer steps/CPU-s | trainer / plain |")
    say("|---|---|---|---|")
    for count in sorted({1, threads}):
        torch.set_num_threads(count)
        plain, ours = best_of(
            repeats,
            lambda: time_plain_loop(DEFAULT, steps),
            lambda: time_trainer(DEFAULT, [0], steps),
        )
        say(f"| {count} | {steps / plain:.0f} | {steps / ours:.0f} | {plain / ours:.2f}x |")
    torch.set_num_threads(threads)
    say()

    torch.set_num_threads(1)  # the trainer's default
    say("## (b) 8 runs batched vs the same 8 one after another")
    say(
        f"Seeds 0-7, {steps} steps each, batch {DEFAULT.batch_size}, 1 thread (the trainer's "
        "default); aggregate steps per CPU second = 8 x steps / CPU time. A step of R runs "
        "costs about o + R c (o: per-step work shared by the batch, op dispatch and Python; "
        "c: the work each run adds, matmuls and element-wise ops), so the ratio is "
        "8 (o + c) / (o + 8 c), and 4x needs c <= o / 6; o and c are solved from the two times."
    )
    say()
    say(
        "| width | sequential agg. steps/CPU-s | batched agg. steps/CPU-s | ratio "
        "| batched GFLOP/CPU-s | o (us/step) | c (us/step/run) |"
    )
    say("|---|---|---|---|---|---|---|")
    seeds = list(range(8))
    achieved: dict[int, float] = {}
    # The catalogue's default width (read from it, marked in the table) and its neighbours.
    for width in sorted({32, 64, 128, DEFAULT.g_width}):
        config = DEFAULT.model_copy(update={"g_width": width, "d_width": width})

        def sequential(config: SimConfig = config) -> float:
            return sum(time_trainer(config, [seed], steps) for seed in seeds)

        alone, together = best_of(
            repeats, sequential, lambda config=config: time_trainer(config, seeds, steps)
        )
        total = 8 * steps
        achieved[width] = total * step_flops(config) / together / 1e9
        one, eight = alone / total, together / steps  # seconds per step of 1 and of 8 runs
        per_run = (eight - one) / 7
        say(
            f"| {width}{' (default)' if width == DEFAULT.g_width else ''} "
            f"| {total / alone:.0f} | {total / together:.0f} | "
            f"{alone / together:.2f}x | {achieved[width]:.1f} | {1e6 * (one - per_run):.0f} "
            f"| {1e6 * per_run:.0f} |"
        )
    say()

    say("## (c) achieved GFLOP/s against this machine's matmul peak")
    peak_one, peak_all = matmul_peak(1), matmul_peak(threads)
    torch.set_num_threads(threads)
    say(
        f"Peak (1024x1024 float32 matmul, per CPU second): {peak_one:.0f} GFLOP on 1 thread, "
        f"{peak_all:.0f} on {threads}. Batched training (8 runs, 1 thread, matmul FLOPs only):"
    )
    say()
    for width, value in achieved.items():
        say(
            f"- width {width}: {value:.1f} GFLOP/s = {100 * value / peak_one:.1f}% of 1-thread peak"
        )
    say()

    say("## (d) time until each scenario's signature is visible (seed 0, one run)")
    say(f"`import torch` alone: {torch_import_seconds():.2f} s (not included below).")
    say()
    say("| scenario | signature first holds at | step | whole run |")
    say("|---|---|---|---|")
    for scenario_id in SCENARIOS:
        seconds, step, whole = time_to_signature(scenario_id)
        shown = "not within the run" if seconds is None else f"{seconds:.2f} s"
        say(f"| {scenario_id} | {shown} | {step if step is not None else '-'} | {whole:.2f} s |")
    say()

    say("## (e) peak memory")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    say(f"Peak RSS of this whole benchmark process: {peak_kb / 1024:.0f} MiB.")
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    say(f"Load after the run: `{load}`")
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
