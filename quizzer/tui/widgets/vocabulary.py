"""The lesson's vocabulary: a table that filters term and definition as you type."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Resize
from textual.widgets import DataTable, Input, Static

from quizzer.bank.model import VocabularyTerm

TERM_WIDTH = 24


def matches(term: VocabularyTerm, query: str) -> bool:
    """Case-insensitive substring match on the term or its definition."""
    needle = query.strip().casefold()
    return not needle or needle in term.term.casefold() or needle in term.definition.casefold()


class VocabularyTable(Vertical):
    """Filter box, table of matching terms, and the highlighted term in full below."""

    def __init__(self, terms: list[VocabularyTerm], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.terms = terms
        self.shown: list[VocabularyTerm] = list(terms)

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Type to filter terms and definitions", id="vocab-filter")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="vocab-table")
        yield Static(id="vocab-detail", markup=False)

    @property
    def table(self) -> DataTable:
        return self.query_one("#vocab-table", DataTable)

    def on_mount(self) -> None:
        self._fill()

    def on_resize(self, event: Resize) -> None:
        self._fill()

    @on(Input.Changed, "#vocab-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.shown = [term for term in self.terms if matches(term, event.value)]
        self._fill()

    def _fill(self) -> None:
        table = self.table
        table.clear(columns=True)
        definition_width = max(20, self.size.width - TERM_WIDTH - 6)
        table.add_column("Term", width=TERM_WIDTH, key="term")
        table.add_column("Definition", width=definition_width, key="definition")
        for index, term in enumerate(self.shown):
            table.add_row(Text(term.term), Text(term.definition, no_wrap=True), key=str(index))
        self._describe(0)

    @on(DataTable.RowHighlighted, "#vocab-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe(event.cursor_row)

    def _describe(self, row: int) -> None:
        detail = self.query_one("#vocab-detail", Static)
        if not self.shown:
            detail.update("No term or definition matches.")
            return
        term = self.shown[min(row, len(self.shown) - 1)]
        detail.update(f"{term.term}: {term.definition}\nExample: {term.example}")
