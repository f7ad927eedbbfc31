"""Help: every key active on the screen it was opened from, read from the live bindings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static


def owner_name(binding: ActiveBinding) -> str:
    """Who answers the key, in words: the app, the screen or a widget."""
    name = type(binding.node).__name__
    for suffix in ("Screen", "App"):
        if name.endswith(suffix) and name != suffix:
            return name.removesuffix(suffix) or name
    return name


class HelpScreen(ModalScreen[None]):
    """Built from `Screen.active_bindings`, so it can't list a key that no longer exists."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", show=False)
    ]

    def __init__(self, bindings: Iterable[ActiveBinding]) -> None:
        super().__init__()
        self.bindings = list(bindings)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static("Keys", classes="dialog-title")
            yield DataTable(cursor_type="row", id="help-keys", zebra_stripes=True)
            yield Static("Escape or ? closes this help; ctrl+p opens the command palette.")

    def on_mount(self) -> None:
        table = self.query_one("#help-keys", DataTable)
        table.add_columns("Key", "Does", "Where")
        seen: set[tuple[str, str]] = set()
        for active in self.bindings:
            binding = active.binding
            description = binding.description or binding.action
            key = self.app.get_key_display(binding)
            if (key, description) in seen:
                continue
            seen.add((key, description))
            state = "" if active.enabled else " (not here)"
            table.add_row(Text(key), Text(description + state), Text(owner_name(active)))
