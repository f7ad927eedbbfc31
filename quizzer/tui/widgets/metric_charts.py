"""MetricCharts: the four live charts of one run (losses, D accuracy, gradient norm, key metric).

Plotext rebuilds a whole chart on every refresh, which is the costly part of a frame, so the
charts are only redrawn when asked: `plot_history` redraws all four in one batch (a paused
or single-stepped screen), `plot_chart` one of them (a playing screen takes them in turns,
so the UI thread never blocks on eight plotext builds in a row while keys wait). Each chart
shows at most `MAX_POINTS` of the latest snapshots.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import Grid
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

CHARTS = 4
MAX_POINTS = 500
"""Snapshots shown per chart: the latest ones, enough to show a run's shape."""
POINTS_PER_COLUMN = 2
"""Braille draws two dots per column, so more points than that per column cannot show and
only slow plotext down (a redraw costs about linearly in points)."""

Row = Mapping[str, float]
Series = tuple[list[float], list[float]]

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

    def compose(self) -> ComposeResult:
        yield PlotextPlot(classes="chart-losses")
        yield PlotextPlot(classes="chart-accuracy")
        yield PlotextPlot(classes="chart-grad")
        yield PlotextPlot(classes="chart-key")

    def _plot(self, name: str) -> PlotextPlot:
        return self.query_one(f".chart-{name}", PlotextPlot)

    def plot_history(self, history: Sequence[Row]) -> None:
        """Redraw all four charts together from the latest rows of the history."""
        with self.app.batch_update():
            for index in range(CHARTS):
                self.plot_chart(index, history)

    def plot_chart(self, index: int, history: Sequence[Row]) -> None:
        """Redraw one chart (0 losses, 1 accuracy, 2 gradient norm, 3 key metric)."""
        rows = list(history[-MAX_POINTS:])
        match index:
            case 0:
                self._plot_losses(rows)
            case 1:
                self._plot_accuracy(rows)
            case 2:
                self._plot_series(
                    self._plot("grad"), rows, "g_grad_norm", "|grad G| log", log_scale=True
                )
            case _:
                key = self.key_metric
                self._plot_series(self._plot("key"), rows, key, _title(key))

    def _plot_losses(self, rows: list[Row]) -> None:
        chart = self._plot("losses")
        plt = _reset(chart, "losses")
        for metric, label, marker, colour in _LOSS_SERIES:
            steps, values = _thin(_series(rows, metric), chart)
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
                steps, values = _thin(_series(rows, metric), chart)
                plt.plot(steps, values, label=label, marker=marker, color=colour)
            plt.horizontal_line(0.0, color="gray")
        else:
            plt = _reset(chart, "D accuracy")
            steps, values = _thin(_series(rows, "d_accuracy"), chart)
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
        steps, values = _thin(_series(rows, metric, positive_only=log_scale), chart)
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


def _series(rows: list[Row], metric: str, *, positive_only: bool = False) -> Series:
    """Steps and finite values of one metric; a log axis also drops zeros and negatives."""
    steps, values = [], []
    for row in rows:
        value = row.get(metric)
        if value is None or not math.isfinite(value) or (positive_only and value <= 0):
            continue
        steps.append(row["step"])
        values.append(value)
    return steps, values


def _thin(series: tuple[list[float], list[float]], chart: PlotextPlot) -> Series:
    """At most POINTS_PER_COLUMN points per column of the chart, evenly spread, last kept."""
    steps, values = series
    limit = max(POINTS_PER_COLUMN * chart.size.width, 16)
    if len(steps) <= limit:
        return steps, values
    picks = sorted({round(i * (len(steps) - 1) / (limit - 1)) for i in range(limit)})
    return [steps[i] for i in picks], [values[i] for i in picks]


def _title(metric: str) -> str:
    return metric.replace("_", " ")
