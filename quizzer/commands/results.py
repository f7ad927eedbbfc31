"""`quizzer results export`: one learner's or every learner's attempts as CSV or JSON."""

from __future__ import annotations

import argparse
from pathlib import Path

from quizzer.errors import QuizzerError
from quizzer.store.export import results_csv, results_json, write_atomically
from quizzer.store.location import resolve_db_path
from quizzer.store.readonly import read_attempts


def run_export(args: argparse.Namespace) -> int:
    db_path = resolve_db_path(args.db)
    learner = args.export_learner
    rows = read_attempts(db_path, learner)
    if learner is not None and not rows:
        names = sorted({row[0].name for row in read_attempts(db_path)})
        known = f"; learners with results: {', '.join(names)}" if names else ""
        raise QuizzerError(f"{db_path}: no results for learner '{learner}'{known}")
    text = results_csv(rows) if args.format == "csv" else results_json(rows)
    output: Path = args.output
    if output.is_dir():
        raise QuizzerError(f"{output} is a folder; give a file name with -o")
    try:
        write_atomically(output, text)
    except OSError as error:
        raise QuizzerError(f"{output}: cannot write ({error.strerror})") from error
    learners = len({row[0].uid for row in rows})
    print(f"wrote {len(rows)} attempts of {learners} learner(s) to {output}")
    return 0
