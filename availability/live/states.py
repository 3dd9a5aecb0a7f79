"""The one vocabulary of a dashboard cell: its state, named once here and told to the browser by the
markup.

Python compares with `CellState`; the cell template gets it as `State`; the browser reads what
each cell says of itself (`data-state`, `data-final`, `data-in-stock`, written by live/_cell.html
from `cells.cell_update`) and keeps no list or rule of its own. A check's own outcome is another,
smaller vocabulary (`StoreCheck.Status`: ok, not_found, error); a cell's state is what a user sees of
the latest one.
"""

from __future__ import annotations

from django.db import models


class CellState(models.TextChoices):
    CHECKING = "checking", "no answer yet; a check is queued"
    IN_STOCK = "in_stock", "the cheapest matching offer, with how many more there are"
    OUT_OF_STOCK = "out_of_stock", "the store answered and has no matching copy"
    ERROR = "error", "the store could not be read (reason shown); never \"not in stock\""
    PAUSED = "paused", "the check was skipped: the store is paused after repeated failures"
    STALE = "stale", "the last answer is older than the store's TTL; shown while a recheck runs"
    NOT_SOLD = "not_sold", "the store does not sell the card's game (Store.games); it is never asked"

    @property
    def final(self) -> bool:
        """An answer Refresh keeps and the progress counts as checked: not waiting for a check."""
        return self not in (CellState.CHECKING, CellState.STALE)

