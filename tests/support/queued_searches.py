"""A `manage.py shell` script that makes a user who tracks `{count}` catalog cards at the sample
Shopify store (set to search) and queues a check of each: what the worker tests and bench/processes.py
run a cluster on."""

QUEUE_SEARCHES = """
from django.contrib.auth import get_user_model
from availability.checks.pipeline import queue_check
from cards.catalog.models import Card
from cards.wishlist.models import TrackedCard
from stores.models import ChosenStore, Store
user = get_user_model().objects.create_user("alice", "alice@example.com", "alice password 1")
store = Store.objects.get(slug="sample-shopify")
Store.objects.filter(pk=store.pk).update(inventory_mode="search")
ChosenStore.objects.create(user=user, store=store)
cards = list(Card.objects.order_by("name")[:{count}])
TrackedCard.objects.bulk_create([TrackedCard(user=user, card=card) for card in cards])
print(sum(queue_check(store, card, user_id=user.pk) for card in cards))
"""
