"""Text the database cannot store (NUL characters, lone surrogates) gets a 400 naming the problem on
every view, never a 500: PostgreSQL refuses NUL in text, so `/cards/history/?card=%00` used to crash.

Every URL comes from the urlconfs, so a view added later is covered without editing this list."""

from __future__ import annotations

import re

import pytest
from django.contrib.admindocs.views import extract_views_from_urlpatterns, simplify_regex
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver

from cards.wishlist.models import TrackedCard
from lgs_checker.input_guard import unstorable

# The names views read text from (q, card, name: look-ups; the rest: forms and allauth).
TEXT_FIELDS = ["q", "card", "name", "format", "page", "days", "token", "text", "login", "email", "next", "o"]


def every_url(tracked_card_id: int, store_id: int) -> list[str]:
    urls = []
    for _, regex, _, name in extract_views_from_urlpatterns(get_resolver().url_patterns):
        path = simplify_regex(regex)
        number = store_id if path.startswith("/admin/stores/store/") else tracked_card_id
        path = re.sub(r"<int:[^>]+>", str(number), path)
        urls.append(re.sub(r"<[^>]+>", "1" if "<object_id>" in path else "abc", path))
    return sorted(set(urls))


@pytest.fixture
def staff_client(client, make_user, bolt, make_store):
    user = make_user("ops", is_staff=True, is_superuser=True)
    client.force_login(user)
    tracked = TrackedCard.objects.create(user=user, card=bolt, amount=1)
    client.urls = every_url(tracked.pk, make_store().pk)
    return client


@pytest.mark.django_db
def test_a_nul_in_a_query_string_is_refused_with_400_on_every_view(staff_client):
    query = "&".join(f"{field}=ab%00cd" for field in TEXT_FIELDS)
    assert len(staff_client.urls) > 30
    for url in staff_client.urls:
        response = staff_client.get(f"{url}?{query}")
        assert response.status_code == 400, (url, response.status_code)
        assert "contains a NUL character" in response.text, url


@pytest.mark.django_db
def test_a_nul_in_a_posted_form_is_refused_with_400_on_every_view(staff_client):
    for url in staff_client.urls:
        response = staff_client.post(url, {field: "Lightning\x00Bolt" for field in TEXT_FIELDS})
        assert response.status_code == 400, (url, response.status_code)
        assert "the form field" in response.text and "NUL character" in response.text, url


@pytest.mark.django_db
@pytest.mark.parametrize("url, field", [
    ("/cards/history/?card=%00", "'card'"),
    ("/cards/printings?name=%00", "'name'"),
    ("/cards/autocomplete?q=ab%00cd", "'q'"),
    ("/admin/stores/store/?q=%00", "'q'"),
])
def test_the_reported_urls_name_the_parameter(staff_client, url, field):
    response = staff_client.get(url)
    assert response.status_code == 400
    assert response.text == f"Bad request: the query parameter {field} contains a NUL character (\\x00), which this site does not accept.\n"


@pytest.mark.django_db
def test_a_nul_in_the_address_is_refused(staff_client):
    response = staff_client.get("/alerts/unsubscribe/ab%00cd/")
    assert response.status_code == 400 and "the address contains a NUL character" in response.text


@pytest.mark.django_db
def test_an_uploaded_list_with_nul_bytes_is_refused_with_a_hint(staff_client):
    utf16 = "1 Lightning Bolt\n".encode("utf-16")
    response = staff_client.post("/cards/import", {"file": SimpleUploadedFile("list.txt", utf16)})
    assert response.status_code == 400
    assert "the file 'list.txt' contains NUL bytes; save it as plain text (UTF-8)" in response.text


@pytest.mark.django_db
def test_an_ordinary_upload_and_query_still_work(staff_client):
    upload = SimpleUploadedFile("list.txt", b"1 Lightning Bolt\n")
    assert staff_client.post("/cards/import", {"file": upload}).status_code == 200
    assert staff_client.get("/cards/autocomplete?q=Lightning").json()["results"] == ["Lightning Bolt"]
    # Invalid UTF-8 in a query string is read as U+FFFD by Django: odd, but storable; not a 500.
    assert staff_client.get("/cards/autocomplete?q=%ED%A0%80bolt").status_code == 200


def test_lone_surrogates_and_nul_are_unstorable_and_ordinary_text_is_fine():
    assert unstorable("Jötun Grunt — Æther ✓") is None
    assert unstorable("ab\x00cd") == "a NUL character (\\x00)"
    assert "lone surrogate" in unstorable("ab\ud800cd")
