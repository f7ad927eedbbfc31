"""`quizzer` and `quizzer serve`: load the bank, then run the Textual app here or in a browser.

A broken bank never reaches the app: `load_bank` raises a BankError listing every problem as
`file:line:col: message`, which the command line prints before exiting 1.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from question_bank import DEFAULT_BANK

if TYPE_CHECKING:
    from quizzer.tui.app import AppConfig


def bank_paths(args: argparse.Namespace) -> list[Path]:
    return list(args.bank) if args.bank else [DEFAULT_BANK]


def build_config(args: argparse.Namespace) -> AppConfig:
    """The app's config from the parsed arguments; raises BankError for a broken bank."""
    from quizzer.bank.loader import load_bank
    from quizzer.store import default_learner_name
    from quizzer.tui.app import AppConfig

    bank = load_bank(bank_paths(args))
    return AppConfig(
        lessons=tuple(bank.lessons),
        db_path=args.db,
        learner=args.learner or default_learner_name(),
    )


def run_app(args: argparse.Namespace) -> int:
    from quizzer.tui.app import QuizzerApp

    QuizzerApp(build_config(args)).run()
    return 0


def serve_command(args: argparse.Namespace, python: str = sys.executable) -> str:
    """The shell command textual-serve runs for each browser session: this same app."""
    words: list[str] = [python, "-m", "quizzer"]
    for path in bank_paths(args):
        words += ["--bank", str(Path(path).resolve())]
    if args.db is not None:
        words += ["--db", str(Path(args.db).expanduser().resolve())]
    if args.learner:
        words += ["--learner", args.learner]
    return shlex.join(words)


def run_serve(args: argparse.Namespace) -> int:
    """Serve the app on `--host`/`--port`; the bank is checked first so errors show here."""
    from textual_serve.server import Server

    build_config(args)
    Server(serve_command(args), host=args.host, port=args.port, title="Quizzer").serve()
    return 0
