"""Time from launch to Quizzer's first screen, against a bare Textual app's first frame.

    .venv/bin/python benchmarks/startup.py [--repeat 7]

Each repetition starts a fresh Python process that runs the app headless at 80x24 on the
shipped bank and a fresh temporary database. As soon as the first screen is mounted and the
app is idle (its first frame composed), the child prints `time.time()` and leaves with
`os._exit(0)`. The parent subtracts its own launch moment. Quizzer runs twice per round:
without the torch warm-up (the pure path to the first screen) and with it, as a user gets
it; there the warm-up thread starts after the first refresh and competes for the GIL while
the pilot waits for the app to be idle, so that figure is an upper bound. A bare Textual app
with one Static is measured the same way, interleaved, so all see the same machine load.
Then `python -X importtime` lists the modules that cost most on the way to the first screen.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

QUIZZER_CHILD = """
import dataclasses, os, sys, time
start = time.time()
from quizzer.cli import build_parser
from quizzer.commands.app import build_config
from quizzer.tui.app import QuizzerApp
imported = time.time()
config = build_config(build_parser().parse_args(["--db", sys.argv[1]]))
config = dataclasses.replace(config, warm_up=sys.argv[2] == "warm-up")
loaded = time.time()
app = QuizzerApp(config)

async def first_screen(pilot):
    await pilot.pause()
    print(time.time(), start, imported, loaded, type(app.screen).__name__,
          "torch" in sys.modules, flush=True)
    os._exit(0)

app.run(headless=True, size=(80, 24), auto_pilot=first_screen)
"""

BARE_CHILD = """
import os, sys, time
start = time.time()
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("Hello")

app = Bare()

async def first_screen(pilot):
    await pilot.pause()
    print(time.time(), start, flush=True)
    os._exit(0)

app.run(headless=True, size=(80, 24), auto_pilot=first_screen)
"""

FIRST_SCREEN_IMPORTS = (
    "import quizzer.cli, quizzer.commands.app, quizzer.bank.loader, quizzer.tui.app, "
    "quizzer.tui.screens.lesson_home, quizzer.tui.screens.lessons, quizzer.store"
)


def run_child(code: str, *args: str) -> tuple[list[float], list[str]]:
    """Run a child; its numbers (epoch seconds) come back as seconds since its launch."""
    launched = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    numbers: list[float] = []
    words: list[str] = []
    for field in result.stdout.split():
        try:
            numbers.append(float(field) - launched)
        except ValueError:
            words.append(field)
    return numbers, words


def measure(repeat: int) -> dict[str, object]:
    """Interleave the three children so all see the same load on the shared machine."""
    runs: dict[str, list[float]] = {"cold": [], "warm-up": [], "bare": []}
    phases: list[dict[str, float]] = []
    notes: set[str] = set()
    with tempfile.TemporaryDirectory() as folder:
        for index in range(repeat):
            for variant in ("cold", "warm-up"):
                db = str(Path(folder) / f"{variant}{index}.db")
                numbers, words = run_child(QUIZZER_CHILD, db, variant)
                first, interpreter, imported, loaded = numbers
                runs[variant].append(first)
                if variant == "cold":
                    phases.append(
                        {"interpreter": interpreter, "imports": imported, "loaded": loaded}
                    )
                notes.add(f"{variant}: first screen {words[0]}, torch imported by then: {words[1]}")
            runs["bare"].append(run_child(BARE_CHILD)[0][0])
    return {"runs": runs, "phases": phases, "notes": notes}


def import_offenders(top: int) -> list[tuple[int, int, str]]:
    """(self µs, cumulative µs, module) for the costliest imports on the first-screen path."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", FIRST_SCREEN_IMPORTS],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    rows = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if match and len(match[3]) <= 2:
            rows.append((int(match[1]), int(match[2]), match[4]))
    return sorted(rows, key=lambda row: row[1], reverse=True)[:top]


def describe(name: str, values: list[float]) -> str:
    return (
        f"{name}: median {statistics.median(values):.3f} s, "
        f"min {min(values):.3f} s, max {max(values):.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    measured = measure(args.repeat)
    runs: dict[str, list[float]] = measured["runs"]  # type: ignore[assignment]
    phases: list[dict[str, float]] = measured["phases"]  # type: ignore[assignment]
    bare = statistics.median(runs["bare"])
    print(f"repetitions: {args.repeat} (interleaved), Python {sys.version.split()[0]}")
    print(describe("quizzer first screen, no warm-up", runs["cold"]))
    print(describe("quizzer first screen, with warm-up", runs["warm-up"]))
    print(describe("bare Textual app first frame", runs["bare"]))
    print(
        "ratios of medians to the bare app: "
        f"no warm-up {statistics.median(runs['cold']) / bare:.2f}, "
        f"with warm-up {statistics.median(runs['warm-up']) / bare:.2f}"
    )
    print(
        "quizzer phases without warm-up (medians, s since launch): "
        f"interpreter up {statistics.median(p['interpreter'] for p in phases):.3f}, "
        f"imports done {statistics.median(p['imports'] for p in phases):.3f}, "
        f"bank loaded {statistics.median(p['loaded'] for p in phases):.3f}, "
        f"first screen {statistics.median(runs['cold']):.3f}"
    )
    for note in sorted(measured["notes"]):  # type: ignore[attr-defined]
        print(note)
    print("top imports on the first-screen path (cumulative ms, self ms):")
    for own, cumulative, module in import_offenders(15):
        print(f"  {cumulative / 1000:7.1f} {own / 1000:7.1f}  {module}")


if __name__ == "__main__":
    main()
