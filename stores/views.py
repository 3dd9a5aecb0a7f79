"""The account page: which stores a user shops at, and their username."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render

from stores.forms import StoreChoiceForm, UsernameForm
from stores.models import ChosenStore, Store
from stores.signals import chosen_stores_changed


def chosen_store_ids(user) -> set[int]:
    return set(ChosenStore.objects.filter(user=user).values_list("store_id", flat=True))


@transaction.atomic
def set_chosen_stores(user, stores) -> None:
    """Make `stores` exactly the user's chosen enabled stores (disabled choices are kept)."""
    wanted = {store.pk for store in stores}
    current = chosen_store_ids(user)
    ChosenStore.objects.filter(user=user, store__enabled=True).exclude(store_id__in=wanted).delete()
    ChosenStore.objects.bulk_create(
        [ChosenStore(user=user, store_id=pk) for pk in wanted - current], ignore_conflicts=True
    )
    transaction.on_commit(lambda: chosen_stores_changed.send(sender=ChosenStore, user_id=user.pk))


def place_label(country: str, region: str) -> str:
    """How the store picker names a group: "Ontario, Canada", or the country alone."""
    if region and country:
        return f"{region}, {country}"
    return region or country or "Other stores"


def _stores_by_region():
    stores = Store.objects.filter(enabled=True).order_by("country", "region", "city", "name")
    return [
        (place_label(*place), list(group))
        for place, group in groupby(stores, key=lambda store: (store.country, store.region))
    ]


@login_required
def account(request):
    user = request.user
    store_form = StoreChoiceForm(initial={"stores": list(chosen_store_ids(user))})
    username_form = UsernameForm(instance=user)
    if request.method == "POST" and "save_stores" in request.POST:
        store_form = StoreChoiceForm(request.POST)
        if store_form.is_valid():
            set_chosen_stores(user, store_form.cleaned_data["stores"])
            count = len(store_form.cleaned_data["stores"])
            messages.success(request, f"You shop at {count} store{'' if count == 1 else 's'}.")
            return redirect("account")
    elif request.method == "POST" and "save_username" in request.POST:
        username_form = UsernameForm(request.POST, instance=user)
        if username_form.is_valid():
            username_form.save()
            messages.success(request, f"Your username is now {user.username}.")
            return redirect("account")
    return render(
        request,
        "stores/account.html",
        {
            "store_form": store_form,
            "username_form": username_form,
            "regions": _stores_by_region(),
            "chosen": chosen_store_ids(user),
        },
    )
