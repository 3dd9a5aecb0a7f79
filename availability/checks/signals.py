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

Both are sent with `sender=StoreCheck`.
"""

from __future__ import annotations

from django.dispatch import Signal

check_recorded = Signal()
answer_ready = Signal()
