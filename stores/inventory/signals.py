"""What inventory sync announces; apps built on it subscribe in their AppConfig.ready().

    sync_ended(store)   a sync that checks were waiting for has ended (whatever its outcome): the
                        store's cards without a fresh answer can be asked again, and now answer from
                        the new index (stores/inventory/first_sync.py). Receiver: availability.checks,
                        which queues those checks (inventory is below the checks and queues none).

Sent with `sender=StoreSync`.
"""

from __future__ import annotations

from django.dispatch import Signal

sync_ended = Signal()
