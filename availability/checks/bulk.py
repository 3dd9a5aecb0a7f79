"""A synced store answers in bulk: every tracked pair at the store, from its index, in one pass.

    answer_in_bulk(store)          worker: right after the store's sync ends (`pipeline.on_sync_ended`)
    answer_in_bulk(store, cards)   worker: the recheck's stale pairs at a store whose index answers

A store read through its inventory index answers every card without a request. Before, each of its
tracked pairs still went through the queue as its own task (`check_store_card`, queued by the
five-minute recheck and by the end of a sync), so a synced store with 20,000 tracked cards kept the
queue busy with tasks that each read one card's rows: the queue that users' searches wait in. Now,
when the index is read, every pair at the store gets its answer here, in one task, in a number of
statements that does not grow with the pairs (one per 2,000 cards for each step):

1. the index is read for all the cards at once (`stores.inventory.index.answers_from_index`);
2. the answers are recorded as `latest.record_check` records one (`latest.record_checks`): history
   only for a change, never older news over newer;
3. the cache forgets the pairs' older answers (one statement or round trip per 2,000 pairs), so
   every reader falls through to the latest-answer table just written (`results.cached_answers`
   reads those in one query). Writing the answers to the cache instead costs the database cache
   (the laptop configuration) several statements per pair;
4. the checks app says so with the bulk signals (`signals.checks_recorded`, `signals.answers_ready`):
   alerts judge only the pairs someone has alerts on, the live app pushes each viewer's cells.

The queue then carries searches and syncs; a synced store's pairs reach it only when a card is added
between syncs (one task, answered from the index) or when this pass could not run (it falls back
to queuing the pairs, as before).
"""

from __future__ import annotations

import dataclasses
import logging

from django.core.cache import cache

from availability.checks import latest
from availability.checks.models import StoreCheck
from availability.checks.results import StoreAnswer, result_key
from availability.checks.setcodes import with_set_codes
from availability.checks.signals import answers_ready, checks_recorded
from cards.catalog.models import Card
from stores.inventory.index import answers_from_index
from stores.models import Store

logger = logging.getLogger(__name__)
CHUNK = 2000


def answer_in_bulk(store: Store, cards: list[Card] | None = None) -> int | None:
    """Answer `cards` (default: every card tracked at the store) from the store's index in one pass;
    how many were answered, or None when the index cannot answer (no fresh index, search mode)."""
    if cards is None:
        cards = list(Card.objects.filter(tracked_by__user__chosen_stores__store=store).distinct())
    results = answers_from_index(store, [card.name for card in cards])
    if results is None:
        return None
    if not cards:
        return 0
    # Set codes for every offer at once (one query), as each check gives its own.
    flat = [offer for card in cards for offer in results[card.name].offers]
    coded = iter(with_set_codes(flat))
    by_card = {card.pk: dataclasses.replace(results[card.name],
                                            offers=[next(coded) for _ in results[card.name].offers])
               for card in cards}
    recorded = latest.record_checks(store, by_card)
    answers: list[tuple[Card, StoreAnswer]] = []
    for card in cards:
        kept = recorded[card.pk]
        answers.append((card, StoreAnswer(status=kept.check.status, offers=kept.offers, reason=kept.check.reason,
                                          checked_at=kept.checked_at, last_good_at=kept.last_good_at)))
    keys = [result_key(store.pk, card.pk) for card, _ in answers]
    for start in range(0, len(keys), CHUNK):
        cache.delete_many(keys[start:start + CHUNK])
    checks_recorded.send(sender=StoreCheck, store=store, checks=[recorded[card.pk].check for card in cards])
    answers_ready.send(sender=StoreCheck, store=store, answers=answers)
    return len(answers)
