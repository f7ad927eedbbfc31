"""Turn one simulator snapshot into terminal lines: heatmap, samples, arrows, legend.

Pure functions of (snapshot, size, options) so that FieldView can cache the result until
the next snapshot, and tests can check exactly which glyph lands in which cell without an app.
Three pictures, chosen by the data: the 2-D plane (D's heatmap in half blocks, two pixel rows
per line, samples and arrows on top), 1-D densities over D's colour, and the Dirac-GAN's
(theta, psi) trajectory around the equilibrium.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from quizzer.tui.widgets import sim_palette as palette
from sim.snapshot import GridField, Snapshot

MAX_ARROWS = 64
"""Arrows drawn at most: the first fakes of the fixed noise batch, so the same points each frame."""
STILL_NORM = 1e-3
"""Below this push (the norm of minus the gradient of the fake's generator loss) a fake is
drawn as still. Measured on the catalogue: a saturating generator facing a confident D gets
1e-4 to 2e-5 per sample, the non-saturating fix 5e-2 to 2e-1, so vanishing gradients show
as dots beside arrows."""

Piece = tuple[str, Style]


@dataclass(frozen=True)
class Area:
    """Where the picture sits inside the widget: a left margin, then width x height cells."""

    left: int
    width: int
    height: int


class _Line:
    """Segments of one line, merging neighbouring cells of the same style into one segment."""

    def __init__(self) -> None:
        self._segments: list[Segment] = []
        self._text: list[str] = []
        self._style: Style | None = None
        self.length = 0

    def add(self, text: str, style: Style) -> None:
        if style is not self._style and self._text:
            self._segments.append(Segment("".join(self._text), self._style))
            self._text = []
        self._style = style
        self._text.append(text)
        self.length += len(text)

    def strip(self, width: int, pad_style: Style) -> Strip:
        if self._text:
            self._segments.append(Segment("".join(self._text), self._style))
            self._text = []
        if self.length < width:
            self._segments.append(Segment(" " * (width - self.length), pad_style))
        return Strip(self._segments, max(width, self.length)).crop(0, width)


def paint(
    snapshot: Snapshot | None,
    width: int,
    height: int,
    *,
    arrows: bool,
    text_style: Style,
) -> list[Strip]:
    """All lines of the field for this size; blank lines until a snapshot exists."""
    if snapshot is None or width < 4 or height < 2:
        return [Strip.blank(width, text_style) for _ in range(height)]
    plot_height = height - 1
    if snapshot.grid is None:
        body, legend = _paint_dirac(snapshot, width, plot_height, text_style)
    elif snapshot.real.shape[1] == 1:
        body, legend = _paint_density(snapshot, snapshot.grid, width, plot_height, text_style)
    else:
        body, legend = _paint_plane(
            snapshot, snapshot.grid, width, plot_height, arrows=arrows, text_style=text_style
        )
    return [*body, _legend_line(legend, width, text_style)]


def square_area(width: int, height: int, x_span: float, y_span: float) -> Area:
    """The largest centred area whose cells keep the data's aspect ratio.

    A terminal cell is about twice as tall as wide, so one line holds two square pixels.
    """
    aspect = x_span / y_span if y_span > 0 else 1.0
    plot_width = max(1, min(width, round(2 * height * aspect)))
    plot_height = max(1, min(height, round(plot_width / (2 * aspect))))
    return Area((width - plot_width) // 2, plot_width, plot_height)


def cell_of(
    points: np.ndarray,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    area: Area,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Column and line of each 2-D point in the area, and which points fall inside it."""
    x_low, x_high = x_range
    y_low, y_high = y_range
    with np.errstate(invalid="ignore"):
        column = np.floor((points[:, 0] - x_low) / (x_high - x_low) * area.width)
        line = np.floor((y_high - points[:, 1]) / (y_high - y_low) * area.height)
        inside = (column >= 0) & (column < area.width) & (line >= 0) & (line < area.height)
    return (
        np.where(inside, column, 0).astype(np.intp),
        np.where(inside, line, 0).astype(np.intp),
        inside,
    )


def arrow_glyph(dx: float, dy: float) -> str:
    """One of eight arrows for a direction (y up), or a still dot when there is no push."""
    if not (math.isfinite(dx) and math.isfinite(dy)) or math.hypot(dx, dy) < STILL_NORM:
        return palette.STILL_GLYPH
    sector = round(math.atan2(dy, dx) / (math.pi / 4)) % 8
    return palette.ARROWS[sector]


def _paint_plane(
    snapshot: Snapshot,
    grid: GridField,
    width: int,
    height: int,
    *,
    arrows: bool,
    text_style: Style,
) -> tuple[list[Strip], list[Piece]]:
    x_range, y_range = grid.x_range, grid.y_range
    area = square_area(width, height, x_range[1] - x_range[0], y_range[1] - y_range[0])
    heat = _resampled_levels(grid.values, area)

    real_col, real_line, real_in = cell_of(snapshot.real, x_range, y_range, area)
    fake_col, fake_line, fake_in = cell_of(snapshot.fake, x_range, y_range, area)
    has_real = np.zeros((area.height, area.width), dtype=bool)
    has_fake = np.zeros((area.height, area.width), dtype=bool)
    has_real[real_line[real_in], real_col[real_in]] = True
    has_fake[fake_line[fake_in], fake_col[fake_in]] = True

    arrow_at: dict[tuple[int, int], str] = {}
    if arrows and snapshot.grad is not None:
        for index in np.flatnonzero(fake_in)[:MAX_ARROWS]:
            dx, dy = snapshot.grad[index]
            arrow_at[(int(fake_line[index]), int(fake_col[index]))] = arrow_glyph(dx, dy)

    lines = []
    for line_index in range(height):
        line = _Line()
        line.add(" " * area.left, text_style)
        if line_index < area.height:
            tops, bottoms = heat[2 * line_index], heat[2 * line_index + 1]
            for column in range(area.width):
                top, bottom = int(tops[column]), int(bottoms[column])
                glyph = _sample_glyph(
                    has_real[line_index, column],
                    has_fake[line_index, column],
                    arrow_at.get((line_index, column)),
                )
                if glyph is None:
                    line.add(palette.HALF_BLOCK, palette.heat_pair(top, bottom))
                else:
                    text, colour = glyph
                    background = palette.RAMP[(top + bottom) // 2]
                    line.add(text, palette.mark(colour, background))
        lines.append(line.strip(width, text_style))

    off_field = int((~fake_in).sum())
    legend = _plane_legend(snapshot, x_range, y_range, arrows, off_field, text_style)
    return lines, legend


def _resampled_levels(values: np.ndarray, area: Area) -> np.ndarray:
    """D's grid resampled (nearest cell) to two pixel rows per line, top row first."""
    grid_height, grid_width = values.shape
    pixel_rows = 2 * area.height
    rows = ((np.arange(pixel_rows) + 0.5) / pixel_rows * grid_height).astype(np.intp)
    columns = ((np.arange(area.width) + 0.5) / area.width * grid_width).astype(np.intp)
    flipped = values[::-1]  # row 0 of the grid is the bottom; row 0 on screen is the top
    return palette.levels(flipped[np.ix_(rows, columns)])


def _sample_glyph(
    real: bool, fake: bool, arrow: str | None
) -> tuple[str, tuple[int, int, int]] | None:
    if arrow is not None:
        return arrow, palette.ARROW_RGB
    if real and fake:
        return palette.BOTH_GLYPH, palette.ARROW_RGB
    if real:
        return palette.REAL_GLYPH, palette.REAL_RGB
    if fake:
        return palette.FAKE_GLYPH, palette.FAKE_RGB
    return None


def _plane_legend(
    snapshot: Snapshot,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    arrows: bool,
    off_field: int,
    text_style: Style,
) -> list[Piece]:
    canvas = palette.CANVAS_RGB
    pieces: list[Piece] = [
        (palette.REAL_GLYPH, palette.mark(palette.REAL_RGB, canvas)),
        (" real ", text_style),
        (palette.FAKE_GLYPH, palette.mark(palette.FAKE_RGB, canvas)),
        (" fake ", text_style),
    ]
    if arrows and snapshot.grad is not None:
        arrow_style = palette.mark(palette.ARROW_RGB, canvas)
        pieces += [(palette.ARROWS[0], arrow_style), (" push ", text_style)]
        pieces += [(palette.STILL_GLYPH, arrow_style), (" none ", text_style)]
    pieces += [(" D: fake", text_style), *_ramp_pieces(), ("real ", text_style)]
    pieces.append((f" x{_span(x_range)} y{_span(y_range)}", text_style))
    if off_field:
        pieces.append((f" {off_field} fakes off-field", text_style))
    return pieces


def _ramp_pieces() -> list[Piece]:
    steps = 5
    return [
        (" ", palette.heat_pair(level, level))
        for level in (round(i * (palette.LEVELS - 1) / (steps - 1)) for i in range(steps))
    ]


def _span(value_range: tuple[float, float]) -> str:
    low, high = value_range
    return f"[{low:.3g},{high:.3g}]"


def _paint_density(
    snapshot: Snapshot, grid: GridField, width: int, height: int, text_style: Style
) -> tuple[list[Strip], list[Piece]]:
    """1-D data: real and fake histograms as bars over D's colour, D(x) as a curve."""
    x_low, x_high = grid.x_range
    edges = np.linspace(x_low, x_high, width + 1)
    real_counts = _density(snapshot.real[:, 0], edges)
    fake_counts = _density(snapshot.fake[:, 0], edges)
    top = max(float(real_counts.max()), float(fake_counts.max()), 1e-12)
    real_height = _bar_heights(real_counts / top, height)
    fake_height = _bar_heights(fake_counts / top, height)

    row_values = grid.values[0]
    columns = ((np.arange(width) + 0.5) / width * row_values.size).astype(np.intp)
    d_at = np.nan_to_num(row_values[columns].astype(np.float64), nan=0.5)
    column_levels = palette.levels(d_at)
    curve_line = np.rint((1.0 - np.clip(d_at, 0.0, 1.0)) * (height - 1)).astype(np.intp)

    lines = []
    for line_index in range(height):
        line = _Line()
        level_from_bottom = height - line_index
        for column in range(width):
            level = int(column_levels[column])
            background = palette.RAMP[level]
            real = real_height[column] >= level_from_bottom
            fake = fake_height[column] >= level_from_bottom
            if real and fake:
                line.add(palette.BOTH_BAR, palette.mark(palette.ARROW_RGB, background))
            elif real:
                line.add(palette.REAL_BAR, palette.mark(palette.REAL_RGB, background))
            elif fake:
                line.add(palette.FAKE_BAR, palette.mark(palette.FAKE_RGB, background))
            elif curve_line[column] == line_index:
                line.add(palette.CURVE_GLYPH, palette.mark(palette.ARROW_RGB, background))
            else:
                line.add(" ", palette.heat_pair(level, level))
        lines.append(line.strip(width, text_style))

    canvas = palette.CANVAS_RGB
    legend: list[Piece] = [
        (palette.REAL_BAR, palette.mark(palette.REAL_RGB, canvas)),
        (" real ", text_style),
        (palette.FAKE_BAR, palette.mark(palette.FAKE_RGB, canvas)),
        (" fake ", text_style),
        (palette.BOTH_BAR, palette.mark(palette.ARROW_RGB, canvas)),
        (" both ", text_style),
        (palette.CURVE_GLYPH, palette.mark(palette.ARROW_RGB, canvas)),
        (" D(x) ", text_style),
        (f" x{_span(grid.x_range)}", text_style),
    ]
    return lines, legend


def _density(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    finite = values[np.isfinite(values)]
    counts, _ = np.histogram(finite, bins=edges)
    return counts / max(len(values), 1)


def _bar_heights(fractions: np.ndarray, height: int) -> np.ndarray:
    """Bar height in lines; a bin with any sample shows at least one line."""
    heights = np.rint(fractions * height).astype(np.intp)
    return np.where((fractions > 0) & (heights == 0), 1, heights)


def _paint_dirac(
    snapshot: Snapshot, width: int, height: int, text_style: Style
) -> tuple[list[Strip], list[Piece]]:
    """Dirac-GAN: the (theta, psi) path so far, the start, the current point, the equilibrium."""
    path = snapshot.fake[np.isfinite(snapshot.fake).all(axis=1)]
    reach = float(np.abs(path).max()) if len(path) else 1.0
    radius = max(1.15 * reach, 0.25)
    value_range = (-radius, radius)
    area = square_area(width, height, 2 * radius, 2 * radius)
    canvas = palette.CANVAS_RGB

    cells: dict[tuple[int, int], tuple[str, tuple[int, int, int]]] = {}
    origin = np.zeros((1, 2))
    origin_col, origin_line, _ = cell_of(origin, value_range, value_range, area)
    axis_column, axis_line = int(origin_col[0]), int(origin_line[0])
    for column in range(area.width):
        cells[(axis_line, column)] = ("─", palette.AXIS_RGB)
    for line_index in range(area.height):
        cells[(line_index, axis_column)] = ("│", palette.AXIS_RGB)
    cells[(axis_line, axis_column)] = ("┼", palette.AXIS_RGB)

    columns, lines_of, inside = cell_of(path, value_range, value_range, area)
    for column, line_index in zip(columns[inside], lines_of[inside], strict=True):
        cells[(int(line_index), int(column))] = (palette.TRAJECTORY_GLYPH, palette.FAKE_RGB)
    cells[(axis_line, axis_column)] = (palette.EQUILIBRIUM_GLYPH, palette.REAL_RGB)
    if len(path):
        ends = cell_of(path[[0, -1]], value_range, value_range, area)
        start_cell = (int(ends[1][0]), int(ends[0][0]))
        now_cell = (int(ends[1][1]), int(ends[0][1]))
        cells[start_cell] = (palette.START_GLYPH, palette.FAKE_RGB)
        cells[now_cell] = (palette.CURRENT_GLYPH, palette.FAKE_RGB)

    canvas_style = palette.mark(canvas, canvas)
    strips = []
    for line_index in range(height):
        line = _Line()
        line.add(" " * area.left, text_style)
        if line_index < area.height:
            for column in range(area.width):
                mark = cells.get((line_index, column))
                if mark is None:
                    line.add(" ", canvas_style)
                else:
                    line.add(mark[0], palette.mark(mark[1], canvas))
        strips.append(line.strip(width, text_style))

    legend: list[Piece] = [
        (palette.EQUILIBRIUM_GLYPH, palette.mark(palette.REAL_RGB, canvas)),
        (" equilibrium ", text_style),
        (palette.START_GLYPH, palette.mark(palette.FAKE_RGB, canvas)),
        (" start ", text_style),
        (palette.CURRENT_GLYPH, palette.mark(palette.FAKE_RGB, canvas)),
        (" (θ, ψ) now ", text_style),
        (f" θ,ψ{_span(value_range)}", text_style),
    ]
    return strips, legend


def _legend_line(pieces: Iterable[Piece], width: int, text_style: Style) -> Strip:
    """As many legend pieces as fit, in order; a piece never gets cut in half."""
    line = _Line()
    for text, style in pieces:
        if line.length + len(text) > width:
            break
        line.add(text, style)
    return line.strip(width, text_style)
