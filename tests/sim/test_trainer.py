"""The snapshot stream: shapes, determinism, batching equivalence, divergence, cancellation."""

import numpy as np
import pytest
import torch

from sim.config import SimConfig
from sim.errors import SimConfigError
from sim.scenarios import SCENARIOS
from sim.trainer import train, train_batch

SMALL = SimConfig(g_width=16, d_width=16, batch_size=32, samples=64, final_samples=100)


def _same_frames(first, second, exact: bool) -> None:
    assert [a.step for a in first] == [b.step for b in second]
    for a, b in zip(first, second, strict=True):
        assert a.status == b.status and a.diverged_at == b.diverged_at
        if exact:
            assert np.array_equal(a.fake, b.fake) and np.array_equal(a.grad, b.grad)
            assert a.metrics == b.metrics
        else:
            np.testing.assert_allclose(a.fake, b.fake, rtol=1e-4, atol=1e-5)
            np.testing.assert_allclose(a.grid.values, b.grid.values, rtol=1e-4, atol=1e-5)
            for name, value in a.metrics.items():
                assert b.metrics[name] == pytest.approx(value, rel=1e-3, abs=1e-4), name


def test_snapshot_contents_and_cadence() -> None:
    frames = list(train(SMALL, seed=0, steps=25, every=10))
    assert [frame.step for frame in frames] == [0, 10, 20, 25]
    middle, last = frames[1], frames[-1]
    assert middle.fake.shape == (64, 2) and middle.real.shape == (64, 2)
    assert last.fake.shape == (100, 2)  # the final frame uses final_samples
    assert middle.grad.shape == middle.fake.shape
    assert middle.grid.values.shape == (SMALL.grid_size, SMALL.grid_size)
    assert ((middle.grid.values >= 0) & (middle.grid.values <= 1)).all()
    expected = {
        "d_loss", "g_loss", "g_grad_norm", "d_real", "d_fake", "d_accuracy",
        "frechet_distance", "precision", "recall", "js_divergence",
        "modes_covered", "high_quality_fraction", "top_mode_fraction",
    }  # fmt: skip
    assert expected <= set(middle.metrics)
    assert middle.metrics["g_grad_norm"] > 0


def test_same_seed_gives_identical_snapshots_and_other_seeds_differ() -> None:
    first = list(train(SMALL, seed=3, steps=20, every=10))
    second = list(train(SMALL, seed=3, steps=20, every=10))
    _same_frames(first, second, exact=True)
    other = list(train(SMALL, seed=4, steps=20, every=10))
    assert not np.array_equal(first[-1].fake, other[-1].fake)


def test_snapshot_cadence_does_not_change_the_training() -> None:
    sparse = list(train(SMALL, seed=1, steps=20, every=20))
    dense = list(train(SMALL, seed=1, steps=20, every=1))
    np.testing.assert_array_equal(sparse[-1].fake, dense[-1].fake)


def test_a_batch_member_equals_the_same_run_alone() -> None:
    seeds = [0, 1, 2]
    batched = list(train_batch(SMALL, seeds, steps=20, every=10))
    for index, seed in enumerate(seeds):
        alone = list(train(SMALL, seed=seed, steps=20, every=10))
        _same_frames(alone, [frames[index] for frames in batched], exact=False)


def test_problem_and_fix_with_different_rates_and_losses_batch_like_separate_runs() -> None:
    problem = SMALL.model_copy(update={"loss": "minimax", "g_lr": 1e-2, "r1_gamma": 1.0})
    fix = SMALL.model_copy(update={"loss": "hinge", "instance_noise": 0.1})
    batched = list(train_batch([problem, fix], 5, steps=15, every=5))
    for index, config in enumerate((problem, fix)):
        alone = list(train(config, seed=5, steps=15, every=5))
        _same_frames(alone, [frames[index] for frames in batched], exact=False)


def test_a_run_beside_a_gradient_penalty_run_equals_itself_alone() -> None:
    # Only the WGAN-GP run draws interpolation weights; 60 steps cross several blocks of
    # pre-drawn training batches.
    plain = SMALL.model_copy(update={"samples": 32, "final_samples": 32})
    critic = plain.model_copy(update={"loss": "wasserstein_gp"})
    batched = list(train_batch([plain, critic], 2, steps=60, every=30))
    for index, config in enumerate((plain, critic)):
        alone = list(train(config, seed=2, steps=60, every=30))
        _same_frames(alone, [frames[index] for frames in batched], exact=False)


def test_structurally_different_configs_still_stream_together() -> None:
    wide = SMALL.model_copy(update={"g_width": 24})
    frames = list(train_batch([SMALL, wide], 0, steps=10, every=5))
    assert [len(frame) for frame in frames] == [2, 2, 2]
    alone = list(train(wide, seed=0, steps=10, every=5))
    _same_frames(alone, [frame[1] for frame in frames], exact=False)


def test_divergence_is_a_status_with_a_step_and_the_stream_ends_cleanly() -> None:
    exploding = SMALL.model_copy(
        update={"loss": "least_squares", "optimizer": "sgd", "g_lr": 10.0, "d_lr": 10.0}
    )
    frames = list(train(exploding, seed=0, steps=200, every=10))
    last = frames[-1]
    assert last.status == "diverged"
    assert last.diverged_at is not None and 0 < last.diverged_at <= last.step
    assert last.step < 200  # the stream stopped early instead of raising
    assert all(frame.status == "ok" for frame in frames[:-1])
    assert np.isfinite(last.fake).all()  # the last finite picture is kept


def test_a_diverged_member_does_not_disturb_the_rest_of_its_batch() -> None:
    exploding = SMALL.model_copy(
        update={"loss": "least_squares", "optimizer": "sgd", "g_lr": 10.0, "d_lr": 10.0}
    )
    sane = SMALL.model_copy(update={"loss": "least_squares", "optimizer": "sgd", "beta1": 0.0})
    sane_exploding = exploding.model_copy(update={"beta1": 0.0})
    batched = list(train_batch([sane_exploding, sane], 0, steps=30, every=10))
    assert batched[-1][0].status == "diverged" and batched[-1][1].status == "ok"
    alone = list(train(sane, seed=0, steps=30, every=10))
    _same_frames(alone, [frames[1] for frames in batched], exact=False)


def test_the_consumer_may_stop_at_any_time() -> None:
    stream = train(SMALL, seed=0, steps=1000, every=1)
    first = next(stream)
    second = next(stream)
    stream.close()
    assert (first.step, second.step) == (0, 1)


def test_dirac_snapshots_carry_the_trajectory() -> None:
    config = SCENARIOS["non_convergence"].config
    frames = list(train(config, seed=0, steps=20, every=10))
    last = frames[-1]
    assert last.fake.shape == (21, 2)  # (theta, psi) at every step so far
    assert tuple(last.fake[0]) == (1.0, 1.0)
    assert last.grid is None and last.grad is None
    theta, psi = last.fake[-1]
    assert last.metrics["distance_to_equilibrium"] == pytest.approx(float(np.hypot(theta, psi)))


def test_one_dimensional_data_gives_one_row_grids() -> None:
    config = SMALL.model_copy(update={"dataset": "mixture1d", "data_std": 0.1})
    last = list(train(config, seed=0, steps=5, every=5))[-1]
    assert last.fake.shape == (100, 1)
    assert last.grid.values.shape == (1, config.grid_size)
    assert "modes_covered" in last.metrics


@pytest.mark.parametrize("loss", ["wasserstein_gp", "hinge", "least_squares", "minimax"])
def test_every_loss_and_trick_trains_without_error(loss: str) -> None:
    config = SMALL.model_copy(
        update={"loss": loss, "pack": 2, "minibatch_stddev": True, "update": "simultaneous"}
    )
    last = list(train(config, seed=0, steps=5, every=5))[-1]
    assert last.status == "ok"
    assert 0.0 <= last.metrics["d_accuracy"] <= 1.0


def test_bad_batch_arguments_are_user_errors() -> None:
    with pytest.raises(SimConfigError, match="one config per seed"):
        list(train_batch([SMALL, SMALL], [0, 1, 2]))
    with pytest.raises(SimConfigError, match="seed"):
        list(train(SMALL, seed=-1))


def test_training_uses_no_global_random_state() -> None:
    torch.manual_seed(123)
    first = list(train(SMALL, seed=0, steps=5, every=5))[-1]
    torch.manual_seed(999)
    second = list(train(SMALL, seed=0, steps=5, every=5))[-1]
    np.testing.assert_array_equal(first.fake, second.fake)
