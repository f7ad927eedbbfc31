"""FieldView and its painter on hand-built snapshots: each mark lands in the cell it should.

The snapshots are plain numpy arrays in the simulator's own `Snapshot` type, so these tests
exercise the real drawing code without training anything.
"""

from __future__ import annotations

import numpy as np
from rich.style import Style
from textual.app import App, ComposeResult
from textual.strip import Strip

from quizzer.tui.widgets import sim_palette as palette
from quizzer.tui.widgets.field_view import FieldView
from quizzer.tui.widgets.sim_field_paint import arrow_glyph, paint
from sim.snapshot import GridField, Snapshot

PLAIN = Style()


def plane(
    real: list[tuple[float, float]],
    fake: list[tuple[float, float]],
    grad: list[tuple[float, float]] | None = None,
    values: np.ndarray | None = None,
) -> Snapshot:
    """A 2-D snapshot on the square [-1, 1]^2."""
    grid_values = values if values is not None else np.full((8, 8), 0.5, dtype=np.float32)
    return Snapshot(
        step=7,
        status="ok",
        diverged_at=None,
        real=np.array(real, dtype=np.float32).reshape(-1, 2),
        fake=np.array(fake, dtype=np.float32).reshape(-1, 2),
        grid=GridField(x_range=(-1.0, 1.0), y_range=(-1.0, 1.0), values=grid_values),
        grad=None if grad is None else np.array(grad, dtype=np.float32).reshape(-1, 2),
    )


def text_of(strip: Strip) -> str:
    return "".join(segment.text for segment in strip)


def cell(strips: list[Strip], line: int, column: int) -> tuple[str, Style | None]:
    """The character at a cell and its style."""
    position = 0
    for segment in strips[line]:
        if position + len(segment.text) > column:
            return segment.text[column - position], segment.style
        position += len(segment.text)
    raise IndexError(column)


# A 20 x 11 widget: 10 plot lines (20 pixel rows) by 20 columns, then the legend line.
WIDTH, HEIGHT = 20, 11


def test_real_and_fake_samples_land_in_their_cells_with_distinct_glyphs() -> None:
    snapshot = plane(real=[(-0.95, 0.95)], fake=[(0.95, -0.95)])
    strips = paint(snapshot, WIDTH, HEIGHT, arrows=False, text_style=PLAIN)

    assert len(strips) == HEIGHT
    assert cell(strips, 0, 0)[0] == palette.REAL_GLYPH
    assert cell(strips, 9, 19)[0] == palette.FAKE_GLYPH
    # Everything else in the plot is heatmap.
    assert text_of(strips[0])[1:] == palette.HALF_BLOCK * (WIDTH - 1)
    assert text_of(strips[5]) == palette.HALF_BLOCK * WIDTH


def test_real_and_fake_in_one_cell_get_a_third_glyph() -> None:
    snapshot = plane(real=[(0.05, 0.05)], fake=[(0.06, 0.04)])
    strips = paint(snapshot, WIDTH, HEIGHT, arrows=False, text_style=PLAIN)
    assert cell(strips, 4, 10)[0] == palette.BOTH_GLYPH


def test_samples_outside_the_field_are_dropped_and_counted() -> None:
    snapshot = plane(real=[], fake=[(5.0, 0.0), (0.0, -7.0)])
    strips = paint(snapshot, 80, HEIGHT, arrows=False, text_style=PLAIN)
    assert palette.FAKE_GLYPH not in "".join(text_of(strip) for strip in strips[:-1])
    assert "2 fakes off-field" in text_of(strips[-1])


def test_heatmap_colours_follow_the_discriminator_and_grid_row_zero_is_the_bottom() -> None:
    values = np.zeros((8, 8), dtype=np.float32)
    values[4:, :] = 1.0  # the upper half of the plane (rows 4..7, y > 0) looks real to D
    strips = paint(plane([], [], values=values), WIDTH, HEIGHT, arrows=False, text_style=PLAIN)

    top_char, top_style = cell(strips, 0, 3)
    bottom_char, bottom_style = cell(strips, 9, 3)
    assert top_char == bottom_char == palette.HALF_BLOCK
    real_colour, fake_colour = palette.rgb(palette.RAMP[-1]), palette.rgb(palette.RAMP[0])
    assert top_style.color == real_colour and top_style.bgcolor == real_colour
    assert bottom_style.color == fake_colour and bottom_style.bgcolor == fake_colour


def test_half_blocks_give_two_pixel_rows_per_line() -> None:
    values = np.zeros((20, 8), dtype=np.float32)
    # Grid rows 11..19 (y > 0.1) look real: on screen pixel rows 0..8, so the boundary falls
    # between the two pixels of line 4 (pixel rows 8 and 9).
    values[11:, :] = 1.0
    strips = paint(plane([], [], values=values), WIDTH, HEIGHT, arrows=False, text_style=PLAIN)
    _, style = cell(strips, 4, 0)
    assert style.color == palette.rgb(palette.RAMP[-1])  # upper pixel: real
    assert style.bgcolor == palette.rgb(palette.RAMP[0])  # lower pixel: fake


def test_gradient_arrows_point_the_way_the_fakes_are_pushed_only_when_asked() -> None:
    snapshot = plane(
        real=[],
        fake=[(-0.95, 0.95), (0.95, 0.95), (0.05, 0.05)],
        grad=[(1.0, 0.0), (0.0, 1.0), (-1.0, -1.0)],
    )
    with_arrows = paint(snapshot, WIDTH, HEIGHT, arrows=True, text_style=PLAIN)
    assert cell(with_arrows, 0, 0)[0] == "→"
    assert cell(with_arrows, 0, 19)[0] == "↑"  # y points up on screen
    assert cell(with_arrows, 4, 10)[0] == "↙"
    without = paint(snapshot, WIDTH, HEIGHT, arrows=False, text_style=PLAIN)
    assert cell(without, 0, 0)[0] == palette.FAKE_GLYPH


def test_arrow_glyph_sectors_and_a_vanished_gradient() -> None:
    angles = np.arange(8) * np.pi / 4
    glyphs = [arrow_glyph(float(np.cos(a)), float(np.sin(a))) for a in angles]
    assert glyphs == list(palette.ARROWS)
    assert arrow_glyph(1e-9, 0.0) == palette.STILL_GLYPH
    assert arrow_glyph(0.0, -5e-4) == palette.STILL_GLYPH  # a vanished push: no direction
    assert arrow_glyph(0.0, -5e-2) == "↓"
    assert arrow_glyph(float("nan"), 1.0) == palette.STILL_GLYPH


def test_every_mark_has_its_own_glyph_so_no_color_still_reads() -> None:
    marks = [palette.REAL_GLYPH, palette.FAKE_GLYPH, palette.BOTH_GLYPH, *palette.ARROWS]
    marks += [palette.HALF_BLOCK, palette.STILL_GLYPH]
    assert len(set(marks)) == len(marks)
    assert len({palette.REAL_BAR, palette.FAKE_BAR, palette.BOTH_BAR}) == 3


def test_one_dimensional_data_draws_density_bars() -> None:
    real = np.full((100, 1), -0.9, dtype=np.float32)  # all real mass in the first column
    fake = np.full((100, 1), 0.9, dtype=np.float32)  # all fake mass in the last column
    snapshot = Snapshot(
        step=1,
        status="ok",
        diverged_at=None,
        real=real,
        fake=fake,
        grid=GridField((-1.0, 1.0), (0.0, 1.0), np.full((1, 10), 0.5, dtype=np.float32)),
        grad=None,
    )
    strips = paint(snapshot, 10, 6, arrows=False, text_style=PLAIN)
    bottom = text_of(strips[4])
    assert bottom[0] == palette.REAL_BAR and bottom[9] == palette.FAKE_BAR
    assert text_of(strips[0])[0] == palette.REAL_BAR  # a full-height bar
    assert palette.REAL_BAR in text_of(strips[5])  # the legend explains the glyphs


def test_dirac_trajectory_shows_start_path_current_point_and_equilibrium() -> None:
    path = np.array([[1.0, 1.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]], dtype=np.float32)
    snapshot = Snapshot(
        step=30,
        status="ok",
        diverged_at=None,
        real=np.zeros((1, 2), dtype=np.float32),
        fake=path,
        grid=None,
        grad=None,
    )
    strips = paint(snapshot, 24, 13, arrows=True, text_style=PLAIN)
    plot = "".join(text_of(strip) for strip in strips[:-1])
    for glyph in (
        palette.START_GLYPH,
        palette.CURRENT_GLYPH,
        palette.EQUILIBRIUM_GLYPH,
        palette.TRAJECTORY_GLYPH,
    ):
        assert plot.count(glyph) >= 1
    # The radius is 1.15 around (0, 0): the current point (0, -1) sits below the equilibrium.
    centre_line = next(i for i, s in enumerate(strips) if palette.EQUILIBRIUM_GLYPH in text_of(s))
    current_line = next(i for i, s in enumerate(strips) if palette.CURRENT_GLYPH in text_of(s))
    start_line = next(i for i, s in enumerate(strips) if palette.START_GLYPH in text_of(s))
    assert start_line < centre_line < current_line


class FieldHost(App[None]):
    def compose(self) -> ComposeResult:
        yield FieldView()


async def test_field_view_widget_draws_a_given_snapshot_and_toggles_arrows() -> None:
    app = FieldHost()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        field = app.query_one(FieldView)
        assert text_of(field.render_line(0)).strip() == ""  # nothing to show yet
        snapshot = plane(real=[(-0.95, 0.95)], fake=[(0.95, -0.95)], grad=[(0.0, -1.0)])
        field.show(snapshot)
        await pilot.pause()
        assert text_of(field.render_line(0))[0] == palette.REAL_GLYPH
        assert text_of(field.render_line(9))[19] == palette.FAKE_GLYPH
        field.show_arrows = True
        await pilot.pause()
        assert text_of(field.render_line(9))[19] == "↓"
        # The same snapshot again costs nothing: the cached lines are reused.
        cached = field.render_line(9)
        field.show(snapshot)
        assert field.render_line(9) is cached


def test_heatmap_lightness_rises_from_fake_to_real_so_grey_levels_still_read() -> None:
    def luma(rgb: tuple[int, int, int]) -> float:
        red, green, blue = rgb
        return 0.299 * red + 0.587 * green + 0.114 * blue

    lightness = [luma(colour) for colour in palette.RAMP]
    assert lightness == sorted(lightness)
    assert lightness[-1] - lightness[0] > 40
    # Sample glyphs stay much lighter than any heatmap cell they sit on.
    assert min(luma(palette.REAL_RGB), luma(palette.FAKE_RGB)) > lightness[-1] + 80
