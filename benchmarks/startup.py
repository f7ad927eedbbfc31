"""Time from launch to Quizzer's first screen, against a bare Textual app's first frame.

    .venv/bin/python benchmarks/startup.py [--repeat 7]

Each repetition starts a fresh Python process that runs the app headless at 80x24 on the
shipped bank and a fresh temporary database. As soon as the first screen is mounted and the
app is idle, the child prints two `time.time()` moments and leaves with `os._exit(0)`:
when the first screen was drawn (its first refresh after mounting, the same hook that starts
the torch warm-up) and when the app was idle. The parent subtracts its own launch moment.
Quizzer runs twice per round, without the warm-up and with it (as a user gets it: the
import starts once the screen is drawn and then competes for the GIL). A bare Textual app
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
import os, sys, time
start = time.time()
from quizzer.cli import build_parser
from quizzer.commands.app import build_config
from quizzer.tui.app import QuizzerApp
imported = time.time()
config = build_config(build_parser().parse_args(["--db", sys.argv[1]]))
loaded = time.time()
painted = []
warm_up = QuizzerApp.warm_up_simulator

def first_paint(self):
    # The app calls this after the first screen's first refresh: the moment it is drawn.
    painted.append(time.time())
    if sys.argv[2] == "warm-up":
        return warm_up(self)

QuizzerApp.warm_up_simulator = first_paint
app = QuizzerApp(config)

async def until_idle(pilot):
    await pilot.pause()
    while not painted:
        await pilot.pause()
    print(painted[0], time.time(), start, imported, loaded, type(app.screen).__name__,
          "torch" in sys.modules, flush=True)
    os._exit(0)

app.run(headless=True, size=(80, 24), auto_pilot=until_idle)
"""

BARE_CHILD = """
import os, sys, time
start = time.time()
from textual.app import App
from textual.widgets import Static
painted = []

class Bare(App):
    def compose(self):
        yield Static("Hello")

    def on_mount(self):
        self.call_after_refresh(lambda: painted.append(time.time()))

app = Bare()

async def until_idle(pilot):
    await pilot.pause()
    while not painted:
        await pilot.pause()
    print(painted[0], time.time(), start, flush=True)
    os._exit(0)

app.run(headless=True, size=(80, 24), auto_pilot=until_idle)
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
    paint: dict[str, list[float]] = {"cold": [], "warm-up": [], "bare": []}
    idle: dict[str, list[float]] = {"cold": [], "warm-up": [], "bare": []}
    phases: list[dict[str, float]] = []
    notes: set[str] = set()
    with tempfile.TemporaryDirectory() as folder:
        for index in range(repeat):
            for variant in ("cold", "warm-up"):
                db = str(Path(folder) / f"{variant}{index}.db")
                numbers, words = run_child(QUIZZER_CHILD, db, variant)
                painted, idled, interpreter, imported, loaded = numbers
                paint[variant].append(painted)
                idle[variant].append(idled)
                if variant == "cold":
                    phases.append(
                        {"interpreter": interpreter, "imports": imported, "loaded": loaded}
                    )
                notes.add(f"{variant}: first screen {words[0]}, torch imported at idle: {words[1]}")
            numbers, _ = run_child(BARE_CHILD)
            paint["bare"].append(numbers[0])
            idle["bare"].append(numbers[1])
    return {"paint": paint, "idle": idle, "phases": phases, "notes": notes}


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
    paint: dict[str, list[float]] = measured["paint"]  # type: ignore[assignment]
    idle: dict[str, list[float]] = measured["idle"]  # type: ignore[assignment]
    phases: list[dict[str, float]] = measured["phases"]  # type: ignore[assignment]
    print(f"repetitions: {args.repeat} (interleaved), Python {sys.version.split()[0]}")
    print("first screen drawn (first refresh after it is mounted), seconds since launch:")
    print(describe("  quizzer, no warm-up", paint["cold"]))
    print(describe("  quizzer, with warm-up", paint["warm-up"]))
    print(describe("  bare Textual app", paint["bare"]))
    bare = statistics.median(paint["bare"])
    print(
        "  ratio of medians to the bare app: "
        f"no warm-up {statistics.median(paint['cold']) / bare:.2f}, "
        f"with warm-up {statistics.median(paint['warm-up']) / bare:.2f}"
    )
    print("app idle after the first screen (the pilot's pause returns), seconds since launch:")
    print(describe("  quizzer, no warm-up", idle["cold"]))
    print(describe("  quizzer, with warm-up (torch importing meanwhile)", idle["warm-up"]))
    print(describe("  bare Textual app", idle["bare"]))
    print(
        "quizzer phases without warm-up (medians, s since launch): "
        f"interpreter up {statistics.median(p['interpreter'] for p in phases):.3f}, "
        f"imports done {statistics.median(p['imports'] for p in phases):.3f}, "
        f"bank loaded {statistics.median(p['loaded'] for p in phases):.3f}, "
        f"first screen drawn {statistics.median(paint['cold']):.3f}"
    )
    for note in sorted(measured["notes"]):  # type: ignore[attr-defined]
        print(note)
    print("top imports on the first-screen path (cumulative ms, self ms):")
    for own, cumulative, module in import_offenders(15):
        print(f"  {cumulative / 1000:7.1f} {own / 1000:7.1f}  {module}")


if __name__ == "__main__":
    main()
