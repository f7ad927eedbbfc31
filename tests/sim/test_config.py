"""SimConfig bounds and the KEY=VALUE override helper: bad input gets a message, not a crash."""

import pytest
from pydantic import ValidationError

from quizzer.errors import QuizzerError
from sim.config import SimConfig, apply_overrides, make_config
from sim.errors import SimConfigError


def test_overrides_parse_numbers_booleans_choices_and_pairs() -> None:
    config = apply_overrides(
        SimConfig(),
        ["g_lr=2e-3", "pack=2", "minibatch_stddev=true", "loss=hinge", "dirac_init=0.5,-1"],
    )
    assert config.g_lr == 2e-3
    assert config.pack == 2
    assert config.minibatch_stddev is True
    assert config.loss == "hinge"
    assert config.dirac_init == (0.5, -1.0)


def test_overrides_leave_the_original_untouched() -> None:
    original = SimConfig()
    apply_overrides(original, ["g_lr=0.5"])
    assert original.g_lr == 1e-3


@pytest.mark.parametrize(
    ("assignment", "fragment"),
    [
        ("g_lr=0", "g_lr"),
        ("d_lr=1e6", "d_lr"),
        ("batch_size=100000", "batch_size"),
        ("g_width=5000", "g_width"),
        ("steps=0", "steps"),
        ("loss=bogus", "loss"),
        ("pack=3", "multiple of pack"),
        ("wibble=1", "unknown setting 'wibble'"),
        ("g_lr", "expected KEY=VALUE"),
    ],
)
def test_absurd_values_raise_a_clear_user_error(assignment: str, fragment: str) -> None:
    with pytest.raises(SimConfigError) as caught:
        apply_overrides(SimConfig(), [assignment])
    assert fragment in str(caught.value)
    # The CLI prints QuizzerError messages and exits 1, without a traceback.
    assert isinstance(caught.value, QuizzerError)


def test_unknown_setting_lists_the_valid_ones() -> None:
    with pytest.raises(SimConfigError, match=r"valid settings: .*g_lr"):
        apply_overrides(SimConfig(), ["glr=1"])


def test_config_is_frozen_and_rejects_extra_fields() -> None:
    config = SimConfig()
    with pytest.raises(ValidationError, match="frozen"):
        config.g_lr = 1.0  # type: ignore[misc]
    with pytest.raises(SimConfigError, match="learning_rate: Extra inputs"):
        make_config(learning_rate=1.0)


def test_dirac_rejects_batch_tricks() -> None:
    with pytest.raises(SimConfigError, match="Dirac"):
        make_config(dataset="dirac", pack=2)
