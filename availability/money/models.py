"""Exchange rates, for plans across stores that price in different currencies.

The table keeps the name it had when the model lived in the `availability` app
(`availability_exchangerate`): the move changed which app owns it, not where its rows are.
"""

from __future__ import annotations

from django.db import models


class ExchangeRate(models.Model):
    """How many units of a currency one euro buys (the ECB's reference rates are quoted so); any two
    currencies convert through the euro. Loaded by `manage.py load_rates`, or typed in the admin for
    currencies the ECB does not quote (CLP)."""

    currency = models.CharField(max_length=3, unique=True, help_text="ISO 4217 code, e.g. USD.")
    per_euro = models.DecimalField(
        max_digits=18, decimal_places=6, help_text="Units of this currency for 1 EUR, e.g. 1.0523 for USD."
    )
    as_of = models.DateField(help_text="The day the rate is for.")
    source = models.CharField(max_length=40, default="admin", help_text="ECB, or admin when typed in.")

    class Meta:
        db_table = "availability_exchangerate"
        ordering = ["currency"]
        constraints = [models.CheckConstraint(condition=models.Q(per_euro__gt=0), name="rate_is_positive")]

    def __str__(self) -> str:
        return f"1 EUR = {self.per_euro} {self.currency} ({self.as_of})"

    def save(self, *args, **kwargs) -> None:
        self.currency = self.currency.strip().upper()
        super().save(*args, **kwargs)
