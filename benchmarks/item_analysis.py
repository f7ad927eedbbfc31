"""Item analysis of 10,000 students x 200 items: quizzer.analytics against plain numpy.

The data are simulated from a Rasch model (ability and difficulty standard normal), 4
options per item, wrong answers spread over the distractors. Timed, best of 5 runs:

* reference: a plain numpy loop computing only the core correlations per item
  (np.corrcoef of the item with the rest of the test, and with the total);
* analyse_scores: every Moodle statistic (facility, SD, discrimination index,
  discriminative efficiency, upper-lower 27%, point-biserial, test moments, alpha, ...);
* analyse: the same plus option fractions, non-functioning distractors and flags, from the
  students x items matrices of scores and chosen options (what `quizzer stats` runs).

Then, once, the whole `stats --responses` path on a CSV of all the responses (2 million
rows at full size): read and grade the CSV, keep first attempts, build the matrices,
analyse; against the floor of merely reading that file with `list(csv.reader(...))`.

Goal: under 2 s.   .venv/bin/python benchmarks/item_analysis.py [--students N --items P]
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from quizzer.analytics import ItemInfo, ResponseSet, add_csv, analyse, analyse_scores
from quizzer.analytics.responses import ResponseMatrix
from quizzer.bank.model import Option, Question


def simulate(students: int, items: int, seed: int = 0) -> ResponseMatrix:
    rng = np.random.default_rng(seed)
    ability = rng.normal(size=students)[:, None]
    difficulty = rng.normal(size=items)[None, :]
    right = rng.random((students, items)) < 1 / (1 + np.exp(difficulty - ability))
    distractor = rng.choice([0, 2, 3], size=(students, items), p=[0.6, 0.3, 0.1])
    chosen = np.where(right, 1 << 1, 1 << distractor).astype(np.int64)
    infos = [ItemInfo(f"q{p:03d}", ("A", "B", "C", "D"), frozenset("B")) for p in range(items)]
    return ResponseMatrix(
        students=[f"s{i}" for i in range(students)],
        items=infos,
        scores=right.astype(float),
        chosen=chosen,
    )


def reference(scores: np.ndarray) -> np.ndarray:
    """Plain numpy: item-rest and item-total correlations, one item at a time."""
    totals = scores.sum(axis=1)
    result = np.empty((scores.shape[1], 2))
    for item in range(scores.shape[1]):
        x = scores[:, item]
        result[item, 0] = np.corrcoef(x, totals - x)[0, 1]
        result[item, 1] = np.corrcoef(x, totals)[0, 1]
    return result


def write_csv(matrix: ResponseMatrix, path: Path) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "question_id", "answer"])
        for student, row in zip(matrix.students, matrix.chosen.tolist(), strict=True):
            writer.writerows(
                (student, item.question_id, "ABCD"[mask.bit_length() - 1])
                for item, mask in zip(matrix.items, row, strict=True)
            )


def csv_path_timings(matrix: ResponseMatrix) -> tuple[float, float, int]:
    """(read-only floor, full stats path) in seconds on a CSV of every response."""
    questions = {
        item.question_id: Question(
            id=item.question_id,
            stem="?",
            options=[Option(text=text, correct=text == "b") for text in "abcd"],
            explanation="-",
            objectives=["o"],
        )
        for item in matrix.items
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "responses.csv"
        write_csv(matrix, path)
        start = time.perf_counter()
        with path.open(newline="") as handle:
            rows = len(list(csv.reader(handle))) - 1
        floor = time.perf_counter() - start
        start = time.perf_counter()
        responses = ResponseSet()
        add_csv(path, questions, responses)
        known = {
            qid: ItemInfo(qid, tuple(q.option_keys), q.correct_keys) for qid, q in questions.items()
        }
        analysis = analyse(responses.matrix(responses.infer_items(known)))
        full = time.perf_counter() - start
    assert analysis.test.n_students == len(matrix.students)
    return floor, full, rows


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-csv", action="store_true", help="skip the CSV end-to-end run")
    args = parser.parse_args()
    matrix = simulate(args.students, args.items)
    check = reference(matrix.scores)
    _, stats = analyse_scores(matrix.scores)
    assert np.allclose(check[:, 0], stats.discrimination_index)
    assert np.allclose(check[:, 1], stats.point_biserial)
    t_reference = best_of(args.runs, lambda: reference(matrix.scores))
    t_scores = best_of(args.runs, lambda: analyse_scores(matrix.scores))
    t_full = best_of(args.runs, lambda: analyse(matrix))
    print(f"{args.students} students x {args.items} items, best of {args.runs}")
    print(f"{'plain numpy reference (2 correlations/item)':46} {t_reference:7.3f} s")
    print(
        f"{'analyse_scores (all Moodle statistics)':46} {t_scores:7.3f} s  "
        f"{t_scores / t_reference:5.2f}x reference"
    )
    print(
        f"{'analyse (+ options, distractors, flags)':46} {t_full:7.3f} s  "
        f"{t_full / t_reference:5.2f}x reference"
    )
    if not args.skip_csv:
        floor, full, rows = csv_path_timings(matrix)
        print(f"{'CSV of ' + str(rows) + ' rows: csv.reader alone':46} {floor:7.3f} s")
        print(
            f"{'CSV: read, grade, first attempts, analyse':46} {full:7.3f} s  "
            f"{full / floor:5.2f}x csv.reader"
        )


if __name__ == "__main__":
    main()
