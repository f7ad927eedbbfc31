"""HyperparameterDialog: edit a run's main settings; the simulator's own config judges them.

Every value goes through `sim.config.apply_overrides`, the same path as the CLI's `--set`,
so the dialog rejects exactly what the simulator rejects, with the simulator's message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, Select, Static

from sim.config import LOSSES, SimConfig, apply_overrides
from sim.errors import SimConfigError

EDITABLE_FIELDS: tuple[str, ...] = ("g_lr", "d_lr", "d_steps", "batch_size")
"""The free-text settings; `loss` is a choice and `seed` is not part of the config."""


@dataclass(frozen=True)
class RunSettings:
    """What the dialog returns: the edited config and the seed to re-run with."""

    config: SimConfig
    seed: int


def parse_seed(raw: str) -> int:
    """A seed is a whole number from 0 to 2**32 - 1 (what every generator accepts)."""
    try:
        seed = int(raw.strip())
    except ValueError:
        raise SimConfigError(f"seed: expected a whole number, got {raw!r}") from None
    if not 0 <= seed < 2**32:
        raise SimConfigError(f"seed: must be between 0 and 4294967295, got {seed}")
    return seed


class _ConfigValue(Validator):
    """Validates one field by applying it to the current config."""

    def __init__(self, config: SimConfig, key: str) -> None:
        super().__init__()
        self._config = config
        self._key = key

    def validate(self, value: str) -> ValidationResult:
        try:
            apply_overrides(self._config, [f"{self._key}={value}"])
        except SimConfigError as error:
            return self.failure(str(error))
        return self.success()


class _SeedValue(Validator):
    def validate(self, value: str) -> ValidationResult:
        try:
            parse_seed(value)
        except SimConfigError as error:
            return self.failure(str(error))
        return self.success()


class HyperparameterDialog(ModalScreen[RunSettings | None]):
    """A form over g_lr, d_lr, loss, d_steps, batch_size and seed; apply re-runs, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, config: SimConfig, seed: int, *, title: str) -> None:
        super().__init__()
        self._config = config
        self._seed = seed
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="params-dialog"):
            yield Static(self._title, id="params-title", markup=False)
            with Grid(id="params-grid"):
                for key in EDITABLE_FIELDS:
                    yield Label(key)
                    yield Input(
                        str(getattr(self._config, key)),
                        id=f"param-{key}",
                        validators=[_ConfigValue(self._config, key)],
                        validate_on=["changed", "submitted"],
                        compact=True,
                    )
                yield Label("loss")
                yield Select(
                    [(loss, loss) for loss in LOSSES],
                    value=self._config.loss,
                    allow_blank=False,
                    id="param-loss",
                    compact=True,
                )
                yield Label("seed")
                yield Input(
                    str(self._seed),
                    id="param-seed",
                    validators=[_SeedValue()],
                    validate_on=["changed", "submitted"],
                    compact=True,
                )
            yield Static("", id="params-error", markup=False)
            with Horizontal(id="params-buttons"):
                yield Button("Apply and re-run", variant="primary", id="params-apply", compact=True)
                yield Button("Cancel", id="params-cancel", compact=True)

    def _value(self, key: str) -> str:
        return self.query_one(f"#param-{key}", Input).value

    def settings(self) -> RunSettings:
        """The edited settings, or a `SimConfigError` with the simulator's own message."""
        loss = self.query_one("#param-loss", Select).value
        assignments = [f"{key}={self._value(key)}" for key in EDITABLE_FIELDS]
        assignments.append(f"loss={loss}")
        config = apply_overrides(self._config, assignments)
        return RunSettings(config=config, seed=parse_seed(self._value("seed")))

    @on(Input.Changed)
    def _show_field_problem(self, event: Input.Changed) -> None:
        result = event.validation_result
        message = (
            "" if result is None or result.is_valid else "; ".join(result.failure_descriptions)
        )
        self.query_one("#params-error", Static).update(message)

    @on(Input.Submitted)
    @on(Button.Pressed, "#params-apply")
    def action_apply(self) -> None:
        try:
            settings = self.settings()
        except SimConfigError as error:
            self.query_one("#params-error", Static).update(str(error))
            return
        self.dismiss(settings)

    @on(Button.Pressed, "#params-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
