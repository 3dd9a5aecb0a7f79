"""What inventory sync announces; apps built on it subscribe in their AppConfig.ready().

    sync_ended(store, waited)
                        a sync of the store has ended (whatever its outcome; also when a queued sync
                        found the index fresh already): every tracked card at the store can be
                        answered from the index in one pass, and checks that waited for it
                        (stores/inventory/first_sync.py) get their answers. Receiver:
                        availability.checks, which does that pass, or queues the cards without a
                        fresh answer when no index answers and checks `waited` for this sync (inventory is below the
                        checks).

Sent with `sender=StoreSync`.
"""

from __future__ import annotations

from django.dispatch import Signal

sync_ended = Signal()
