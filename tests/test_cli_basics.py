"""The command line's contract: help, version, usage errors, and no torch where none is needed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from quizzer import cli
from quizzer.cli import HANDLERS, build_parser, main


def _torch_loaded_after(args: list[str]) -> tuple[int, bool]:
    code = (
        "import sys\n"
        "from quizzer.cli import main\n"
        "try:\n"
        f"    rc = main({args!r})\n"
        "except SystemExit as e:\n"
        "    rc = e.code\n"
        "print(rc, 'torch' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[-2]), out[-1] == "True"


@pytest.mark.parametrize(
    "args", [["--help"], ["sim", "--help"], ["schema"], ["stats", "--help"], ["--version"]]
)
def test_commands_that_do_not_simulate_never_import_torch(args: list[str]) -> None:
    code, torch_loaded = _torch_loaded_after(args)
    assert code == 0
    assert torch_loaded is False


def test_every_handler_module_exists_and_exports_its_function() -> None:
    import importlib

    for command, target in HANDLERS.items():
        module_name, func_name = target.split(":")
        module = importlib.import_module(module_name)
        assert callable(getattr(module, func_name)), command


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    assert exit_info.value.code == 2
    assert "PATH" in capsys.readouterr().err


def test_ctrl_c_while_parsing_is_a_clean_exit_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A Ctrl-C that lands before a command runs (while argparse or an import works) used to
    # escape main() as a traceback.
    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", interrupted)
    assert main(["--help"]) == 130
    assert capsys.readouterr().err == "quizzer: interrupted\n"


def test_results_without_subcommand_prints_help_and_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["results"]) == 2
    assert "export" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizzer", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith("quizzer ")


def test_parser_knows_every_documented_command() -> None:
    parser = build_parser()
    for argv in (
        ["validate", "x"],
        ["lint", "x", "--strict"],
        ["schema"],
        ["import", "f", "--format", "gift", "-o", "o.yaml"],
        ["export", "p", "--format", "json", "-o", "o.json"],
        ["sim", "list", "--json"],
        ["sim", "run", "healthy", "--steps", "10", "--seed", "1", "--json"],
        ["stats", "--db", "a.db", "--db", "b.db", "--json"],
        ["results", "export", "--format", "csv", "-o", "out.csv"],
        ["serve", "--port", "8123"],
    ):
        assert parser.parse_args(argv).command in HANDLERS
