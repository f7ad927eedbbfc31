"""Benchmark: validating a generated 10,000-question bank.

Compares, in the same run, the full loader (`check_bank`: safe compose, our own construction
with duplicate-key/tag/alias checks, pydantic validation with located errors) against a plain
reference that does the least possible: `yaml.load` with the C safe loader and
`Lesson.model_validate`, with no locations and none of the extra checks. Also times `lint`.

    .venv/bin/python benchmarks/validate_bank.py [--questions N] [--repeat R]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from quizzer.bank.lint import lint
from quizzer.bank.loader import check_bank
from quizzer.bank.model import Lesson

SYLLABLES = ["ga", "ne", "ra", "ti", "ve", "mo", "de", "lo", "su", "ki", "ba", "te", "ro", "ma"]


def vocabulary(rng: random.Random, size: int = 3000) -> tuple[list[str], list[float]]:
    """Pseudo-words with Zipf weights (weight 1/rank), the shape of word use in real stems."""
    words = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(1, 4))) for _ in range(size)})
    rng.shuffle(words)
    return words, [1 / rank for rank in range(1, len(words) + 1)]


def generate_bank(questions: int, seed: int = 0) -> str:
    """A valid lesson of `questions` questions with varied stems, options and feedback."""
    rng = random.Random(seed)
    lines = [
        "# yaml-language-server: $schema=./schema.json",
        "lesson:",
        "  id: generated",
        "  title: A generated lesson",
        "  subject: Computer Science",
        "  level: Grade 12",
        "  duration_minutes: 600",
        "  summary: Many questions, to time the loader.",
        "objectives:",
    ]
    objectives = [f"objective-{number}" for number in range(20)]
    for objective in objectives:
        lines += [f"  - id: {objective}", f"    text: Explain idea {objective}."]
    lines.append("questions:")
    words, weights = vocabulary(rng)
    for number in range(questions):
        stem = " ".join(rng.choices(words, weights, k=rng.randint(8, 30)))
        key = rng.randrange(4)
        lines += [
            f"  - id: q{number:05d}",
            "    type: single",
            f'    stem: "When the {stem}, what happens?"',
            "    difficulty: challenging",
            f"    objectives: [{rng.choice(objectives)}]",
            "    tags: [generated, timing]",
            "    explanation: >-",
            f"      Because option {'ABCD'[key]} follows from the definition of {stem}.",
            "    options:",
        ]
        for option in range(4):
            lines += [
                f"      - text: Option {option} of question {number} ({rng.random():.6f})",
                f"        correct: {'true' if option == key else 'false'}",
                f"        feedback: Option {option} is {'right' if option == key else 'wrong'}.",
            ]
        if number % 10 == 0:
            lines += [
                "    simulation:",
                "      scenario: healthy",
                "      watch: the modes covered.",
            ]
    return "\n".join(lines) + "\n"


def reference(path: Path) -> Lesson:
    """The least a loader can do: C safe load and validate, no locations, no extra checks."""
    with path.open("rb") as handle:
        return Lesson.model_validate(yaml.load(handle, Loader=yaml.CSafeLoader))


def full(path: Path) -> int:
    bank, problems = check_bank([path])
    assert not problems, problems[:3]
    return len(bank.questions)


def broken(path: Path) -> int:
    _, problems = check_bank([path])
    assert len(problems) == 1, problems[:3]
    return len(problems)


def full_with_lint(path: Path) -> int:
    bank, problems = check_bank([path])
    return len(lint(bank, problems, scenarios={"healthy"}))


def measure(work: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one run (CPU time is steadier on a shared machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.yaml"
        text = generate_bank(args.questions)
        path.write_text(text, encoding="utf-8")
        broken_path = Path(folder) / "broken.yaml"
        broken_path.write_text(text + "    explenation: a typo in the last question\n")
        size = path.stat().st_size / 1e6
        print(f"bank: {args.questions} questions, {size:.1f} MB, yaml C loader: ", end="")
        print(hasattr(yaml, "CSafeLoader"))
        rows = [
            ("reference: yaml.load(CSafeLoader) + model_validate", lambda: reference(path)),
            ("quizzer validate (check_bank)", lambda: full(path)),
            ("quizzer lint (check_bank + lint)", lambda: full_with_lint(path)),
            ("quizzer validate, one typo (error located)", lambda: broken(broken_path)),
        ]
        # Interleaved rounds, so a burst of load from other processes hits every row alike.
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in rows}
        for _ in range(args.repeat):
            for name, work in rows:
                runs[name].append(measure(work))
    baseline = runs[rows[0][0]]
    print(f"python {sys.version.split()[0]}; {args.repeat} interleaved rounds")
    print(f"  {'':52s} {'best wall':>10s} {'best cpu':>9s} {'median cpu':>11s}  cpu ratio")
    for name, times in runs.items():
        walls, cpus = [w for w, _ in times], [c for _, c in times]
        ratio = statistics.median(c / r for c, (_, r) in zip(cpus, baseline, strict=True))
        print(
            f"  {name:52s} {min(walls):9.3f}s {min(cpus):8.3f}s {statistics.median(cpus):10.3f}s"
            f"  x{ratio:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
