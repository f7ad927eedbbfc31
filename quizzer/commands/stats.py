"""`quizzer stats`: item analysis and test statistics from databases and response CSVs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from quizzer.analytics.report import analyse, format_table, to_json
from quizzer.analytics.responses import ResponseSet
from quizzer.analytics.sources import add_csv, add_database, items_from_bank
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
    if csv_files and not banks:
        raise QuizzerError("--responses needs --bank PATH to grade the answers")
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
