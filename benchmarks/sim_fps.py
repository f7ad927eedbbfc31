"""Frames per second of the simulation screen while it trains, and key latency meanwhile.

Everything in one run, so the ratios hold on whatever machine (and load) it meets:

1. the trainer's raw snapshot rate for the problem and its fix batched, no UI (reference);
2. the simulation screen (headless Textual, 120x40) playing at full speed: training rate
   inside the UI process, distinct frames rendered per second, chart redraws per second,
   and the UI thread's cost per frame (field + status, and a chart redraw);
3. key latency while training: the time from a key press to its handler running, against
   the same measurement with training paused (reference);
4. the screen's own ceiling: real trainer frames computed beforehand are replayed into the
   screen faster than it can show them, at the 20 fps cap and with the cap lifted to 60.

Run: `.venv/bin/python benchmarks/sim_fps.py [--scenario mode_collapse] [--every 5 10 25]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import threading
import time
from pathlib import Path

from textual.app import App
from textual_plotext import PlotextPlot

import quizzer.tui
from quizzer.tui.screens import simulation
from quizzer.tui.screens.simulation import FRAMES_PER_SECOND, SimulationScreen
from quizzer.tui.widgets.field_view import FieldView
from sim.scenarios import SCENARIOS

SECONDS = 8.0
KEY_PRESSES = 30


def raw_rate(scenario_id: str, every: int, seconds: float) -> tuple[float, float]:
    """Snapshots/s and steps/s of the batched trainer alone, in this thread."""
    from sim.trainer import train_batch

    problem = SCENARIOS[scenario_id]
    configs = [problem.config] + ([SCENARIOS[problem.fix].config] if problem.fix else [])
    long_run = [config.model_copy(update={"steps": 1_000_000}) for config in configs]
    frames = train_batch(long_run, 0, every=every)
    next(frames)  # step 0: weights built, nothing trained yet
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        next(frames)
        count += 1
    elapsed = time.perf_counter() - start
    return count / elapsed, count * every / elapsed


class Host(App[None]):
    CSS_PATH = Path(quizzer.tui.__file__).parent / "simulation.tcss"

    def __init__(self, screen: SimulationScreen) -> None:
        super().__init__()
        self._screen = screen

    def on_mount(self) -> None:
        self.push_screen(self._screen)


def timed(function, durations: list[float]):
    """Wrap a method so each call's duration is recorded."""

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            durations.append(time.perf_counter() - start)

    return wrapper


async def screen_rates(scenario_id: str, every: int, seconds: float) -> dict[str, float]:
    """Frame, training and chart rates of the playing screen, and key latencies."""
    screen = SimulationScreen(scenario_id, every=every)
    screen.configs = [config.model_copy(update={"steps": 1_000_000}) for config in screen.configs]
    frame_costs: list[float] = []
    plot_costs: list[float] = []
    paint_costs: list[float] = []
    screen._render_frame = timed(screen._render_frame, frame_costs)
    # The real drawing happens when Textual renders the widgets: time plotext and the field.
    original_render, original_paint = PlotextPlot.render, FieldView._cached_lines
    PlotextPlot.render = timed(original_render, plot_costs)
    FieldView._cached_lines = timed(original_paint, paint_costs)
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        while screen.control.published < 2:
            await pilot.pause(0.05)
        screen.control.change_rate(+100)  # as fast as the trainer goes
        frames0, published0, charts0 = (
            screen.frames_rendered,
            screen.control.published,
            screen.chart_redraws,
        )
        for costs in (frame_costs, plot_costs, paint_costs):
            costs.clear()
        start = time.perf_counter()
        await pilot.pause(seconds)
        elapsed = time.perf_counter() - start
        result = {
            "fps": (screen.frames_rendered - frames0) / elapsed,
            "snapshots_per_s": (screen.control.published - published0) / elapsed,
            "charts_per_s": (screen.chart_redraws - charts0) / elapsed,
            "frame_ms": _median_ms(frame_costs),
            "plot_ms": _median_ms(plot_costs),
            "plot_max_ms": 1000 * max(plot_costs, default=float("nan")),
            "plots": len(screen.query(PlotextPlot)),
            "field_ms": _median_ms([cost for cost in paint_costs if cost > 2e-4]),
        }
        result["key_training"] = await key_latencies(pilot, screen)
        await pilot.press("space")  # pause: the reference latency without training
        await pilot.pause(0.5)
        result["key_paused"] = await key_latencies(pilot, screen)
    PlotextPlot.render, FieldView._cached_lines = original_render, original_paint
    return result


async def replay_rate(frames: list, seconds: float, fps_cap: int) -> tuple[float, list[float]]:
    """Frames/s the screen renders when snapshots arrive faster than it can show them.

    The frames are the real trainer's, computed beforehand; a thread publishes them at
    120/s into the screen's run control, as the worker would. The worker itself stays paused.
    """
    simulation.FRAMES_PER_SECOND = fps_cap
    screen = SimulationScreen("mode_collapse", paused=True)
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        for timer in screen._animation_timers:
            timer.resume()
        stop = threading.Event()

        def publish() -> None:
            index = 0
            while not stop.wait(1 / 120):
                screen.control.publish(frames[index % len(frames)])
                index += 1

        publisher = threading.Thread(target=publish)
        publisher.start()
        await pilot.pause(0.5)
        frames0, start = screen.frames_rendered, time.perf_counter()
        await pilot.pause(seconds)
        fps = (screen.frames_rendered - frames0) / (time.perf_counter() - start)
        latencies = await key_latencies(pilot, screen)
        stop.set()
        publisher.join()
    simulation.FRAMES_PER_SECOND = FRAMES_PER_SECOND
    return fps, latencies


def recorded_frames(scenario_id: str, every: int, count: int) -> list:
    from sim.trainer import train_batch

    problem = SCENARIOS[scenario_id]
    configs = [problem.config] + ([SCENARIOS[problem.fix].config] if problem.fix else [])
    stream = train_batch(configs, 0, every=every)
    return [next(stream) for _ in range(count)]


def _median_ms(costs: list[float]) -> float:
    return 1000 * statistics.median(costs) if costs else float("nan")


async def key_latencies(pilot, screen: SimulationScreen) -> list[float]:
    """Press `g` repeatedly; time from the press to the arrows action running."""
    handled: list[float] = []
    original = screen.action_toggle_arrows

    def recording() -> None:
        handled.append(time.perf_counter())
        original()

    screen.action_toggle_arrows = recording
    latencies = []
    for _ in range(KEY_PRESSES):
        pressed = time.perf_counter()
        count = len(handled)
        await pilot.press("g")
        while len(handled) == count:
            await pilot.pause(0.001)
        latencies.append(handled[-1] - pressed)
        await pilot.pause(0.05)
    screen.action_toggle_arrows = original
    return latencies


def describe(latencies: list[float]) -> str:
    ms = sorted(1000 * value for value in latencies)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    return f"median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="mode_collapse")
    parser.add_argument("--every", type=int, nargs="+", default=[1, 2, 5, 25])
    parser.add_argument("--seconds", type=float, default=SECONDS)
    args = parser.parse_args()

    import torch

    torch.set_num_threads(1)  # as the screen's worker does
    print(f"python {sys.version.split()[0]}, torch {torch.__version__}, 1 torch thread")
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores shared)")
    print(f"scenario {args.scenario} + its fix, batched; timer {FRAMES_PER_SECOND} fps cap")
    for every in args.every:
        snapshots, steps = raw_rate(args.scenario, every, args.seconds)
        ui = asyncio.run(screen_rates(args.scenario, every, args.seconds))
        print(f"\nsteps per snapshot: {every}")
        print(f"  raw trainer (no UI):      {snapshots:6.1f} snapshots/s  ({steps:.0f} steps/s)")
        print(
            f"  in the screen:            {ui['snapshots_per_s']:6.1f} snapshots/s"
            f"  = {ui['snapshots_per_s'] / snapshots:.2f} x raw"
        )
        print(f"  screen frames rendered:   {ui['fps']:6.1f} fps")
        print(f"  single-chart redraws:     {ui['charts_per_s']:6.1f} /s")
        print(
            f"  UI thread: field paint {ui['field_ms']:.1f} ms, frame hand-over "
            f"{ui['frame_ms']:.1f} ms, one plotext chart {ui['plot_ms']:.1f} ms median "
            f"({ui['plot_max_ms']:.0f} max) x {ui['plots']} charts per redraw"
        )
        print(f"  key latency training:     {describe(ui['key_training'])}")
        print(f"  key latency paused (ref): {describe(ui['key_paused'])}")
    frames = recorded_frames(args.scenario, 5, 60)
    for cap in (FRAMES_PER_SECOND, 60):
        fps, latencies = asyncio.run(replay_rate(frames, args.seconds, cap))
        print(f"\nreplay of 60 real frames, timer cap {cap} fps: {fps:.1f} fps rendered")
        print(f"  key latency during replay: {describe(latencies)}")
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
