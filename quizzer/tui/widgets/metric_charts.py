"""MetricCharts: the four live charts of one run (losses, D accuracy, gradient norm, key metric).

Plotext rebuilds a whole chart on every refresh, which is the costly part of a frame, so the
charts are only redrawn when `plot_history` is called (the screen rate-limits that), all four
together in one batch, from at most `MAX_POINTS` of the latest snapshots.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import Grid
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

MAX_POINTS = 500
"""Points per series: enough to show a run's shape, few enough to keep a redraw cheap."""

Row = Mapping[str, float]

# Distinct markers as well as colours, so the two loss curves stay apart under NO_COLOR.
_LOSS_SERIES = (("d_loss", "D", "braille", "magenta"), ("g_loss", "G", "dot", "cyan"))
_DIRAC_SERIES = (("theta", "θ", "braille", "magenta"), ("psi", "ψ", "dot", "cyan"))


class MetricCharts(Grid):
    """A 2x2 grid of plots fed from a run's metric history."""

    DEFAULT_CSS = """
    MetricCharts {
        grid-size: 2 2;
        grid-gutter: 0 1;
        height: 1fr;
    }
    MetricCharts PlotextPlot {
        height: 1fr;
        min-height: 4;
    }
    """

    def __init__(self, key_metric: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.key_metric = key_metric
        self.points_plotted = 0

    def compose(self) -> ComposeResult:
        yield PlotextPlot(classes="chart-losses")
        yield PlotextPlot(classes="chart-accuracy")
        yield PlotextPlot(classes="chart-grad")
        yield PlotextPlot(classes="chart-key")

    def _plot(self, name: str) -> PlotextPlot:
        return self.query_one(f".chart-{name}", PlotextPlot)

    def plot_history(self, history: Sequence[Row]) -> None:
        """Redraw all four charts from the latest rows of the history."""
        rows = list(history[-MAX_POINTS:])
        with self.app.batch_update():
            self._plot_losses(rows)
            self._plot_accuracy(rows)
            self._plot_series(
                self._plot("grad"), rows, "g_grad_norm", "|grad G| log", log_scale=True
            )
            self._plot_series(self._plot("key"), rows, self.key_metric, _title(self.key_metric))
        self.points_plotted = len(rows)

    def _plot_losses(self, rows: list[Row]) -> None:
        chart = self._plot("losses")
        plt = _reset(chart, "losses")
        for metric, label, marker, colour in _LOSS_SERIES:
            steps, values = _series(rows, metric)
            if steps:
                plt.plot(steps, values, label=label, marker=marker, color=colour)
        chart.refresh()

    def _plot_accuracy(self, rows: list[Row]) -> None:
        """D accuracy against the 0.5 line; the Dirac-GAN has no samples to classify, so
        there the chart shows its two parameters oscillating instead."""
        chart = self._plot("accuracy")
        if rows and "d_accuracy" not in rows[-1] and "theta" in rows[-1]:
            plt = _reset(chart, "θ and ψ")
            for metric, label, marker, colour in _DIRAC_SERIES:
                steps, values = _series(rows, metric)
                plt.plot(steps, values, label=label, marker=marker, color=colour)
            plt.horizontal_line(0.0, color="gray")
        else:
            plt = _reset(chart, "D accuracy")
            steps, values = _series(rows, "d_accuracy")
            if steps:
                plt.plot(steps, values, marker="braille", color="green")
                plt.horizontal_line(0.5, color="gray")
            plt.ylim(0.0, 1.0)
        chart.refresh()

    def _plot_series(
        self,
        chart: PlotextPlot,
        rows: list[Row],
        metric: str,
        title: str,
        *,
        log_scale: bool = False,
    ) -> None:
        plt = _reset(chart, title)
        steps, values = _series(rows, metric, positive_only=log_scale)
        if steps:
            # Plotext cannot build an empty log axis, so the scale waits for the first point.
            if log_scale:
                plt.yscale("log")
            plt.plot(steps, values, marker="braille", color="orange")
        chart.refresh()


def _reset(chart: PlotextPlot, title: str) -> Plot:
    plt = chart.plt
    plt.clear_data()
    plt.yscale("linear")
    plt.ylim(None, None)
    plt.title(title)
    return plt


def _series(
    rows: list[Row], metric: str, *, positive_only: bool = False
) -> tuple[list[float], list[float]]:
    """Steps and finite values of one metric; a log axis also drops zeros and negatives."""
    steps, values = [], []
    for row in rows:
        value = row.get(metric)
        if value is None or not math.isfinite(value) or (positive_only and value <= 0):
            continue
        steps.append(row["step"])
        values.append(value)
    return steps, values


def _title(metric: str) -> str:
    return metric.replace("_", " ")
