"""`quizzer stats`: item analysis and test statistics from databases and response files.

`--responses` takes CSVs of `student,question_id,answer` (graded with `--bank`) and the
JSON files of `quizzer results export` (already graded); all sources merge into one class.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from quizzer.analytics.report import analyse, format_table, to_json
from quizzer.analytics.responses import ResponseSet
from quizzer.analytics.sources import (
    add_csv,
    add_database,
    add_results_json,
    is_results_json,
    items_from_bank,
)
from quizzer.errors import QuizzerError
from quizzer.store.location import default_db_path


def _paths(value: object) -> list[Path]:
    """The stats --db list; the top-level --db (a single path) also counts."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [Path(value)]


def run_stats(args: argparse.Namespace) -> int:
    databases = _paths(args.db)
    csv_files = _paths(args.responses)
    banks = _paths(getattr(args, "stats_bank", None))
    if any(not is_results_json(path) for path in csv_files) and not banks:
        raise QuizzerError("--responses FILE.csv needs --bank PATH to grade the answers")
    if not databases and not csv_files:
        databases = [default_db_path()]
    questions = {}
    if banks:
        from quizzer.bank.loader import load_bank

        questions = {question.id: question for question in load_bank(banks).questions}
    responses = ResponseSet()
    for path in databases:
        add_database(path, responses)
    for path in csv_files:
        if is_results_json(path):
            add_results_json(path, responses)
        else:
            add_csv(path, questions, responses)
    if not len(responses):
        sources = ", ".join(str(path) for path in databases + csv_files)
        raise QuizzerError(f"no answers found in {sources}")
    items = responses.infer_items(items_from_bank(list(questions.values())))
    analysis = analyse(responses.matrix(items))
    if args.json:
        print(json.dumps(to_json(analysis), indent=2))
    else:
        print(format_table(analysis))
    return 0
