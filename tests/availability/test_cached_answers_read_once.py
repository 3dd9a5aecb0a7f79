"""Asking for availability reads each cached answer once: the dashboard's batch, one cache trip."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from availability.checks.models import QueuedCheck

from availability.checks import results
from availability.checks.results import StoreAnswer, remember_answer
from availability.live import protocol
from cards.wishlist.models import TrackedCard
from stores.models import ChosenStore


class CountingCache:
    """The real cache, counting the answers read through it."""

    def __init__(self, cache) -> None:
        self._cache = cache
        self.keys_read: list[str] = []

    def get(self, key, *args, **kwargs):
        self.keys_read.append(key)
        return self._cache.get(key, *args, **kwargs)

    def get_many(self, keys, *args, **kwargs):
        self.keys_read.extend(keys)
        return self._cache.get_many(keys, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._cache, name)


def test_asking_for_availability_reads_a_stale_answer_once_and_queues_one_check(
    alice, bolt, make_store, monkeypatch
):
    store = make_store()
    ChosenStore.objects.create(user=alice, store=store)
    TrackedCard.objects.create(user=alice, card=bolt, amount=1)
    an_hour_too_old = timezone.now() - store.cache_ttl - timedelta(hours=1)
    stale = StoreAnswer(status="ok", offers=[], checked_at=an_hour_too_old)
    remember_answer(store.pk, bolt.pk, stale, store.cache_ttl)
    counting = CountingCache(results.cache)
    monkeypatch.setattr(results, "cache", counting)

    [message] = protocol.availability(alice)

    assert counting.keys_read == [results.result_key(store.pk, bolt.pk)]
    assert message["state"] == "stale"  # the last answer is shown, marked, while its recheck runs
    assert QueuedCheck.objects.count() == 1
