"""Fill the latest-answer table from the history kept so far: one row per (store, card), from its
newest check and its newest check that was not an error. Without it every pair would look never
checked after the deploy and be rechecked at once, and a store that errs would lose its last
known stock in the buy plan until its next good answer."""

from __future__ import annotations

from django.db import migrations
from django.db.models import OuterRef, Subquery

BATCH = 2000


def fill(apps, schema_editor) -> None:
    StoreCheck = apps.get_model("availability", "StoreCheck")
    Offer = apps.get_model("availability", "Offer")
    LatestAnswer = apps.get_model("availability", "LatestAnswer")
    same_pair = StoreCheck.objects.filter(store=OuterRef("store"), card=OuterRef("card")).order_by("-checked_at", "-pk")
    newest = StoreCheck.objects.filter(pk=Subquery(same_pair.values("pk")[:1]))
    good_of = same_pair.exclude(status="error").values("pk")[:1]
    rows = newest.annotate(good_pk=Subquery(good_of)).values_list(
        "pk", "store_id", "card_id", "status", "reason", "checked_at", "good_pk"
    )
    batch: list = []
    for pk, store_id, card_id, status, reason, checked_at, good_pk in rows.iterator(chunk_size=BATCH):
        batch.append(LatestAnswer(
            store_id=store_id, card_id=card_id, status=status, reason=reason, checked_at=checked_at,
            changed_at=checked_at, last_check_id=pk, good_check_id=good_pk,
        ))
        if len(batch) >= BATCH:
            _save(batch, StoreCheck, Offer, LatestAnswer)
            batch = []
    _save(batch, StoreCheck, Offer, LatestAnswer)


def _save(batch: list, StoreCheck, Offer, LatestAnswer) -> None:
    good_ids = [row.good_check_id for row in batch if row.good_check_id]
    good_at = dict(StoreCheck.objects.filter(pk__in=good_ids).values_list("pk", "checked_at"))
    offers: dict[int, list[dict]] = {}
    for offer in Offer.objects.filter(store_check_id__in=good_ids).order_by("price"):
        offers.setdefault(offer.store_check_id, []).append({
            "name": offer.name, "set_name": offer.set_name, "set_code": offer.set_code,
            "collector_number": offer.collector_number, "finish": offer.finish, "condition": offer.condition,
            "condition_raw": offer.condition_raw, "language": offer.language, "price": str(offer.price),
            "currency": offer.currency, "quantity": offer.quantity, "url": offer.url,
            "variant_id": offer.variant_id or None, "cart_url": None,
        })
    for row in batch:
        row.offers = offers.get(row.good_check_id, [])
        row.last_good_at = good_at.get(row.good_check_id)
    LatestAnswer.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("availability", "0006_latest_answers_daily_prices")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
