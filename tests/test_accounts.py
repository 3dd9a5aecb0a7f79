"""Signing up, in and out with django-allauth, and changing password and username."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

PASSWORD = "correct horse battery"


def test_a_newcomer_signs_up_and_lands_on_the_dashboard(client, db):
    response = client.post(
        reverse("account_signup"),
        {"username": "newcomer", "email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert get_user_model().objects.filter(username="newcomer", email="new@example.com").exists()
    assert response.context["user"].username == "newcomer"
    assert b"My cards" in response.content


def test_sign_up_refuses_a_taken_username(client, alice):
    response = client.post(
        reverse("account_signup"),
        {"username": "alice", "email": "other@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert get_user_model().objects.count() == 1


def test_sign_in_works_with_username_or_email(client, alice):
    for login in ("alice", "alice@example.com"):
        response = client.post(reverse("account_login"), {"login": login, "password": PASSWORD})
        assert response.status_code == 302, login
        assert response.url == reverse("dashboard")
        client.post(reverse("account_logout"))


def test_sign_in_with_a_wrong_password_is_refused(client, alice):
    response = client.post(reverse("account_login"), {"login": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_sign_out_ends_the_session(alice_client):
    alice_client.post(reverse("account_logout"))
    response = alice_client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_password_change_takes_the_new_password(alice_client, alice):
    response = alice_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "a whole new secret", "password2": "a whole new secret"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a whole new secret")


def test_password_reset_mails_a_link_that_sets_a_new_password(client, alice):
    client.post(reverse("account_reset_password"), {"email": "alice@example.com"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.com"]
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else "/" + path
    response = client.post(form_url, {"password1": "reset to this one", "password2": "reset to this one"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("reset to this one")


def test_the_account_page_changes_the_username(alice_client, alice):
    response = alice_client.post(reverse("account"), {"save_username": "1", "username": "alice_b"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.username == "alice_b"


def test_the_account_page_refuses_someone_elses_username(alice_client, alice, bob):
    response = alice_client.post(reverse("account"), {"save_username": "1", "username": "bob"})
    assert response.status_code == 200
    assert "username" in response.context["username_form"].errors
    alice.refresh_from_db()
    assert alice.username == "alice"
