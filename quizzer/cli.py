"""The command line: parses arguments and hands each command to its module, imported lazily.

Lazy imports keep `--help`, `validate`, `lint` and `stats` fast and free of torch; only the
`sim` commands import the simulator.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from quizzer import __version__
from quizzer.errors import QuizzerError

# command name -> "module:function"; each function takes the parsed args and returns an exit code.
HANDLERS = {
    "app": "quizzer.commands.app:run_app",
    "serve": "quizzer.commands.app:run_serve",
    "validate": "quizzer.commands.authoring:run_validate",
    "lint": "quizzer.commands.authoring:run_lint",
    "schema": "quizzer.commands.authoring:run_schema",
    "import": "quizzer.commands.interop:run_import",
    "export": "quizzer.commands.interop:run_export",
    "sim list": "quizzer.commands.sim:run_list",
    "sim run": "quizzer.commands.sim:run_run",
    "stats": "quizzer.commands.stats:run_stats",
    "results export": "quizzer.commands.results:run_export",
}

IMPORT_FORMATS = ("gift", "moodle-xml", "aiken", "json")
EXPORT_FORMATS = ("gift", "moodle-xml", "aiken", "json")


def _add_db(parser: argparse.ArgumentParser, *, default: object = None) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=default,
        help="progress database (default: $QUIZZER_DB, else the user data dir)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quizzer",
        description="Offline quizzes on generative adversarial networks, with a GAN simulator.",
    )
    parser.add_argument("--version", action="version", version=f"quizzer {__version__}")
    parser.add_argument(
        "--bank", type=Path, action="append", help="bank file or folder (repeatable)"
    )
    parser.add_argument("--learner", help="learner name (default: the OS user name)")
    _add_db(parser)
    parser.set_defaults(command="app")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    validate = sub.add_parser("validate", help="check banks; one line per problem")
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    validate.set_defaults(command="validate")

    lint = sub.add_parser("lint", help="authoring advice beyond the schema")
    lint.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    lint.add_argument("--strict", action="store_true", help="treat warnings as errors")
    lint.set_defaults(command="lint")

    schema = sub.add_parser("schema", help="print the bank's JSON Schema")
    schema.set_defaults(command="schema")

    imp = sub.add_parser("import", help="import GIFT, Moodle XML, Aiken or Quizzer JSON into YAML")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--format", required=True, choices=IMPORT_FORMATS)
    imp.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.yaml")
    imp.set_defaults(command="import")

    exp = sub.add_parser("export", help="export a bank to GIFT, Moodle XML, Aiken or JSON")
    exp.add_argument("path", type=Path, metavar="PATH")
    exp.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    exp.add_argument("-o", "--output", required=True, type=Path, metavar="OUT")
    exp.set_defaults(command="export")

    sim = sub.add_parser("sim", help="the GAN simulator, headless")
    sim.set_defaults(command="sim list")
    sim_sub = sim.add_subparsers(title="sim commands", metavar="SIMCOMMAND")
    sim_list = sim_sub.add_parser("list", help="the scenarios, one a line")
    sim_list.add_argument("--json", action="store_true", help="print JSON")
    sim_list.set_defaults(command="sim list")
    sim_run = sim_sub.add_parser("run", help="run a scenario headless")
    sim_run.add_argument("scenario", metavar="ID")
    sim_run.add_argument("--steps", type=int, help="training steps (default: the scenario's)")
    sim_run.add_argument("--seed", type=int, default=0)
    sim_run.add_argument("--json", action="store_true", help="print final metrics and history")
    sim_run.add_argument("--export", type=Path, metavar="FILE.npz", help="write arrays")
    sim_run.add_argument("--compare", action="store_true", help="run the scenario beside its fix")
    sim_run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a hyperparameter, e.g. --set g_lr=1e-3 (repeatable)",
    )
    sim_run.set_defaults(command="sim run")

    stats = sub.add_parser("stats", help="item analysis and test statistics")
    stats.add_argument(
        "--db",
        type=Path,
        action="append",
        default=argparse.SUPPRESS,
        help="progress database (repeatable; default: $QUIZZER_DB, else the user data dir)",
    )
    stats.add_argument("--responses", type=Path, action="append", metavar="FILE.csv")
    stats.add_argument("--bank", type=Path, action="append", dest="stats_bank", metavar="PATH")
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(command="stats")

    results = sub.add_parser("results", help="learners' results")
    results_sub = results.add_subparsers(title="results commands", metavar="RESULTSCOMMAND")
    results_export = results_sub.add_parser("export", help="export results as CSV or JSON")
    _add_db(results_export, default=argparse.SUPPRESS)
    results_export.add_argument("--format", required=True, choices=("csv", "json"))
    results_export.add_argument("-o", "--output", required=True, type=Path, metavar="OUT")
    results_export.add_argument("--learner", dest="export_learner", help="one learner only")
    results_export.set_defaults(command="results export")
    results.set_defaults(command="results export", _needs_sub=results)

    serve = sub.add_parser("serve", help="the app in a browser on localhost (textual-serve)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(command="serve")
    return parser


def _handler(command: str):
    module_name, func_name = HANDLERS[command].split(":")
    return getattr(importlib.import_module(module_name), func_name)


def main(argv: Sequence[str] | None = None) -> int:
    """The entry point: exit 0, 1 for a QuizzerError (one line, no traceback), 2 for a usage
    error, 130 for Ctrl-C."""
    try:
        return _dispatch(argv)
    except QuizzerError as error:
        print(f"quizzer: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("quizzer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (`quizzer stats | head`) went away: stop quietly, as Unix tools do.
        sys.stderr.close()
        return 0


def _dispatch(argv: Sequence[str] | None) -> int:
    """Parse the command line and run its handler (Ctrl-C while parsing is caught too)."""
    args = build_parser().parse_args(argv)
    needs_sub = getattr(args, "_needs_sub", None)
    if needs_sub is not None and not hasattr(args, "format"):
        needs_sub.print_help(sys.stderr)
        return 2
    return int(_handler(args.command)(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
