"""The WebSocket message set (docs/protocol.md): checking what a browser sent, and answering it.

Each handler takes the signed-in user and the decoded message and returns the messages to send
back. It raises `BadMessage` for anything malformed or not allowed; the consumer turns that into
an `error` reply and keeps the connection open. Handlers are synchronous (they use the ORM); the
consumer runs them in a thread.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from availability.checks import request_check
from availability.rechecks import mark_watched
from availability.results import cached_answers, cell_message
from cards.models import TrackedCard
from cards.validation import resolve_card, validate_spec, validate_wish
from cards.wishlist import SpecValues, Want, add_wants, save_wants, wants_for, wants_of
from stores.models import Store

MAX_MESSAGE_BYTES = 16 * 1024
MAX_SPECS = 20
MAX_AMOUNT = 999
SPEC_FIELDS = ("set_code", "collector_number", "finish")
# A spec may also say how many copies of that printing (cards.wishlist.Want).
SPEC_KEYS = (*SPEC_FIELDS, "amount")


class BadMessage(Exception):
    """A message we cannot act on; `str()` is the reason the browser is told."""


# --- checking fields -----------------------------------------------------------------------------


def text_field(message: dict, name: str, *, required: bool = True, max_length: int = 300) -> str | None:
    value = message.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise BadMessage(f"'{name}' must be a non-empty string")
    if len(value) > max_length:
        raise BadMessage(f"'{name}' is longer than {max_length} characters")
    return value.strip()


def amount_field(container: dict, default: int | None = None) -> int:
    value = container.get("amount", default)
    # JSON true is an int in Python; nobody wants True copies of a card.
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_AMOUNT:
        raise BadMessage(f"'amount' must be a whole number from 1 to {MAX_AMOUNT}")
    return value


def spec_amounts_field(container: dict) -> list[tuple[SpecValues, int | None]]:
    """The specs, each with the amount it names (None when it names none)."""
    value = container.get("specs", [])
    if not isinstance(value, list) or len(value) > MAX_SPECS:
        raise BadMessage(f"'specs' must be a list of at most {MAX_SPECS} objects")
    specs = []
    for spec in value:
        if not isinstance(spec, dict):
            raise BadMessage("each spec must be an object with set_code, collector_number and finish")
        unknown = set(spec) - set(SPEC_KEYS)
        if unknown:
            raise BadMessage(f"unknown spec field {sorted(unknown)[0]!r}")
        parts = {}
        for name in SPEC_FIELDS:
            part = spec.get(name) or ""
            if not isinstance(part, str) or len(part) > 20:
                raise BadMessage(f"spec '{name}' must be a short string")
            parts[name] = part
        specs.append((SpecValues(**parts), amount_field(spec) if "amount" in spec else None))
    return specs


def tracked_card(user, name: str) -> TrackedCard:
    """The user's own tracked card by name; someone else's is reported as not tracked."""
    tracked = TrackedCard.objects.filter(user=user, card__name=name).select_related("card").first()
    if tracked is None:
        try:
            card = resolve_card(name)
        except ValidationError:
            card = None
        tracked = TrackedCard.objects.filter(user=user, card=card).select_related("card").first()
    if tracked is None:
        raise BadMessage(f'you are not tracking "{name}"')
    return tracked


def catalog_errors(error: ValidationError) -> BadMessage:
    return BadMessage("; ".join(error.messages))


# --- answers -------------------------------------------------------------------------------------


def cards_data(user) -> dict:
    tracked_cards = TrackedCard.objects.filter(user=user).select_related("card").prefetch_related("specs")
    return {
        "type": "cards_data",
        "tracked_cards": [
            {
                "card": tracked.card.name,
                "amount": tracked.amount,
                "specs": [
                    {"set_code": spec.set_code, "collector_number": spec.collector_number, "finish": spec.finish,
                     "amount": spec.amount}
                    for spec in tracked.specs.all()
                ],
            }
            for tracked in tracked_cards
        ],
    }


def user_stores(user) -> dict:
    stores = Store.objects.filter(chosen_by__user=user, enabled=True).order_by("name")
    return {
        "type": "user_stores",
        "stores": [
            {
                "slug": store.slug, "name": store.name, "homepage": store.homepage, "platform": store.platform,
                "city": store.city, "region": store.region, "currency": store.currency,
            }
            for store in stores
        ],
    }


def availability(user, card_name: str | None = None, store_slug: str | None = None) -> list[dict]:
    """One `card_availability_update` per (tracked card, chosen store), queuing checks as needed."""
    tracked_cards = TrackedCard.objects.filter(user=user).select_related("card").prefetch_related("specs")
    stores = Store.objects.filter(chosen_by__user=user, enabled=True).order_by("name")
    if card_name is not None:
        tracked_cards = tracked_cards.filter(pk=tracked_card(user, card_name).pk)
    if store_slug is not None:
        stores = stores.filter(slug=store_slug)
        if not stores:
            raise BadMessage(f'"{store_slug}" is not one of your stores')
    tracked_cards, stores = list(tracked_cards), list(stores)
    pairs = [(store.pk, tracked.card_id) for tracked in tracked_cards for store in stores]
    mark_watched(pairs)  # someone is looking: these pairs are rechecked first
    answers = cached_answers(pairs)
    messages = []
    # One transaction for the whole batch: queuing hundreds of checks then costs one commit, not
    # one each, and the workers see them all at once.
    with transaction.atomic():
        for tracked in tracked_cards:
            specs = list(tracked.specs.all())
            for store in stores:
                answer = answers.get((store.pk, tracked.card_id))
                if answer is None or not answer.is_fresh(store.cache_ttl):
                    answer = request_check(store, tracked.card)
                messages.append(cell_message(tracked.card.name, store.slug, answer, specs))
    return messages


# --- handlers ------------------------------------------------------------------------------------


def add_card(user, message: dict) -> list[dict]:
    name = text_field(message, "card")
    amount = amount_field(message) if "amount" in message else None
    specs = spec_amounts_field(message)
    try:
        card, _ = validate_wish(name, [spec for spec, _ in specs])
        add_wants(user, card, _checked_wants(card, amount, specs))
    except ValidationError as error:
        raise catalog_errors(error)
    return [cards_data(user), *availability(user, card_name=card.name)]


def _checked_wants(card, amount: int | None, specs: list[tuple[SpecValues, int | None]]) -> list[Want]:
    """The message's specs checked against the catalog, as wants (cards.wishlist.wants_for)."""
    checked = [(validate_spec(card, spec), spec_amount) for spec, spec_amount in specs]
    return wants_for(amount, checked)


def update_card(user, message: dict) -> list[dict]:
    name = text_field(message, "card")
    changes = message.get("update_data")
    if not isinstance(changes, dict) or not changes:
        raise BadMessage("'update_data' must be an object with 'amount' and/or 'specs'")
    unknown = set(changes) - {"amount", "specs"}
    if unknown:
        raise BadMessage(f"'update_data' has an unknown field {sorted(unknown)[0]!r}")
    with transaction.atomic():
        tracked = tracked_card(user, name)
        amount = amount_field(changes) if "amount" in changes else None
        try:
            if "specs" in changes:
                wants = _checked_wants(tracked.card, amount, spec_amounts_field(changes))
            else:  # a new amount for the printings already wanted
                wants = wants_for(amount, [(want.spec, None) for want in wants_of(tracked)])
            save_wants(tracked, wants)
        except ValidationError as error:
            raise catalog_errors(error)
    return [cards_data(user), *availability(user, card_name=tracked.card.name)]


def delete_card(user, message: dict) -> list[dict]:
    tracked_card(user, text_field(message, "card")).delete()
    return [cards_data(user)]


def get_users_cards(user, message: dict) -> list[dict]:
    return [cards_data(user)]


def get_user_stores(user, message: dict) -> list[dict]:
    return [user_stores(user)]


def get_card_availability(user, message: dict) -> list[dict]:
    card_name = text_field(message, "card_name", required=False)
    store_slug = text_field(message, "store_slug", required=False, max_length=100)
    return availability(user, card_name=card_name, store_slug=store_slug)


# Handlers that may take seconds (the solver's time limit): the consumer runs them off the shared
# thread that other handlers queue on.
SLOW_REQUESTS = frozenset({"get_buy_plan"})


def get_buy_plan(user, message: dict) -> list[dict]:
    from availability.plan_views import buy_plan_message  # it imports BadMessage from here

    return [buy_plan_message(user, message)]


HANDLERS: dict[str, Callable[[object, dict], list[dict]]] = {
    "add_card": add_card,
    "update_card": update_card,
    "delete_card": delete_card,
    "get_users_cards": get_users_cards,
    "get_user_stores": get_user_stores,
    "get_card_availability": get_card_availability,
    "get_buy_plan": get_buy_plan,
}
