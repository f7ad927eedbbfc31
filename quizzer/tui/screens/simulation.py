"""SimulationScreen: a failure mode happening live beside its fix, GAN Lab in a terminal.

Training runs in one thread worker through the simulator's batched trainer (problem and fix
in lockstep). The worker only publishes snapshots into a `RunControl`; a timer renders the
latest one at a fixed frame rate and never computes. Charts, the costly part of a frame,
are redrawn one at a time, in turn, by a slower timer. Leaving the screen stops the worker.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState, get_current_worker

from quizzer.tui.widgets.metric_charts import CHARTS, MAX_POINTS
from quizzer.tui.widgets.sim_params_dialog import HyperparameterDialog, RunSettings
from quizzer.tui.widgets.sim_run import RATES, RunControl
from quizzer.tui.widgets.sim_side import SimSide
from sim.config import SimConfig
from sim.scenarios import Scenario, get_scenario
from sim.snapshot import Snapshot

FRAMES_PER_SECOND = 20
CHART_REDRAWS_PER_SECOND = 10
"""Single-chart redraws a second, taken in turn: with two sides of four charts each, every
chart refreshes about once a second. Plotext is the costly part of a frame, and on a shared
2-core machine twice this rate took a third to a half off the training speed (see
benchmarks/README.md)."""
LIVE_EVERY = 1
"""Steps per snapshot on screen: the catalogue's cadence (10-25) suits a headless run, but
watching needs frames. A snapshot costs the trainer more than a step, so this trades steps
per second for frames per second; on the shared 2-core machine only 1 reached the 15 fps
goal (see benchmarks/README.md)."""
NARROW_WIDTH = 110
"""Below this many columns the two sides take turns (one visible, `s` swaps)."""

_CHARTED = frozenset({"step", "d_loss", "g_loss", "d_accuracy", "g_grad_norm", "diverged"})
"""Not a key metric: already charted, or the x axis itself (signatures may check the step)."""


def key_metric(scenario: Scenario) -> str:
    """The metric that tells this scenario's story: the first one its signature checks that
    is not already charted (losses, accuracy, gradient norm)."""
    for check in scenario.signature:
        if check.metric not in _CHARTED:
            return check.metric
    if scenario.config.dataset == "dirac":
        return "distance_to_equilibrium"
    return "frechet_distance"


class SimulationScreen(Screen[None]):
    """The scenario's story, then the problem and its fix trained side by side."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_play", "Play/Pause"),
        Binding("full_stop", "single_step", "Step"),
        Binding("r", "reset", "Reset"),
        Binding("plus,equals_sign", "speed(1)", "Faster"),
        Binding("minus", "speed(-1)", "Slower"),
        Binding("g", "toggle_arrows", "Arrows"),
        Binding("e", "edit", "Edit"),
        Binding("s", "swap_side", "Swap side"),
        Binding("escape,q", "leave", "Back"),
    ]

    paused: reactive[bool] = reactive(False)
    narrow: reactive[bool] = reactive(False)
    shown_side: reactive[int] = reactive(0)

    class StepReady(Message):
        """A snapshot arrived while paused, or the run ended: render it now (no timer runs
        while paused, and the final frame must show all its charts)."""

    def __init__(
        self,
        scenario_id: str,
        *,
        compare: str | None = None,
        watch: str | None = None,
        seed: int = 0,
        paused: bool = False,
        every: int | None = None,
    ) -> None:
        super().__init__()
        self.scenario = get_scenario(scenario_id)
        compare_id = compare if compare is not None else self.scenario.fix
        self.scenarios: list[Scenario] = [self.scenario]
        if compare_id is not None and compare_id != scenario_id:
            self.scenarios.append(get_scenario(compare_id))
        self.configs: list[SimConfig] = [scenario.config for scenario in self.scenarios]
        self.watch = watch if watch is not None else self.scenario.watch
        self.seed = seed
        self.every = every if every is not None else LIVE_EVERY
        """Training steps per snapshot."""
        self.control = RunControl(len(self.scenarios), paused=paused)
        self.set_reactive(SimulationScreen.paused, paused)
        self.frames_rendered = 0
        self.chart_redraws = 0
        self._worker: Worker[None] | None = None
        self._animation_timers: list[Timer] = []
        self._shown: tuple[Snapshot, ...] | None = None
        self._chart_versions = [-1] * (CHARTS * len(self.scenarios))
        """Per chart (side-major), the frame count of the history it last drew."""
        self._chart_turn = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="sim-header"):
            yield Static(self.scenario.title, id="sim-title", markup=False)
            yield Static(self.scenario.description, id="sim-description", markup=False)
            watch = Text()
            watch.append("Watch: ", style="bold")
            watch.append(self.watch)
            yield Static(watch, id="sim-watch")
            yield Static("", id="sim-controls")
        with Horizontal(id="sim-sides"):
            for index, scenario in enumerate(self.scenarios):
                role = "Problem" if index == 0 else "Fix"
                if len(self.scenarios) == 1:
                    role = "Run"
                yield SimSide(
                    role, scenario.id, scenario.title, key_metric(scenario), id=f"side-{index}"
                )
        yield Footer()

    @property
    def sides(self) -> list[SimSide]:
        return list(self.query(SimSide))

    @property
    def worker(self) -> Worker[None] | None:
        return self._worker

    def on_mount(self) -> None:
        self._animation_timers = [
            self.set_interval(1 / FRAMES_PER_SECOND, self._render_frame, pause=True),
            self.set_interval(1 / CHART_REDRAWS_PER_SECOND, self._redraw_next_chart, pause=True),
        ]
        if not self.paused:
            for timer in self._animation_timers:
                timer.resume()
        self._show_controls()
        self._start()

    def on_unmount(self) -> None:
        self.control.stop()
        if self._worker is not None:
            self._worker.cancel()

    def on_resize(self, event: Resize) -> None:
        self.narrow = event.size.width < NARROW_WIDTH

    def watch_narrow(self, narrow: bool) -> None:
        self.set_class(narrow, "-narrow")
        self._show_side()

    def watch_shown_side(self) -> None:
        self._show_side()

    def _show_side(self) -> None:
        for index, side in enumerate(self.sides):
            side.set_class(self.narrow and index != self.shown_side, "-hidden")
        if self.is_mounted:
            self._show_controls()

    # Training.

    def _start(self) -> None:
        """(Re)start training from step 0 with the current configs and seed."""
        self.control.stop()
        self.control = RunControl(len(self.configs), paused=self.paused)
        self._shown = None
        self._chart_versions = [-1] * len(self._chart_versions)
        self._worker = self._train(self.control, list(self.configs), self.seed, self.every)
        self._show_controls()

    @work(thread=True, exclusive=True, exit_on_error=False, group="simulation")
    def _train(self, control: RunControl, configs: list[SimConfig], seed: int, every: int) -> None:
        """Pull snapshots from the trainer when the control allows; never touch widgets."""
        from sim.trainer import train_batch

        # The trainer trains on one torch thread by default, so on a 2-core laptop the
        # other core keeps the UI answering keys.
        worker = get_current_worker()
        frames = train_batch(configs, seed, every=every)
        while control.wait_turn(lambda: worker.is_cancelled):
            snapshots = next(frames, None)
            if snapshots is None or worker.is_cancelled:
                break
            control.publish(snapshots)
            if control.paused:
                self.post_message(self.StepReady())
        control.finished = True
        if not worker.is_cancelled:
            self.post_message(self.StepReady())

    @on(StepReady)
    def _render_now(self) -> None:
        self._render_frame(all_charts=True)

    def _render_frame(self, *, all_charts: bool = False) -> None:
        """Show the latest snapshots if they are new; with `all_charts`, every chart too."""
        latest = self.control.latest
        if latest is None:
            return
        if latest is not self._shown:
            self._shown = latest
            self.frames_rendered += 1
            with self.app.batch_update():
                for index, (side, snapshot) in enumerate(zip(self.sides, latest, strict=True)):
                    history = self.control.history(index)
                    side.show(
                        snapshot,
                        signature_visible=self.scenarios[index].signature_holds(history),
                        finished=self.control.finished,
                    )
        if all_charts:
            with self.app.batch_update():
                for index, side in enumerate(self.sides):
                    side.plot(self.control.history(index, last=MAX_POINTS))
            published = self.control.published
            self._chart_versions = [published] * len(self._chart_versions)
            self.chart_redraws += len(self._chart_versions)

    def _redraw_next_chart(self) -> None:
        """Redraw one chart that lags the latest frame, taking the charts in turn.

        One plotext build per call instead of eight at once keeps the UI thread free for
        keys (see benchmarks/README.md).
        """
        published = self.control.published
        slots = len(self._chart_versions)
        for offset in range(slots):
            slot = (self._chart_turn + offset) % slots
            if self._chart_versions[slot] < published:
                side, chart = divmod(slot, CHARTS)
                self.sides[side].plot(self.control.history(side, last=MAX_POINTS), chart)
                self._chart_versions[slot] = published
                self._chart_turn = slot + 1
                self.chart_redraws += 1
                return

    @on(Worker.StateChanged)
    def _report_failure(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.notify(
                f"The simulation stopped: {event.worker.error}",
                title="Simulation error",
                severity="error",
                timeout=10,
                markup=False,
            )

    # Keys.

    def action_toggle_play(self) -> None:
        self.paused = not self.paused

    def watch_paused(self, paused: bool) -> None:
        if paused:
            self.control.pause()
            for timer in self._animation_timers:
                timer.pause()
            self._render_frame(all_charts=True)
        else:
            self.control.play()
            for timer in self._animation_timers:
                timer.resume()
        self._show_controls()

    def action_single_step(self) -> None:
        if not self.paused:
            self.paused = True
        self.control.step()

    def action_reset(self) -> None:
        self._start()
        self.notify("Restarted from step 0", timeout=2)

    def action_speed(self, delta: int) -> None:
        self.control.change_rate(delta)
        self._show_controls()

    def action_toggle_arrows(self) -> None:
        for side in self.sides:
            side.field.show_arrows = not side.field.show_arrows
        self._show_controls()

    def action_swap_side(self) -> None:
        self.shown_side = (self.shown_side + 1) % len(self.scenarios)

    def action_edit(self) -> None:
        title = f"Hyperparameters of {self.scenarios[0].id}"
        if len(self.scenarios) > 1:
            title += " (the fix keeps its own)"
        self.app.push_screen(
            HyperparameterDialog(self.configs[0], self.seed, title=title), self._apply_settings
        )

    def _apply_settings(self, settings: RunSettings | None) -> None:
        if settings is None:
            return
        self.configs[0] = settings.config
        self.seed = settings.seed
        self._start()
        self.notify("Re-running with the new settings", timeout=2)

    def action_leave(self) -> None:
        self.dismiss()

    def _show_controls(self) -> None:
        rate = self.control.rate
        speed = "max" if rate == RATES[-1] else f"{rate:g}"
        arrows = any(side.field.show_arrows for side in self.sides) if self.is_mounted else False
        state = "paused" if self.paused else "playing"
        steps = "1 step" if self.every == 1 else f"{self.every} steps"
        text = f"{state} · {speed} snapshots/s, {steps} each · arrows {'on' if arrows else 'off'}"
        text += f" · seed {self.seed}"
        if self.narrow and len(self.scenarios) > 1:
            shown = "problem" if self.shown_side == 0 else "fix"
            text += f" · {shown} shown (s swaps)"
        self.query_one("#sim-controls", Static).update(text)
