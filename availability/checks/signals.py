"""What the checks announce; the apps that care subscribe in their AppConfig.ready().

The worker records a check and says so; it renders no cell and decides no alert of its own. Both
signals are sent in the worker, synchronously, so a receiver's work happens before the task ends
(and its exception, if it lets one out, fails the task as it would have before).

    check_recorded(check)               a check was recorded: `check` is the history row behind the
                                        pair's latest answer (the row it repeats, when unchanged).
                                        Receivers: availability.alerts (is it news for someone?).
    answer_ready(store, card, answer)   the pair's answer for this task is known: scraped, reused
                                        from the cache, or a failure on our side (`StoreAnswer`).
                                        Receivers: availability.live (each viewer's cell, pushed).

A synced store's whole index is answered in one pass (availability/checks/bulk.py), announced once
for all its pairs with the bulk forms, whose receivers read what they need for all of them at once:

    checks_recorded(store, checks)      `check_recorded` for each of `checks` (all of one store).
                                        Receivers: availability.alerts.
    answers_ready(store, answers)       `answer_ready` for each (card, answer) of `answers`.
                                        Receivers: availability.live.

All are sent with `sender=StoreCheck`.
"""

from __future__ import annotations

from django.dispatch import Signal

check_recorded = Signal()
answer_ready = Signal()
checks_recorded = Signal()
answers_ready = Signal()
