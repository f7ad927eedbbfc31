"""How robust the catalogue is: each scenario's signature over more seeds than the tests use.

The behaviour tests ask for 4 of 5 seeds; this runs every scenario over seeds 0..N-1 (batched,
as the tests do) and prints, per scenario, in how many its signature holds and, for a
failure, in how many its fix holds and the failure's signature still shows in the fix. For
runs that miss, the checks that failed and the values they read.

    .venv/bin/python benchmarks/scenario_seeds.py [--seeds 10] [SCENARIO ...]
"""

from __future__ import annotations

import argparse
import time

from sim.scenarios import SCENARIOS, Scenario
from sim.snapshot import history_row
from sim.trainer import train_batch

History = list[dict[str, float]]


def histories(scenario: Scenario, seeds: list[int]) -> tuple[list[History], float]:
    """Metric histories of the scenario's seeds, trained as one batch, and the wall time."""
    start = time.perf_counter()
    runs: list[History] = [[] for _ in seeds]
    for frames in train_batch(scenario.config, seeds):
        for history, frame in zip(runs, frames, strict=True):
            history.append(history_row(frame))
    return runs, time.perf_counter() - start


def misses(scenario: Scenario, runs: list[History]) -> str:
    """The failed checks of each run whose signature does not hold."""
    notes = []
    for seed, history in enumerate(runs):
        failed = [c for c in scenario.signature if not c.holds(history)]
        if failed:
            values = ", ".join(f"{check} -> {check.read(history):.3g}" for check in failed)
            notes.append(f"seed {seed}: {values}")
    return "; ".join(notes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("scenarios", nargs="*", default=list(SCENARIOS))
    args = parser.parse_args()
    seeds = list(range(args.seeds))
    cache: dict[str, tuple[list[History], float]] = {}

    def runs_of(scenario_id: str) -> tuple[list[History], float]:
        if scenario_id not in cache:
            cache[scenario_id] = histories(SCENARIOS[scenario_id], seeds)
        return cache[scenario_id]

    print(f"| scenario | own signature | fix's signature | failure in fix | {len(seeds)} seeds |")
    print("|---|---|---|---|---|")
    for scenario_id in args.scenarios:
        scenario = SCENARIOS[scenario_id]
        runs, seconds = runs_of(scenario_id)
        own = sum(scenario.signature_holds(history) for history in runs)
        fix_cell = in_fix_cell = ""
        if scenario.fix is not None:
            fix = SCENARIOS[scenario.fix]
            fix_runs, _ = runs_of(fix.id)
            fix_cell = f"{sum(fix.signature_holds(history) for history in fix_runs)}/{len(seeds)}"
            in_fix = sum(scenario.signature_holds(history) for history in fix_runs)
            in_fix_cell = f"{in_fix}/{len(seeds)}"
        note = misses(scenario, runs)
        print(
            f"| {scenario_id} | {own}/{len(seeds)} | {fix_cell} | {in_fix_cell} | "
            f"{seconds:.1f} s{'; ' + note if note else ''} |"
        )


if __name__ == "__main__":
    main()
