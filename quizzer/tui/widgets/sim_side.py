"""SimSide: one run of the comparison (the problem or its fix): status, field and charts.

Dumb on purpose: the screen hands it snapshots and histories; it only shows them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.widgets import Static

from quizzer.tui.widgets.field_view import FieldView
from quizzer.tui.widgets.metric_charts import MetricCharts
from sim.snapshot import Snapshot

_STATUS_METRICS = (
    ("modes_covered", "modes", "{:.0f}"),
    ("distance_to_equilibrium", "dist", "{:.3g}"),
    ("d_accuracy", "D acc", "{:.2f}"),
    ("frechet_distance", "FD", "{:.3g}"),
    ("g_grad_norm", "|∇G|", "{:.2g}"),
)


def status_text(snapshot: Snapshot | None, *, signature_visible: bool, finished: bool) -> Text:
    """The side's one-line state: step, ok/diverged, key numbers, whether the signature shows."""
    if snapshot is None:
        return Text("starting…", style="italic")
    text = Text()
    text.append(f"step {snapshot.step}")
    if snapshot.status == "diverged":
        text.append(f" diverged at step {snapshot.diverged_at}", style="bold reverse")
    else:
        text.append(" finished" if finished else " ok")
    if signature_visible:
        text.append(" ✓ signature visible", style="bold")
    for metric, label, template in _STATUS_METRICS:
        value = snapshot.metrics.get(metric)
        if value is not None and math.isfinite(value):
            text.append(f" · {label} {template.format(value)}")
    return text


class SimSide(Vertical):
    """Title, status line, FieldView and MetricCharts of one run."""

    def __init__(
        self, role: str, scenario_id: str, title: str, key_metric: str, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.role = role
        self.scenario_id = scenario_id
        self.title = title
        self.key_metric = key_metric

    def compose(self) -> ComposeResult:
        heading = Text()
        heading.append(f"{self.role}: ", style="bold")
        heading.append(f"{self.scenario_id} — {self.title}")
        yield Static(heading, classes="side-title", markup=False)
        waiting = status_text(None, signature_visible=False, finished=False)
        yield Static(waiting, classes="side-status")
        with Container(classes="side-body"):
            yield FieldView(classes="side-field")
            yield MetricCharts(self.key_metric)

    @property
    def field(self) -> FieldView:
        return self.query_one(FieldView)

    @property
    def charts(self) -> MetricCharts:
        return self.query_one(MetricCharts)

    @property
    def status(self) -> Static:
        return self.query_one(".side-status", Static)

    def show(self, snapshot: Snapshot, *, signature_visible: bool, finished: bool) -> None:
        self.field.show(snapshot)
        # One line of fixed height: no layout pass needed (a layout pass every frame would
        # repaint the whole screen, charts included).
        self.status.update(
            status_text(snapshot, signature_visible=signature_visible, finished=finished),
            layout=False,
        )
        self.set_class(snapshot.status == "diverged", "-diverged")

    def plot(self, history: Sequence[Mapping[str, float]], chart: int | None = None) -> None:
        """Redraw all charts, or only the one numbered `chart`."""
        if chart is None:
            self.charts.plot_history(history)
        else:
            self.charts.plot_chart(chart, history)
