"""The WebSocket message set (docs/protocol.md): checking what a browser sent, and answering it.

Each handler takes the signed-in user and the decoded message and returns the messages to send
back. It raises `BadMessage` for anything malformed or not allowed; the consumer turns that into
an `error` reply and keeps the connection open. Handlers are synchronous (they use the ORM); the
consumer runs them in a thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from availability.buyplan.jsonio import PlanInputError
from availability.buyplan.views import buy_plan_message
from availability.checks.pipeline import queue_check
from availability.live.cells import render_best
from availability.live.grid import Grid
from availability.live.wishlist_reply import UserView, cards_data, user_view
from availability.preferences.zones import zone_of
from cards.catalog.validation import resolve_card
from cards.wishlist.changes import SpecValues, add_wants, save_wants, wants_for, wants_of
from cards.wishlist.forms import AMOUNT_ERROR, SpecForm, WishForm, checked_wish
from cards.wishlist.models import TrackedCard
from cards.wishlist.validation import checked_wants
from scrapers.games import GAMES, MAGIC
from stores.models import Store

MAX_MESSAGE_BYTES = 16 * 1024
MAX_SPECS = 20
SPEC_FIELDS = ("set_code", "collector_number", "finish")
# A spec may also say how many copies of that printing (cards.wishlist.changes.Want).
SPEC_KEYS = (*SPEC_FIELDS, "amount")


class BadMessage(Exception):
    """A message we cannot act on; `str()` is the reason the browser is told.

    `suggestion` is a card name the user may have meant ("did you mean"), offered as a button.
    """

    def __init__(self, message: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.suggestion = suggestion


# --- text no database or browser can take -------------------------------------------------------

# C0 controls other than tab, newline and carriage return: never part of a card name or a store
# slug. NUL in particular makes PostgreSQL refuse the whole query.
_CONTROL_CHARACTERS = {chr(code) for code in range(32)} - {"\t", "\n", "\r"}


def text_problem(text: str) -> str | None:
    """Why this string cannot be stored or sent back as UTF-8, or None when it can."""
    if "\x00" in text:
        return "contains a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # JSON lets a sender write "\ud800"; Python decodes it to a lone surrogate, which no
        # database column and no UTF-8 text frame can hold.
        return "contains a lone surrogate (invalid Unicode)"
    if _CONTROL_CHARACTERS.intersection(text):
        return "contains a control character"
    return None


def check_text(value: object, where: str = "message") -> None:
    """Refuse any string, key or value, anywhere in a decoded message that we could not handle."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            raise BadMessage(f"{where} {problem}")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(key, "a field name")
            check_text(item, f"'{key}'")
    elif isinstance(value, list):
        for item in value:
            check_text(item, where)


# --- checking fields -----------------------------------------------------------------------------
# Here only the JSON shapes (a string is a string, a number is not "4" or true); the values go
# through the same Django forms as the web pages (cards.wishlist.forms), which hold the rules and messages.


def text_field(message: dict, name: str, *, required: bool = True, max_length: int = 300) -> str | None:
    value = message.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise BadMessage(f"'{name}' must be a non-empty string")
    if len(value) > max_length:
        raise BadMessage(f"'{name}' is longer than {max_length} characters")
    return value.strip()


def amount_field(container: dict) -> int | None:
    """The container's amount when it is a JSON whole number (None when it gives none); its range is
    the form's to check (`WishForm`, `SpecForm`)."""
    value = container.get("amount")
    # JSON true is an int in Python, and a form would read "4" as 4: neither is a JSON number.
    if "amount" in container and (not isinstance(value, int) or isinstance(value, bool)):
        raise BadMessage(f"'amount' {AMOUNT_ERROR}")
    return value


def spec_amounts_field(container: dict) -> list[tuple[SpecValues, int | None]]:
    """The specs, each with the amount it names (None when it names none), through `SpecForm`."""
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
        for name in SPEC_FIELDS:
            if not isinstance(spec.get(name) or "", str):
                raise BadMessage(f"spec '{name}' must be a string")
        amount_field(spec)  # its JSON type
        form = SpecForm({name: spec.get(name) or "" for name in SPEC_FIELDS} | {"amount": spec.get("amount")})
        _valid(form)
        specs.append(form.spec_amount())
    return specs


def _valid(form) -> dict:
    """The form's cleaned data, or BadMessage naming each field as the message does ("'amount' must …")."""
    if form.is_valid():
        return form.cleaned_data
    problems = [
        message if field == "__all__" else f"'{field}' {message}"
        for field, messages in form.errors.items() for message in messages
    ]
    raise BadMessage("; ".join(problems))


def game_field(message: dict) -> str | None:
    """The message's `game` (a scrapers.games code), or None when it names none."""
    game = message.get("game")
    if game is None:
        return None
    if not isinstance(game, str) or game not in GAMES:
        raise BadMessage(f"'game' must be one of {', '.join(GAMES)}")
    return game


def tracked_card(user, name: str, game: str | None = None) -> TrackedCard:
    """The user's own tracked card by name (of `game`; without one, their Magic card of that name,
    else their one card of that name in another game); someone else's is reported as not tracked."""
    mine = TrackedCard.objects.filter(user=user).select_related("card")
    named = list(mine.filter(card__name=name, **({"card__game": game} if game else {})))
    if not named:
        try:
            card = resolve_card(name, game=game or MAGIC)
        except ValidationError:
            card = None
        named = list(mine.filter(card=card))
    if len(named) > 1:
        named = [tracked for tracked in named if tracked.card.game == MAGIC] or named
        if len(named) > 1:
            games = ", ".join(sorted(tracked.card.game for tracked in named))
            raise BadMessage(f'you track "{name}" in several games ({games}): say which with "game"')
    if not named:
        raise BadMessage(f'you are not tracking "{name}"')
    return named[0]


def catalog_errors(error: ValidationError) -> BadMessage:
    suggestion = next((s for e in error.error_list if (s := getattr(e, "suggestion", None))), None)
    return BadMessage("; ".join(error.messages), suggestion=suggestion)


# --- answers -------------------------------------------------------------------------------------


def user_stores(user) -> dict:
    stores = Store.objects.chosen_by(user)
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


def availability(
    user, card_name: str | None = None, store_slug: str | None = None, *, refresh: bool = False, game: str | None = None,
) -> list[dict]:
    """One `card_availability_update` per (tracked card, chosen store), queuing checks as needed.

    An answer older than the store's TTL is sent as `stale` (its last price shown) while a check
    runs. With `refresh`, answers older than REFRESH_MIN_AGE_MINUTES are checked again too.

    The wishlist, stores and zone come from the user's kept view (wishlist_reply.user_view), the
    answers from the cache: asked again, it costs no query unless a check must be queued.
    """
    view = user_view(user)
    tracked_cards = view.tracked_cards
    stores = view.stores if view.stores is not None else list(Store.objects.chosen_by(user))
    if card_name is not None:
        tracked_cards = [_tracked_in_view(user, view, card_name, game)]
    if store_slug is not None:
        stores = [store for store in stores if store.slug == store_slug]
        if not stores:
            raise BadMessage(f'"{store_slug}" is not one of your stores')
    grid = Grid.of(user, tracked_cards, stores)
    by_slug = {store.slug: store for store in grid.stores}
    zone = view.zone if view.stores is not None else zone_of(user)
    min_age = timedelta(minutes=settings.REFRESH_MIN_AGE_MINUTES) if refresh else None
    messages, due = [], []
    for tracked in tracked_cards:
        for store in grid.stores:
            if not store.sells(tracked.card.game):
                continue  # never asked there: its cell says so
            if grid.answer(store, tracked.card_id) is None or grid.is_stale(store, tracked.card_id, min_age):
                due.append((store, tracked.card))
        row = grid.row(tracked.card, tracked.specs.all(), zone, max_age=min_age)
        # Every cell of the row carries the row's best price, rendered once.
        best_html = render_best(tracked.card_id, row, by_slug) if store_slug is None else None
        for message in row:
            if best_html is not None:
                message["best_html"] = best_html
        messages.extend(row)
    if due:
        # One transaction for the whole batch: queuing hundreds of checks then costs one commit, not
        # one each, and the workers see them all at once.
        with transaction.atomic():
            for store, card in due:
                queue_check(store, card, max_age=min_age or store.cache_ttl, user_id=user.pk)
    return messages


def _tracked_in_view(user, view: UserView, card_name: str, game: str | None = None) -> TrackedCard:
    """The tracked card by its exact name from the view; otherwise as `tracked_card` finds it (a
    name to resolve, or a card tracked by a path that sent no signal)."""
    named = [tracked for tracked in view.tracked_cards
             if tracked.card.name == card_name and (game is None or tracked.card.game == game)]
    if len(named) == 1:
        return named[0]
    pk = tracked_card(user, card_name, game).pk
    found = next((tracked for tracked in view.tracked_cards if tracked.pk == pk), None)
    return found or TrackedCard.objects.select_related("card").prefetch_related("specs").get(pk=pk)


def refresh_summary(messages: list[dict]) -> dict:
    """How a Refresh went, in words: answers kept because they were young enough, and rechecks."""
    minutes = settings.REFRESH_MIN_AGE_MINUTES
    kept = sum(1 for m in messages if m["final"])
    rechecking = len(messages) - kept
    parts = []
    if kept:
        were = "answer was" if kept == 1 else "answers were"
        parts.append(f"{kept} {were} under {minutes} minutes old and {'was' if kept == 1 else 'were'} kept")
    if rechecking:
        parts.append(f"checking {rechecking} again")
    text = "; ".join(parts) or "nothing to check"
    return {"type": "refresh_summary", "kept": kept, "rechecking": rechecking, "min_age_minutes": minutes,
            "text": text[0].upper() + text[1:] + "."}


# --- handlers ------------------------------------------------------------------------------------


def add_card(user, message: dict) -> list[dict]:
    """As the dashboard's add form (cards.wishlist.views.add_card): the same forms, `checked_wish`,
    `add_wants`."""
    wish = _valid(WishForm({"card": text_field(message, "card"), "amount": amount_field(message),
                            "game": game_field(message) or MAGIC}))
    specs = spec_amounts_field(message)
    try:
        card, wants = checked_wish(wish["card"], wish["amount"], specs, wish["game"])
        add_wants(user, card, wants)
    except ValidationError as error:
        raise catalog_errors(error)
    return [cards_data(user), *availability(user, card_name=card.name, game=card.game)]


def update_card(user, message: dict) -> list[dict]:
    name = text_field(message, "card")
    changes = message.get("update_data")
    if not isinstance(changes, dict) or not changes:
        raise BadMessage("'update_data' must be an object with 'amount' and/or 'specs'")
    unknown = set(changes) - {"amount", "specs"}
    if unknown:
        raise BadMessage(f"'update_data' has an unknown field {sorted(unknown)[0]!r}")
    with transaction.atomic():
        tracked = tracked_card(user, name, game_field(message))
        amount = _valid(WishForm({"card": name, "amount": amount_field(changes)}))["amount"]
        try:
            if "specs" in changes:
                wants = checked_wants(tracked.card, amount, spec_amounts_field(changes))
            else:  # a new amount for the printings already wanted
                wants = wants_for(amount, [(want.spec, None) for want in wants_of(tracked)])
            save_wants(tracked, wants)
        except ValidationError as error:
            raise catalog_errors(error)
    return [cards_data(user), *availability(user, card_name=tracked.card.name, game=tracked.card.game)]


def delete_card(user, message: dict) -> list[dict]:
    tracked_card(user, text_field(message, "card"), game_field(message)).delete()
    return [cards_data(user)]


def get_users_cards(user, message: dict) -> list[dict]:
    return [cards_data(user)]


def get_user_stores(user, message: dict) -> list[dict]:
    return [user_stores(user)]


def refresh(user, message: dict) -> list[dict]:
    messages = availability(user, refresh=True)
    return [refresh_summary(messages), *messages]


def get_card_availability(user, message: dict) -> list[dict]:
    card_name = text_field(message, "card_name", required=False)
    store_slug = text_field(message, "store_slug", required=False, max_length=100)
    return availability(user, card_name=card_name, store_slug=store_slug, game=game_field(message))


# Handlers that may take seconds (the solver's time limit): the consumer runs them off the shared
# thread that other handlers queue on.
SLOW_REQUESTS = frozenset({"get_buy_plan"})


def get_buy_plan(user, message: dict) -> list[dict]:
    try:
        return [buy_plan_message(user, message)]
    except PlanInputError as error:
        raise BadMessage(str(error))


HANDLERS: dict[str, Callable[[object, dict], list[dict]]] = {
    "add_card": add_card,
    "update_card": update_card,
    "delete_card": delete_card,
    "get_users_cards": get_users_cards,
    "get_user_stores": get_user_stores,
    "get_card_availability": get_card_availability,
    "get_buy_plan": get_buy_plan,
    "refresh": refresh,
}
