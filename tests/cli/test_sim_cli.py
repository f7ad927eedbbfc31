"""`quizzer sim list` and `quizzer sim run`, end to end: output shapes, errors, export, divergence.

Runs are kept to a couple of hundred steps; the scenario behaviour itself is tested in tests/sim.
"""

from __future__ import annotations

import json
import math
import os
import pty
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from quizzer.cli import main
from quizzer.commands.sim import RunRecord, run_json
from sim.scenarios import SCENARIOS
from sim.snapshot import Snapshot

SHORT = "120"
RUN_KEYS = {"scenario", "seed", "steps", "status", "diverged_at", "final", "history"}


def _reject_nan(constant: str) -> Any:
    raise AssertionError(f"non-standard JSON constant {constant}")


def _strict_json(text: str) -> Any:
    """Parse JSON the way a strict consumer (a browser, jq) would: NaN or Infinity fail."""
    return json.loads(text, parse_constant=_reject_nan)


def _quizzer(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizzer", *args], capture_output=True, text=True, **kwargs
    )


def _sim_run_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main(["sim", "run", *args, "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""  # captured stderr is not a terminal: no progress bar
    return _strict_json(captured.out)


def _a_scenario_with_a_fix() -> str:
    return next(s.id for s in SCENARIOS.values() if s.fix is not None)


# --- sim list -----------------------------------------------------------------------------------


def test_list_prints_one_aligned_line_per_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sim", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(SCENARIOS)
    for line, scenario in zip(lines, SCENARIOS.values(), strict=True):
        assert scenario.failure_mode in line
        assert scenario.title in line
        assert (f"(fix: {scenario.fix})" in line) == (scenario.fix is not None)
    # The failure-mode column starts at the same place on every line.
    rests = [line[len(scenario_id) :] for line, scenario_id in zip(lines, SCENARIOS, strict=True)]
    columns = {len(line) - len(rest.lstrip()) for line, rest in zip(lines, rests, strict=True)}
    assert len(columns) == 1


def test_list_on_a_narrow_terminal_cuts_lines_instead_of_wrapping(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr("shutil.get_terminal_size", lambda: os.terminal_size((80, 24)))
    assert main(["sim", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(SCENARIOS)
    assert max(len(line) for line in lines) <= 80
    # Every line keeps its id and the start of its failure mode and of its title.
    for line, scenario in zip(lines, SCENARIOS.values(), strict=True):
        assert scenario.failure_mode[:10] in line
        assert scenario.title[:10] in line


def test_bare_sim_command_lists_the_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sim"]) == 0
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()] == list(SCENARIOS)


def test_list_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sim", "list", "--json"]) == 0
    rows = _strict_json(capsys.readouterr().out)
    assert [row["id"] for row in rows] == list(SCENARIOS)
    for row in rows:
        assert set(row) == {"id", "failure_mode", "title", "fix"}
        assert row["fix"] is None or row["fix"] in SCENARIOS
        assert row["title"] == SCENARIOS[row["id"]].title


def test_list_does_not_import_torch() -> None:
    code = (
        "import sys\n"
        "from quizzer.cli import main\n"
        "rc = main(['sim', 'list'])\n"
        "print(rc, 'torch' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split()[-2:] == ["0", "False"]


# --- bad input ----------------------------------------------------------------------------------


def test_unknown_id_lists_the_valid_ids_without_a_traceback() -> None:
    result = _quizzer("sim", "run", "no_such_scenario")
    assert result.returncode == 1
    assert "no_such_scenario" in result.stderr
    for scenario_id in SCENARIOS:
        assert scenario_id in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--steps", "0"], "--steps"),
        (["--steps", "-5"], "--steps"),
        (["--seed", "-1"], "--seed"),
        (["--set", "g_lr=1e9"], "g_lr"),
        (["--set", "d_lr=0"], "d_lr"),
        (["--set", "batch_size=abc"], "batch_size"),
        (["--set", "no_such_key=1"], "no_such_key"),
        (["--set", "g_lr"], "KEY=VALUE"),
        (["--steps", "999999999"], "steps"),
    ],
)
def test_absurd_values_name_the_parameter(
    capsys: pytest.CaptureFixture[str], args: list[str], named: str
) -> None:
    assert main(["sim", "run", "healthy", *args]) == 1
    captured = capsys.readouterr()
    assert named in captured.err
    assert captured.err.startswith("quizzer: ")
    assert captured.out == ""


def test_export_into_a_missing_folder_fails_before_training(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "absent" / "run.npz"
    assert main(["sim", "run", "healthy", "--export", str(target)]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not target.exists()


# --- sim run ------------------------------------------------------------------------------------


def test_run_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    document = _sim_run_json(capsys, "healthy", "--steps", SHORT, "--seed", "3")
    assert set(document) >= RUN_KEYS
    assert document["scenario"] == "healthy"
    assert document["seed"] == 3
    assert document["steps"] == int(SHORT)
    assert document["status"] == "ok"
    assert document["diverged_at"] is None
    steps = [row["step"] for row in document["history"]]
    assert steps == sorted(steps)
    assert steps[-1] == int(SHORT)
    last = dict(document["history"][-1])
    assert last.pop("step") == int(SHORT)
    assert last.pop("diverged") == 0.0
    assert last == document["final"]
    for name in ("modes_covered", "frechet_distance", "d_accuracy"):
        assert isinstance(document["final"][name], int | float)
    assert isinstance(document["signature_holds"], bool)


def test_same_seed_same_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    first = _sim_run_json(capsys, "healthy", "--steps", "60", "--seed", "5")
    second = _sim_run_json(capsys, "healthy", "--steps", "60", "--seed", "5")
    assert first["history"] == second["history"]


def test_human_output_reports_final_metrics_and_the_signature(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["sim", "run", "healthy", "--steps", SHORT]) == 0
    out = capsys.readouterr().out
    assert "healthy" in out
    assert "modes_covered" in out
    assert "signature" in out
    assert "seen: " in out


def test_diverged_run_is_reported_with_its_step_and_valid_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Dirac-GAN with a linear (Wasserstein, unpenalised) critic and plain simultaneous SGD:
    # each step multiplies the distance to equilibrium by sqrt(1 + lr^2) ~ 10, so float32
    # overflows within a few dozen steps. Analytic, not luck.
    document = _sim_run_json(
        capsys,
        "non_convergence",
        "--steps",
        "200",
        "--set",
        "loss=wasserstein_gp",
        "--set",
        "gp_weight=0",
        "--set",
        "g_lr=10",
        "--set",
        "d_lr=10",
    )
    assert document["status"] == "diverged"
    assert isinstance(document["diverged_at"], int)
    assert 1 <= document["diverged_at"] <= 60
    assert document["history"][-1]["step"] >= document["diverged_at"]
    assert document["history"][-1]["diverged"] == 1.0
    assert document["history"][0]["diverged"] == 0.0


def test_non_finite_metrics_become_null_in_json() -> None:
    scenario = SCENARIOS["healthy"]
    record = RunRecord(scenario, scenario.config, seed=0)
    points = np.zeros((4, 2))
    for step, value in ((0, 1.0), (10, math.nan), (20, math.inf)):
        record.add(
            Snapshot(
                step=step,
                status="ok",
                diverged_at=None,
                real=points,
                fake=points,
                grid=None,
                grad=None,
                metrics={"frechet_distance": value},
            )
        )
    document = _strict_json(json.dumps(run_json(record), allow_nan=False))
    assert [row["frechet_distance"] for row in document["history"]] == [1.0, None, None]
    assert document["final"] == {"frechet_distance": None}


def test_export_writes_samples_and_history(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "run.npz"
    document = _sim_run_json(capsys, "healthy", "--steps", SHORT, "--export", str(target))
    with np.load(target) as arrays:
        assert arrays["real"].ndim == 2
        assert arrays["real"].shape[1] == 2
        assert arrays["fake"].shape[0] >= 2500
        assert arrays["fake"].shape[1] == 2
        assert list(arrays["step"]) == [row["step"] for row in document["history"]]
        for name, value in document["final"].items():
            assert arrays[name].shape == arrays["step"].shape
            if value is not None:
                assert arrays[name][-1] == pytest.approx(value)


def test_compare_runs_the_scenario_beside_its_fix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    scenario_id = _a_scenario_with_a_fix()
    target = tmp_path / "both.npz"
    document = _sim_run_json(
        capsys, scenario_id, "--steps", SHORT, "--compare", "--export", str(target)
    )
    assert set(document) == {"scenario", "fix"}
    assert document["scenario"]["scenario"] == scenario_id
    assert document["fix"]["scenario"] == SCENARIOS[scenario_id].fix
    for run in document.values():
        assert set(run) >= RUN_KEYS
        assert run["steps"] == int(SHORT)
    with np.load(target) as arrays:
        for prefix in ("", "fix_"):
            assert arrays[f"{prefix}fake"].shape[0] >= 2500
            assert list(arrays[f"{prefix}step"]) == [
                row["step"] for row in document["scenario" if not prefix else "fix"]["history"]
            ]

    assert main(["sim", "run", scenario_id, "--steps", "20", "--compare"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{scenario_id}:")
    assert lines[1].startswith(f"{SCENARIOS[scenario_id].fix}:")
    columns = next(line for line in lines if line.startswith("metric")).split()
    assert columns == ["metric", scenario_id, SCENARIOS[scenario_id].fix]


def test_compare_without_a_fix_is_a_user_error(capsys: pytest.CaptureFixture[str]) -> None:
    no_fix = next(s.id for s in SCENARIOS.values() if s.fix is None)
    assert main(["sim", "run", no_fix, "--compare"]) == 1
    assert "no fix" in capsys.readouterr().err


# --- terminal behaviour -------------------------------------------------------------------------


def test_progress_bar_is_drawn_on_a_terminal_stderr() -> None:
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "quizzer", "sim", "run", "healthy", "--steps", "60", "--json"],
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
        )
        os.close(follower)
        follower = -1
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # Linux reports EIO once the terminal's other end is closed
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert result.returncode == 0
    assert b"\rhealthy [" in drawn
    assert b"60/60" in drawn
    _strict_json(result.stdout)  # the bar never leaks into stdout


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def test_ctrl_c_stops_cleanly() -> None:
    code = (
        "import sys\n"
        "import sim.trainer\n"
        "from quizzer.cli import main\n"
        "print('ready', flush=True)\n"
        "sys.exit(main(['sim', 'run', 'healthy', '--steps', '1000000']))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As from a terminal: Ctrl-C delivered and not ignored, whatever the test runner's
        # worker process inherited (an ignored SIGINT is inherited across exec).
        preexec_fn=_default_sigint,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    # Let main() enter the training loop before interrupting it, as a user would.
    try:
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGINT)
    try:
        out, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"still running 60 s after Ctrl-C; stderr: {err[-2000:]}")
    assert process.returncode == 130
    assert "interrupted" in err
    assert "Traceback" not in err
    assert out == ""
