"""`quizzer sim list` and `quizzer sim run`: the simulator, headless.

`sim list` reads only the torch-free catalogue, so it answers instantly. `sim run` imports the
trainer (and torch) only when called, consumes the same snapshot stream the TUI draws, and
prints a table, or JSON, or writes the arrays to an .npz file.

JSON of a run: one object with `scenario`, `seed`, `steps` (the steps asked for), `status`
("ok" or "diverged"), `diverged_at` (a step or null), `final` (metric -> value), `history`
(a list of `{step, metric..., diverged}`, rows as `sim.snapshot.history_row` builds them, where
`diverged` is 0 or 1), and `signature` / `signature_holds` (the scenario's numeric checks on
that history). NaN and inf become null, so the output is strict JSON.
With `--compare`: an object `{"scenario": <run>, "fix": <run>}` with the same run shape.

`--export FILE.npz` writes `real`, `fake` (the last frame's samples: N x 2 for 2-D data,
N x 1 for 1-D data, the (theta, psi) trajectory for the Dirac-GAN), `step` and one array per
metric of the history (NaN where a snapshot lacks that metric). With `--compare` the fix's
arrays are added with a `fix_` prefix (`fix_real`, `fix_fake`, `fix_step`, `fix_<metric>`).
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from quizzer.errors import QuizzerError
from sim.config import SimConfig, apply_overrides, make_config
from sim.scenarios import SCENARIOS, Scenario, get_scenario
from sim.snapshot import Snapshot, history_row

MAX_SEED = 2**60 - 1  # the trainer derives per-purpose torch seeds from it
PROGRESS_WIDTH = 30


# --- sim list -----------------------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    """Print the catalogue, one scenario a line (or as JSON), without importing torch."""
    scenarios = list(SCENARIOS.values())
    # A bare `quizzer sim` also lands here, without the list subcommand's --json option.
    if getattr(args, "json", False):
        rows = [
            {"id": s.id, "failure_mode": s.failure_mode, "title": s.title, "fix": s.fix}
            for s in scenarios
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    id_width = max(len(s.id) for s in scenarios)
    mode_width = max(len(s.failure_mode) for s in scenarios)
    description_width: int | None = None
    if sys.stdout.isatty():
        # On a terminal, lines fit the window rather than wrap: the failure mode gets up to
        # two fifths of what the ids leave, the description the rest. Piped output (and
        # --json) keeps every field whole.
        room = shutil.get_terminal_size().columns - id_width - 4
        descriptions = (_described(s) for s in scenarios)
        if mode_width + max(len(d) for d in descriptions) > room:
            mode_width = min(mode_width, max(room * 2 // 5, 8))
            description_width = max(room - mode_width, 8)
    for scenario in scenarios:
        mode = _cut(scenario.failure_mode, mode_width)
        description = _cut(_described(scenario), description_width)
        print(f"{scenario.id:<{id_width}}  {mode:<{mode_width}}  {description}".rstrip())
    return 0


def _described(scenario: Scenario) -> str:
    """The list's one-line description: the title, and the id of the fix if there is one."""
    return scenario.title + (f"  (fix: {scenario.fix})" if scenario.fix else "")


def _cut(text: str, width: int | None) -> str:
    """text, ending in an ellipsis if it is longer than width (None: no limit)."""
    if width is None or len(text) <= width:
        return text
    return text[: width - 1] + "…"


# --- sim run ------------------------------------------------------------------------------------


@dataclass
class RunRecord:
    """What one run left behind: its metric history and its last snapshot."""

    scenario: Scenario
    config: SimConfig
    seed: int
    history: list[dict[str, float]] = field(default_factory=list)
    last: Snapshot | None = None

    def add(self, snapshot: Snapshot) -> None:
        self.history.append(history_row(snapshot))
        self.last = snapshot

    @property
    def status(self) -> str:
        return self.last.status if self.last is not None else "ok"

    @property
    def diverged_at(self) -> int | None:
        return self.last.diverged_at if self.last is not None else None

    @property
    def final(self) -> dict[str, float]:
        return dict(self.last.metrics) if self.last is not None else {}

    def signature_rows(self) -> list[tuple[str, float, bool]]:
        """Each signature check as (description, value read, holds)."""
        return [
            (str(check), check.read(self.history), check.holds(self.history))
            for check in self.scenario.signature
        ]


def run_run(args: argparse.Namespace) -> int:
    """Run a scenario (and with --compare its fix) and report metrics, JSON or arrays."""
    scenario = get_scenario(args.scenario)
    seed = _checked_seed(args.seed)
    runs = [(scenario, _config_for(scenario, args.set, args.steps))]
    if args.compare:
        if scenario.fix is None:
            raise QuizzerError(f"scenario {scenario.id!r} has no fix to compare with")
        fix = get_scenario(scenario.fix)
        fix_config = _config_for(fix, args.set, args.steps)
        # Both runs advance in one lockstep batch, so both run the longer of the two.
        steps = max(runs[0][1].steps, fix_config.steps)
        runs = [
            (scenario, _config_for(scenario, args.set, steps)),
            (fix, _config_for(fix, args.set, steps)),
        ]
    if args.export is not None:
        _check_writable(args.export)

    records = _train_all(runs, seed, sys.stderr)

    if args.export is not None:
        _export(args.export, records)
    if args.json:
        document = (
            run_json(records[0])
            if len(records) == 1
            else {"scenario": run_json(records[0]), "fix": run_json(records[1])}
        )
        print(json.dumps(document, indent=2, allow_nan=False, ensure_ascii=False))
    else:
        _print_table(records, sys.stdout)
    return 0


def _checked_seed(seed: int) -> int:
    if not 0 <= seed <= MAX_SEED:
        raise QuizzerError(f"--seed must be between 0 and {MAX_SEED}, got {seed}")
    return seed


def _config_for(scenario: Scenario, assignments: Sequence[str], steps: int | None) -> SimConfig:
    """The scenario's config with `--set` overrides and `--steps` applied, all validated."""
    config = apply_overrides(scenario.config, assignments)
    if steps is None:
        return config
    if steps < 1:
        raise QuizzerError(f"--steps must be at least 1, got {steps}")
    return make_config(**{**config.model_dump(), "steps": steps})


def _check_writable(path: Path) -> None:
    """Fail before training, not after, when the export file cannot be written."""
    if path.is_dir():
        raise QuizzerError(f"--export {path}: is a directory")
    if not path.parent.is_dir():
        raise QuizzerError(f"--export {path}: folder {path.parent} does not exist")


def _train_all(
    runs: Sequence[tuple[Scenario, SimConfig]], seed: int, progress_to: TextIO
) -> list[RunRecord]:
    """Consume the trainer's snapshot stream for all runs at once (one batch, lockstep).

    `train` is `train_batch` with a batch of one, so a single run reads exactly the stream
    the TUI draws; with `--compare` the scenario and its fix advance in one loop, sharing
    stacked tensor ops when their network structure matches (the trainer decides).
    """
    from sim.trainer import train_batch

    records = [RunRecord(scenario, config, seed) for scenario, config in runs]
    label = " vs ".join(record.scenario.id for record in records)
    progress = _Progress(progress_to, total=max(record.config.steps for record in records))
    try:
        # closing(): Ctrl-C mid-run still runs the trainer's own clean-up.
        with closing(train_batch([record.config for record in records], seed)) as stream:
            for frames in stream:
                for record, snapshot in zip(records, frames, strict=True):
                    record.add(snapshot)
                progress.show(label, frames[0].step)
    finally:
        progress.clear()
    return records


class _Progress:
    """A one-line `\\r` progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, stream: TextIO, total: int) -> None:
        self.stream = stream
        self.total = max(total, 1)
        self.enabled = stream.isatty()
        self.drawn = False

    def show(self, label: str, done: int) -> None:
        if not self.enabled:
            return
        fraction = min(done / self.total, 1.0)
        filled = round(fraction * PROGRESS_WIDTH)
        bar = "#" * filled + "." * (PROGRESS_WIDTH - filled)
        self.stream.write(f"\r{label} [{bar}] {done}/{self.total}")
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.drawn = False


# --- output -------------------------------------------------------------------------------------


def _json_number(value: float) -> float | None:
    """A JSON-safe number: NaN and inf become null, which strict JSON parsers accept."""
    number = float(value)
    if not math.isfinite(number):
        return None
    return number


def _json_metrics(metrics: Mapping[str, float]) -> dict[str, float | None]:
    return {name: _json_number(value) for name, value in metrics.items()}


def run_json(record: RunRecord) -> dict[str, Any]:
    """One run as the JSON object documented above; every number is finite or null."""
    history = []
    for row in record.history:
        entry: dict[str, Any] = {"step": int(row["step"])}
        entry.update(_json_metrics({k: v for k, v in row.items() if k != "step"}))
        history.append(entry)
    signature = [
        {"check": text, "value": _json_number(value), "holds": holds}
        for text, value, holds in record.signature_rows()
    ]
    return {
        "scenario": record.scenario.id,
        "seed": record.seed,
        "steps": record.config.steps,
        "status": record.status,
        "diverged_at": record.diverged_at,
        "final": _json_metrics(record.final),
        "history": history,
        "signature": signature,
        "signature_holds": all(row["holds"] for row in signature),
    }


def _format_value(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "-"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.4g}"


def _print_table(records: Sequence[RunRecord], out: TextIO) -> None:
    """Final metrics side by side (one column per run), then each run's signature checks."""
    for record in records:
        state = record.status
        if record.diverged_at is not None:
            state += f" at step {record.diverged_at}"
        print(
            f"{record.scenario.id}: {record.scenario.title} "
            f"(seed {record.seed}, {record.config.steps} steps) - {state}",
            file=out,
        )
    names = list(dict.fromkeys(name for record in records for name in record.final))
    if names:
        headers = ["metric", *(record.scenario.id for record in records)]
        rows = [
            [name, *(_format_value(record.final.get(name)) for record in records)] for name in names
        ]
        _print_columns([headers, *rows], out)
    for record in records:
        checks = record.signature_rows()
        seen = "yes" if all(holds for _, _, holds in checks) else "no"
        print(f"\n{record.scenario.id} signature seen: {seen}", file=out)
        for text, value, holds in checks:
            print(f"  [{'x' if holds else ' '}] {text}  (got {_format_value(value)})", file=out)


def _print_columns(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    print(file=out)
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        print("  ".join(cells).rstrip(), file=out)


def _history_arrays(record: RunRecord) -> dict[str, np.ndarray]:
    """One float array per metric over the snapshots (NaN where a snapshot lacks it)."""
    names: Iterable[str] = dict.fromkeys(name for row in record.history for name in row)
    return {
        name: np.array([row.get(name, math.nan) for row in record.history], dtype=np.float64)
        for name in names
        if name != "step"
    }


def _export(path: Path, records: Sequence[RunRecord]) -> None:
    """Write every run's last samples and metric history to one .npz at exactly `path`."""
    arrays: dict[str, np.ndarray] = {}
    for index, record in enumerate(records):
        prefix = "" if index == 0 else "fix_"
        last = record.last
        if last is None:
            raise QuizzerError(f"scenario {record.scenario.id!r} produced no snapshot to export")
        arrays[f"{prefix}real"] = np.asarray(last.real)
        arrays[f"{prefix}fake"] = np.asarray(last.fake)
        arrays[f"{prefix}step"] = np.array([int(row["step"]) for row in record.history])
        for name, values in _history_arrays(record).items():
            arrays[f"{prefix}{name}"] = values
    try:
        with path.open("wb") as handle:
            np.savez(handle, **arrays)
    except OSError as error:
        raise QuizzerError(f"--export {path}: {error.strerror or error}") from None
