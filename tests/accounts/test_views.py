"""The account pages: signup, sign-in and out, passwords, invitations and API tokens."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client

from okrum.accounts.models import ApiToken, User
from okrum.core.time import now
from okrum.tenancy.models import Invitation, Membership, Organization
from okrum.tenancy.roles import Role
from tests.factories.accounts import PASSWORD, make_token, token_row
from tests.factories.tenancy import make_invitation
from tests.web import submit, text

NEW_PASSWORD = "a brand new passphrase"


def browser() -> Client:
    return Client(enforce_csrf_checks=True)


def signed_in_user_id(client: Client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id is not None else None


def membership_of(user: User, org: Organization) -> Membership | None:
    return Membership.objects.for_org(org).filter(user=user).first()


# --- Signup -----------------------------------------------------------------------------------


def sign_up(client: Client, **overrides: str):
    fields = {
        "name": "Dana",
        "email": "dana@example.com",
        "password": "correct horse battery staple",
        "organization": "Initech",
    }
    return submit(client, "/signup/", {**fields, **overrides})


def test_signup_shows_the_form(db):
    response = browser().get("/signup/")

    assert response.status_code == 200
    assert "Start your free trial" in text(response)
    assert 'name="organization"' in text(response)


def test_signing_up_creates_the_user_and_organization_and_signs_in(db):
    client = browser()

    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/o/initech/"
    user = User.objects.get(email="dana@example.com")
    org = Organization.objects.get(slug="initech")
    assert membership_of(user, org).role == Role.OWNER
    assert signed_in_user_id(client) == user.pk


def test_after_signup_the_organization_shows_the_trial_banner(db):
    client = browser()

    response = sign_up(client, organization="Acme")
    page = client.get(response["Location"])

    assert page.status_code == 200
    assert "90 days left" in text(page)
    assert 'data-testid="trial-banner"' in text(page)
    assert "Your 90-day free trial has started." in text(page)


def test_a_signup_with_missing_fields_shows_the_form_again_and_creates_nothing(db):
    response = sign_up(browser(), name="", email="not-an-address", organization="")

    assert response.status_code == 200
    assert text(response).count("This field is required.") == 2
    assert "Enter a valid email address." in text(response)
    assert not User.objects.exists()
    assert not Organization.objects.exists()


def test_a_signup_with_a_weak_password_shows_why_and_creates_nothing(db):
    response = sign_up(browser(), password="12345678")

    assert response.status_code == 200
    assert "This password is too common." in text(response)
    assert 'value="dana@example.com"' in text(response)
    assert not User.objects.exists()


def test_a_signup_with_a_taken_email_says_so_and_creates_nothing(world):
    response = sign_up(browser(), email="alice@example.com")

    assert response.status_code == 200
    assert "An account with this email already exists." in text(response)
    assert not Organization.objects.filter(slug="initech").exists()


def test_a_signed_in_user_is_sent_home_from_signup(world, web_as):
    response = web_as(world.alice).get("/signup/")

    assert response.status_code == 302
    assert response["Location"] == "/"


# --- Signing in and out -----------------------------------------------------------------------


def sign_in(client: Client, email: str, password: str, **extra: str):
    return submit(client, "/login/", {"username": email, "password": password}, **extra)


def test_signing_in_sends_the_user_home(world):
    client = browser()

    response = sign_in(client, "alice@example.com", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == world.alice.pk


def test_signing_in_takes_the_user_where_they_were_going(world):
    response = submit(
        browser(),
        "/login/",
        {"username": "alice@example.com", "password": PASSWORD, "next": "/o/acme/members/"},
    )

    assert response["Location"] == "/o/acme/members/"


def test_signing_in_never_sends_the_user_to_another_site(world):
    response = submit(
        browser(),
        "/login/",
        {"username": "alice@example.com", "password": PASSWORD, "next": "https://evil.test/"},
    )

    assert response["Location"] == "/"


def test_signing_in_gives_a_new_session_id(world):
    client = browser()
    before = client.session
    before["seen_welcome"] = True  # a session from before signing in, as a visit would leave
    before.save()
    old_key = before.session_key

    sign_in(client, "alice@example.com", PASSWORD)

    assert client.session.session_key != old_key
    assert signed_in_user_id(client) == world.alice.pk


def test_a_wrong_password_shows_the_form_again(world):
    client = browser()

    response = sign_in(client, "alice@example.com", "not the password")

    assert response.status_code == 200
    assert "Please enter a correct email and password." in text(response)
    assert signed_in_user_id(client) is None


def test_ten_failed_sign_ins_lock_the_address_out(world):
    client = browser()

    answers = [sign_in(client, "alice@example.com", "wrong").status_code for _ in range(10)]
    locked = sign_in(client, "alice@example.com", PASSWORD)

    # The tenth failure reaches the limit and is already answered with the lockout.
    assert answers == [200] * 9 + [429]
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in text(locked)
    assert signed_in_user_id(client) is None


def test_ten_failed_sign_ins_lock_the_account_from_every_address(world):
    attacker = browser()
    for _ in range(10):
        sign_in(attacker, "alice@example.com", "wrong", REMOTE_ADDR="203.0.113.7")

    alice = browser()
    refused = sign_in(alice, "alice@example.com", PASSWORD, REMOTE_ADDR="198.51.100.1")
    bob = sign_in(browser(), "bob@example.com", PASSWORD, REMOTE_ADDR="198.51.100.1")

    assert refused.status_code == 429
    assert signed_in_user_id(alice) is None
    assert bob.status_code == 302


def test_signing_out_takes_a_post_and_ends_the_session(world, web_as):
    client = web_as(world.alice)

    response = submit(client, "/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert signed_in_user_id(client) is None
    assert client.get("/o/acme/")["Location"].startswith("/login/")


def test_signing_out_by_a_link_is_refused(world, web_as):
    client = web_as(world.alice)

    response = client.get("/logout/")

    assert response.status_code == 405
    assert signed_in_user_id(client) == world.alice.pk


# --- Passwords --------------------------------------------------------------------------------


def test_changing_the_password_keeps_the_user_signed_in(world, web_as):
    client = web_as(world.alice)

    response = submit(
        client,
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/account/password/done/"
    world.alice.refresh_from_db()
    assert world.alice.check_password(NEW_PASSWORD)
    assert client.get("/o/acme/").status_code == 200


def test_changing_the_password_needs_the_old_one(world, web_as):
    response = submit(
        web_as(world.alice),
        "/account/password/",
        {"old_password": "guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "Your old password was entered incorrectly." in text(response)
    world.alice.refresh_from_db()
    assert world.alice.check_password(PASSWORD)


def reset_link(message: mail.EmailMessage) -> str:
    found = re.search(r"http://testserver(/password-reset/[^/\s]+/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_a_password_reset_link_is_emailed_and_sets_a_new_password(world):
    client = browser()

    response = submit(client, "/password-reset/", {"email": "alice@example.com"})

    assert response["Location"] == "/password-reset/sent/"
    [message] = mail.outbox
    assert message.to == ["alice@example.com"]
    assert message.subject == "Reset your Okrum password"
    form_page = client.get(reset_link(message), follow=True)
    assert "Choose a new password" in text(form_page)
    assert 'name="new_password1"' in text(form_page)

    done = submit(
        client,
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert done["Location"] == "/password-reset/complete/"
    world.alice.refresh_from_db()
    assert world.alice.check_password(NEW_PASSWORD)


def test_a_password_reset_link_works_once(world):
    client = browser()
    submit(client, "/password-reset/", {"email": "alice@example.com"})
    link = reset_link(mail.outbox[0])
    set_password = client.get(link)["Location"]
    submit(client, set_password, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = browser().get(link, follow=True)

    assert "This reset link is no longer valid" in text(again)


def test_a_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(db):
    response = submit(browser(), "/password-reset/", {"email": "nobody@example.com"})

    assert response["Location"] == "/password-reset/sent/"
    assert mail.outbox == []


# --- Invitations ------------------------------------------------------------------------------


def invitation_path(raw: str) -> str:
    return f"/invitations/{raw}/"


def test_an_invitation_page_says_who_invites_whom_to_what(world):
    _, raw = make_invitation(world.acme, world.alice_membership, "dave@example.com", Role.ADMIN)

    response = browser().get(invitation_path(raw))

    assert response.status_code == 200
    assert "Join Acme" in text(response)
    assert "Alice invited" in text(response)
    assert "dave@example.com" in text(response)
    assert "as <strong>Admin</strong>" in text(response)


def test_a_new_person_joins_with_a_name_and_password_and_lands_in_the_organization(world):
    _, raw = make_invitation(world.acme, world.alice_membership, "dave@example.com", Role.ADMIN)
    client = browser()

    response = submit(client, invitation_path(raw), {"name": "Dave", "password": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/o/acme/"
    dave = User.objects.get(email="dave@example.com")
    assert dave.name == "Dave"
    assert membership_of(dave, world.acme).role == Role.ADMIN
    assert signed_in_user_id(client) == dave.pk
    home = client.get("/o/acme/")
    assert "You joined Acme as Admin." in text(home)


def test_joining_with_a_weak_password_shows_the_form_again_and_creates_nobody(world):
    _, raw = make_invitation(world.acme, world.alice_membership, "dave@example.com")

    response = submit(browser(), invitation_path(raw), {"name": "Dave", "password": "123"})

    assert response.status_code == 200
    assert "This password is too short." in text(response)
    assert not User.objects.filter(email="dave@example.com").exists()


def test_joining_without_a_name_shows_the_form_again(world):
    _, raw = make_invitation(world.acme, world.alice_membership, "dave@example.com")

    response = submit(browser(), invitation_path(raw), {"name": "", "password": NEW_PASSWORD})

    assert response.status_code == 200
    assert "This field is required." in text(response)
    assert not User.objects.filter(email="dave@example.com").exists()


def test_an_invited_person_with_an_account_is_asked_to_sign_in(world):
    _, raw = make_invitation(world.acme, world.alice_membership, "charlie@example.com")

    response = browser().get(invitation_path(raw))

    assert "You already have an account." in text(response)
    assert f"/login/?next=/invitations/{raw}/" in text(response)
    assert 'name="password"' not in text(response)


def test_the_signed_in_invited_person_accepts_with_one_click(world, web_as):
    _, raw = make_invitation(world.acme, world.alice_membership, "charlie@example.com")
    client = web_as(world.charlie)
    assert "Accept and join" in text(client.get(invitation_path(raw)))

    response = submit(client, invitation_path(raw))

    assert response["Location"] == "/o/acme/"
    assert membership_of(world.charlie, world.acme).role == Role.MEMBER


def test_someone_else_signed_in_is_told_whom_the_invitation_is_for(world, web_as):
    invitation, raw = make_invitation(world.acme, world.alice_membership, "dave@example.com")

    response = submit(web_as(world.charlie), invitation_path(raw))

    assert response.status_code == 200
    assert (
        "This invitation is for dave@example.com; you are signed in as charlie@example.com."
        in text(response)
    )
    assert membership_of(world.charlie, world.acme) is None
    invitation.refresh_from_db()
    assert invitation.is_open()


def test_an_expired_invitation_link_shows_a_clear_error(world):
    invitation, raw = make_invitation(world.acme, world.alice_membership, "dave@example.com")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=now() - timedelta(minutes=1))

    response = browser().get(invitation_path(raw))

    assert response.status_code == 409
    assert "This invitation has expired. Ask for a new one." in text(response)


def test_a_used_invitation_link_shows_a_clear_error(world):
    _, raw = make_invitation(world.acme, world.alice_membership, "dave@example.com")
    submit(browser(), invitation_path(raw), {"name": "Dave", "password": NEW_PASSWORD})

    response = submit(browser(), invitation_path(raw), {"name": "Eve", "password": NEW_PASSWORD})

    assert response.status_code == 409
    assert "This invitation has already been accepted." in text(response)
    assert not User.objects.filter(name="Eve").exists()


def test_an_unknown_invitation_link_is_not_found(db):
    response = browser().get(invitation_path("inv_made-up"))

    assert response.status_code == 404
    assert "This invitation link is not valid." in text(response)


# --- API tokens -------------------------------------------------------------------------------


def test_the_tokens_page_shows_a_new_token_once(world, web_as):
    client = web_as(world.bob)
    assert "You have no tokens yet." in text(client.get("/o/acme/tokens/"))

    response = submit(client, "/o/acme/tokens/", {"name": "CI", "scope": "write"})

    assert response.status_code == 200
    shown = re.search(r'value="(okr_[^"]+)"', text(response))
    assert shown, text(response)
    raw = shown.group(1)
    token = token_row(raw)
    assert (token.name, token.scope, token.membership) == ("CI", "write", world.bob_membership)
    again = text(client.get("/o/acme/tokens/"))
    assert raw not in again
    assert f"{token.prefix}…" in again


def test_a_token_without_a_name_is_refused_on_the_page(world, web_as):
    response = submit(web_as(world.bob), "/o/acme/tokens/", {"name": "", "scope": "read"})

    assert response.status_code == 200
    assert "This field is required." in text(response)
    assert not ApiToken.objects.for_org(world.acme).exists()


def test_revoking_a_token_on_the_page_stops_it_working(world, web_as):
    raw = make_token(world.bob_membership, name="CI")
    client = web_as(world.bob)

    response = submit(client, f"/o/acme/tokens/{token_row(raw).pk}/revoke/")

    assert response["Location"] == "/o/acme/tokens/"
    assert token_row(raw).revoked_at is not None
    page = text(client.get("/o/acme/tokens/"))
    assert "Token “CI” revoked; it no longer works." in page
    assert "revoked" in page


def test_nobody_revokes_someone_elses_token(world, web_as):
    raw = make_token(world.alice_membership, name="Alice's")

    response = submit(web_as(world.bob), f"/o/acme/tokens/{token_row(raw).pk}/revoke/")

    assert response.status_code == 404
    assert token_row(raw).revoked_at is None


@pytest.mark.parametrize("path", ["/o/acme/tokens/", "/account/password/"])
def test_account_pages_ask_for_sign_in(db, path):
    response = browser().get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
