"""Colours and glyphs of the GAN field, in one place so the legend and the drawing agree.

The heatmap follows GAN Lab's purple-green diverging scale (purple: D says fake, green: D
says real) but muted and dark, so the light sample glyphs stand out on every cell in light
and dark app themes alike. Every kind of mark also has its own glyph, so the picture still
reads under NO_COLOR, where Textual turns all colours to grey levels.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from rich.color import Color
from rich.style import Style

LEVELS = 33
"""Number of distinct heatmap colours: enough for a smooth ramp, few enough to cache styles."""

# Lightness rises from fake to real (luma about 53, 77, 102), so under NO_COLOR's grey
# levels the heatmap still reads: darker is "fake", lighter is "real".
_FAKE_END = np.array([80.0, 30.0, 100.0])  # D(x) = 0: confidently fake
_MIDDLE = np.array([78.0, 76.0, 84.0])  # D(x) = 0.5: undecided
_REAL_END = np.array([40.0, 140.0, 70.0])  # D(x) = 1: confidently real

REAL_RGB = (150, 255, 150)
FAKE_RGB = (255, 170, 255)
ARROW_RGB = (255, 220, 90)
AXIS_RGB = (150, 150, 150)
CANVAS_RGB = (40, 40, 44)
"""Background where D has no opinion to show (the Dirac-GAN's parameter plane)."""

REAL_GLYPH = "•"
FAKE_GLYPH = "×"
BOTH_GLYPH = "⊗"
STILL_GLYPH = "·"
"""A fake whose gradient is too small to point anywhere: the vanishing-gradient picture."""
ARROWS = ("→", "↗", "↑", "↖", "←", "↙", "↓", "↘")
HALF_BLOCK = "▀"

REAL_BAR = "░"
FAKE_BAR = "▒"
BOTH_BAR = "▓"
CURVE_GLYPH = "─"

TRAJECTORY_GLYPH = "·"
CURRENT_GLYPH = "●"
START_GLYPH = "○"
EQUILIBRIUM_GLYPH = "+"


def _ramp() -> list[tuple[int, int, int]]:
    """Heatmap colours from fake (level 0) through undecided to real (level LEVELS - 1)."""
    colours = []
    for level in range(LEVELS):
        t = level / (LEVELS - 1)
        if t < 0.5:
            rgb = _FAKE_END + (_MIDDLE - _FAKE_END) * (t / 0.5)
        else:
            rgb = _MIDDLE + (_REAL_END - _MIDDLE) * ((t - 0.5) / 0.5)
        colours.append(tuple(round(float(channel)) for channel in rgb))
    return colours


RAMP: list[tuple[int, int, int]] = _ramp()


def levels(values: np.ndarray) -> np.ndarray:
    """D's probabilities mapped to ramp levels; NaN (a diverged field) maps to undecided."""
    clean = np.nan_to_num(values.astype(np.float32), nan=0.5, posinf=1.0, neginf=0.0)
    return np.clip(np.rint(clean * (LEVELS - 1)), 0, LEVELS - 1).astype(np.intp)


def rgb(colour: tuple[int, int, int]) -> Color:
    return Color.from_rgb(*colour)


@cache
def heat_pair(top: int, bottom: int) -> Style:
    """Style of a half-block cell: the upper pixel is the foreground, the lower the background."""
    return Style(color=rgb(RAMP[top]), bgcolor=rgb(RAMP[bottom]))


@cache
def mark(foreground: tuple[int, int, int], background: tuple[int, int, int]) -> Style:
    """Style of a glyph (sample, arrow, bar) drawn over a background colour."""
    return Style(color=rgb(foreground), bgcolor=rgb(background), bold=True)
