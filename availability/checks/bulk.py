"""A synced store answers in bulk: every tracked pair at the store, from its index, in one pass.

    answer_in_bulk(store)          worker: right after the store's sync ends (`pipeline.on_sync_ended`)
    answer_in_bulk(store, cards)   worker: the stale pairs at a store whose index answers, in one task
                                   for the store (`answer_stale_pairs`, queued by the five-minute recheck)

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
from django_q.tasks import async_task

from availability.checks import latest, rechecks
from availability.checks.models import StoreCheck
from availability.checks.results import StoreAnswer, result_key
from availability.checks.setcodes import with_set_codes
from availability.checks.signals import answers_ready, checks_recorded
from cards.catalog.models import Card
from stores.inventory.index import answers_from_index
from stores.models import Store

logger = logging.getLogger(__name__)
CHUNK = 2000
ALL_STALE = 10_000_000  # no budget: answering from the index sends no request
# A whole store's pairs in one task: longer than a check may take (Q_TIMEOUT), as a sync's task is.
TASK_TIMEOUT_SECONDS = 1800
STALE_TASK = "availability.checks.bulk.answer_stale_pairs"


def stale_task_key(store_id: int) -> str:
    return f"index-answers-pending:{store_id}"


def queue_index_answers(store: Store) -> int:
    """The recheck's part for a store whose index answers: one task for all its stale pairs, if it has
    any and none is queued already; 1 if this call queued it."""
    card_ids, _backlog = rechecks.stale_card_ids(store, 1)
    if not card_ids or not cache.add(stale_task_key(store.pk), 1, timeout=TASK_TIMEOUT_SECONDS):
        return 0
    async_task(STALE_TASK, store.pk, timeout=TASK_TIMEOUT_SECONDS,
               task_name=f"answer {store.slug} from its index"[:100], group="index answers")
    return 1


def answer_stale_pairs(store_id: int) -> str:
    """Worker: answer every stale pair of the store from its index, in one pass."""
    try:
        store = Store.objects.filter(pk=store_id).first()
        if store is None:
            return "gone"
        card_ids, _backlog = rechecks.stale_card_ids(store, ALL_STALE)
        cards = Card.objects.in_bulk(card_ids)
        answered = answer_in_bulk(store, [cards[card_id] for card_id in card_ids if card_id in cards])
        return "no fresh index" if answered is None else f"{answered} answered"
    finally:
        cache.delete(stale_task_key(store_id))


def answer_in_bulk(store: Store, cards: list[Card] | None = None) -> int | None:
    """Answer `cards` (default: every card tracked at the store) from the store's index in one pass;
    how many were answered, or None when the index cannot answer (no fresh index, search mode)."""
    if cards is None:
        cards = list(Card.objects.filter(tracked_by__user__chosen_stores__store=store).distinct())
    cards = [card for card in cards if store.sells(card.game)]  # the others are never asked there
    found = answers_from_index(store, [(card.name, card.game) for card in cards])
    results = None if found is None else {card.pk: found[card.name, card.game] for card in cards}
    if results is None:
        return None
    if not cards:
        return 0
    # Set codes for every offer at once (one query), as each check gives its own.
    flat = [offer for card in cards for offer in results[card.pk].offers]
    coded = iter(with_set_codes(flat))
    by_card = {card.pk: dataclasses.replace(results[card.pk],
                                            offers=[next(coded) for _ in results[card.pk].offers])
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
