"""A wishlist change reaches every open tab of its user, whatever path made it.

Adding, editing and deleting a card happen through the socket, the form views and list import;
all of them save or delete `TrackedCard` / `CardSpec` rows. Model signals catch every path without
`cards` importing anything from `availability`. After the transaction commits, one `cards_data`
(with the rows rendered) goes to the user's group, once per user per transaction.

The socket that made the change already got its `cards_data` as a direct reply, in order with the
cell updates that follow; it is skipped here (`current_socket`), so it does not get it twice.
"""

from __future__ import annotations

import contextvars
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from availability.live.wishlist_reply import cards_data, forget
from cards.wishlist.models import CardSpec, TrackedCard
from lgs_checker.push import push_to_user

# The channel name of the socket whose message is being handled in this context, if any.
current_socket: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_socket", default=None)

def wishlist_changed(user_id: int) -> None:
    """Push the user's wishlist after this transaction commits (once, however many rows changed)."""
    send = partial(push_wishlist, user_id, current_socket.get())
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        isinstance(queued, partial) and queued.func is push_wishlist and queued.args == send.args
        for _, queued, *_ in connection.run_on_commit
    ):
        return
    transaction.on_commit(send)


def push_wishlist(user_id: int, skip: str | None = None) -> None:
    forget(user_id)  # before rendering: the rows this process or another kept are out of date
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None:
        push_to_user(user_id, cards_data(user), skip=skip)


def on_tracked_card(sender, instance: TrackedCard, **kwargs) -> None:
    wishlist_changed(instance.user_id)


def on_spec(sender, instance: CardSpec, **kwargs) -> None:
    user_id = TrackedCard.objects.filter(pk=instance.tracked_card_id).values_list("user_id", flat=True).first()
    if user_id is not None:
        wishlist_changed(user_id)


def connect() -> None:
    post_save.connect(on_tracked_card, sender=TrackedCard, dispatch_uid="wishlist_push_tracked_save")
    post_delete.connect(on_tracked_card, sender=TrackedCard, dispatch_uid="wishlist_push_tracked_delete")
    post_save.connect(on_spec, sender=CardSpec, dispatch_uid="wishlist_push_spec_save")
    post_delete.connect(on_spec, sender=CardSpec, dispatch_uid="wishlist_push_spec_delete")
