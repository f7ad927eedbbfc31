"""The item analysis report: statistics, option use and flags, as JSON or an aligned table.

Flags (thresholds chosen from Moodle's facility and discrimination guidance):

* `likely_miskeyed`: discrimination index below 0: students who do well on the rest of the
  test get this item wrong more often than those who do badly, the signature of a wrong key.
* `too_easy`: facility above 0.90: nearly everyone is right, so it tells students apart little.
* `too_hard`: facility below 0.20: under what guessing gives on a four-option item (0.25), so
  the item is confusing or keyed wrongly rather than hard.

An option is non-functioning when it is a wrong option chosen by under 5% of the students
who answered (a distractor nobody finds plausible). For multiple-answer items a student
scores 1 only when the chosen set equals the key (no partial credit), and an option's
fraction counts every student whose chosen set includes it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from quizzer.analytics.item_analysis import TestStatistics, analyse_scores
from quizzer.analytics.responses import ResponseMatrix, letters_mask

TOO_EASY_ABOVE = 0.90
TOO_HARD_BELOW = 0.20
NON_FUNCTIONING_BELOW = 0.05


@dataclass(frozen=True)
class OptionResult:
    key: str
    fraction: float
    non_functioning: bool
    correct: bool


@dataclass(frozen=True)
class ItemResult:
    question_id: str
    n_answered: int
    facility: float
    sd: float
    discrimination_index: float
    discriminative_efficiency: float
    upper_lower_index: float
    point_biserial: float
    options: list[OptionResult]
    flags: list[str]


@dataclass(frozen=True)
class ItemAnalysis:
    test: TestStatistics
    items: list[ItemResult]


def analyse(matrix: ResponseMatrix) -> ItemAnalysis:
    """Run the statistics on a response matrix and attach option use and flags."""
    test, stats = analyse_scores(matrix.scores)
    answered_rows = ~np.isnan(matrix.scores).all(axis=1)
    answered = ~np.isnan(matrix.scores[answered_rows])
    chosen = matrix.chosen[answered_rows]
    results = []
    for index, item in enumerate(matrix.items):
        count = int(stats.n_answered[index])
        column = chosen[answered[:, index], index]
        key_mask = letters_mask(item.key) if item.key is not None else None
        options = []
        for bit, letter in enumerate(item.option_keys):
            picked = int(((column >> bit) & 1).sum())
            fraction = picked / count if count else math.nan
            is_correct = key_mask is not None and bool(key_mask >> bit & 1)
            options.append(
                OptionResult(
                    key=letter,
                    fraction=fraction,
                    non_functioning=bool(
                        key_mask is not None
                        and not is_correct
                        and count > 0
                        and fraction < NON_FUNCTIONING_BELOW
                    ),
                    correct=is_correct,
                )
            )
        facility = float(stats.facility[index])
        discrimination = float(stats.discrimination_index[index])
        flags = []
        if discrimination < 0:
            flags.append("likely_miskeyed")
        if facility > TOO_EASY_ABOVE:
            flags.append("too_easy")
        if facility < TOO_HARD_BELOW:
            flags.append("too_hard")
        results.append(
            ItemResult(
                question_id=item.question_id,
                n_answered=count,
                facility=facility,
                sd=float(stats.sd[index]),
                discrimination_index=discrimination,
                discriminative_efficiency=float(stats.discriminative_efficiency[index]),
                upper_lower_index=float(stats.upper_lower_index[index]),
                point_biserial=float(stats.point_biserial[index]),
                options=options,
                flags=flags,
            )
        )
    return ItemAnalysis(test=test, items=results)


def _number(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), 6)


def to_json(analysis: ItemAnalysis) -> dict:
    """Exactly the keys of the CLI contract; NaN (undefined) becomes null."""
    test = analysis.test
    return {
        "test": {
            "n_students": test.n_students,
            "n_items": test.n_items,
            "mean": _number(test.mean),
            "median": _number(test.median),
            "sd": _number(test.sd),
            "skewness": _number(test.skewness),
            "kurtosis": _number(test.kurtosis),
            "cronbach_alpha": _number(test.cronbach_alpha),
            "error_ratio": _number(test.error_ratio),
            "standard_error": _number(test.standard_error),
        },
        "items": [
            {
                "question_id": item.question_id,
                "facility": _number(item.facility),
                "sd": _number(item.sd),
                "discrimination_index": _number(item.discrimination_index),
                "discriminative_efficiency": _number(item.discriminative_efficiency),
                "upper_lower_index": _number(item.upper_lower_index),
                "point_biserial": _number(item.point_biserial),
                "options": [
                    {
                        "key": option.key,
                        "fraction": _number(option.fraction),
                        "non_functioning": option.non_functioning,
                    }
                    for option in item.options
                ],
                "flags": list(item.flags),
            }
            for item in analysis.items
        ],
    }


def _cell(value: float, digits: int = 2) -> str:
    return "-" if not math.isfinite(value) else f"{value:.{digits}f}"


def format_table(analysis: ItemAnalysis) -> str:
    """The human report: test summary, then one aligned row per item."""
    test = analysis.test
    lines = [
        f"Students {test.n_students}   Items {test.n_items}",
        f"Mean {_cell(test.mean * 100, 1)}%   Median {_cell(test.median * 100, 1)}%   "
        f"SD {_cell(test.sd * 100, 1)}%   Skewness {_cell(test.skewness)}   "
        f"Kurtosis {_cell(test.kurtosis)}",
        f"Cronbach's alpha {_cell(test.cronbach_alpha)}   "
        f"Error ratio {_cell(test.error_ratio)}   "
        f"Standard error {_cell(test.standard_error * 100, 1)}%",
        "",
    ]
    header = [
        "question",
        "n",
        "facility",
        "sd",
        "disc",
        "eff",
        "U-L27",
        "pt-bis",
        "options",
        "flags",
    ]
    rows = [header]
    for item in analysis.items:
        options = " ".join(
            f"{o.key}{'*' if o.correct else ''}{_cell(o.fraction * 100, 0)}"
            f"{'!' if o.non_functioning else ''}"
            for o in item.options
        )
        rows.append(
            [
                item.question_id,
                str(item.n_answered),
                _cell(item.facility),
                _cell(item.sd),
                _cell(item.discrimination_index),
                _cell(item.discriminative_efficiency),
                _cell(item.upper_lower_index),
                _cell(item.point_biserial),
                options,
                ", ".join(f.replace("_", " ") for f in item.flags),
            ]
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    numeric = set(range(1, 8))
    for row in rows:
        cells = [
            cell.rjust(width) if index in numeric else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    lines += [
        "",
        "options: letter, * = key, % of students choosing it, ! = non-functioning (<5%)",
    ]
    return "\n".join(lines)
