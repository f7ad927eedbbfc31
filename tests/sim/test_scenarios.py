"""The catalogue is data: complete, consistent, torch-free, and every entry runs."""

import subprocess
import sys

import pytest

from sim.errors import SimConfigError
from sim.scenarios import SCENARIOS, Check, get_scenario

REQUIRED = {
    "healthy",
    "mode_collapse",
    "vanishing_gradients",
    "non_convergence",
    "discriminator_guessing",
    "discriminator_overpowering",
    "learning_rate_too_high",
    "evaluation_tradeoff",
}


def test_required_ids_exist_and_each_failure_has_an_existing_fix() -> None:
    assert set(SCENARIOS) >= REQUIRED
    for scenario in SCENARIOS.values():
        assert scenario.fix is None or scenario.fix in SCENARIOS, scenario.id
        assert scenario.fix != scenario.id
    for failure in REQUIRED - {"healthy"}:
        assert SCENARIOS[failure].fix is not None, failure
    assert SCENARIOS["healthy"].fix is None
    assert SCENARIOS["discriminator_guessing"].fix == "healthy"


def test_every_scenario_has_text_and_a_signature() -> None:
    for scenario in SCENARIOS.values():
        assert scenario.title and scenario.watch and scenario.failure_mode
        assert len(scenario.description) > 80, scenario.id
        assert scenario.signature, scenario.id


def test_a_two_dimensional_oscillating_run_exists() -> None:
    oscillating = [s for s in SCENARIOS.values() if s.failure_mode == "non-convergence"]
    assert {s.config.dataset for s in oscillating} >= {"dirac", "gaussian"}


def test_unknown_id_lists_the_valid_ids() -> None:
    with pytest.raises(SimConfigError) as caught:
        get_scenario("mode_colapse")
    assert "mode_collapse" in str(caught.value) and "healthy" in str(caught.value)


def test_importing_the_catalogue_does_not_import_torch() -> None:
    code = (
        "import sys, sim.scenarios, sim.config, sim.snapshot, sim.metrics; "
        "print('torch' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_checks_read_the_history_as_documented() -> None:
    history = [{"x": 1.0}, {"x": 5.0}, {"x": 2.0}, {"x": 4.0}]
    assert Check(metric="x", op=">=", value=4, when="final").holds(history)
    assert Check(metric="x", op="<=", value=1, when="min").holds(history)
    assert Check(metric="x", op=">=", value=5, when="max").holds(history)
    assert Check(metric="x", op="<", value=3.1, when="late_mean").holds(history)
    assert Check(metric="x", op=">=", value=2, when="late_range").holds(history)
    assert not Check(metric="missing", op=">=", value=0).holds(history)
    assert not Check(metric="x", op=">=", value=0).holds([{"x": float("nan")}])


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_every_scenario_runs_a_few_steps(scenario_id: str) -> None:
    from sim.trainer import train

    frames = list(train(SCENARIOS[scenario_id].config, seed=0, steps=3, every=1))
    assert [frame.step for frame in frames] == [0, 1, 2, 3]
    assert all(frame.status == "ok" for frame in frames)
    assert "g_grad_norm" in frames[-1].metrics
