"""Writes about people: signing up, joining by invitation, and API tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest

from okrum.accounts import services
from okrum.accounts.models import ApiToken, User
from okrum.core.errors import Conflict, Invalid, NotFound
from okrum.core.secrets import digest
from okrum.core.time import now
from okrum.tenancy import services as tenancy
from okrum.tenancy.models import AuditEvent, Invitation, Membership, Organization
from okrum.tenancy.roles import Role
from tests.factories.accounts import token_row
from tests.factories.tenancy import add_member, make_invitation

GOOD_PASSWORD = "correct horse battery staple"


def last_event(org: Organization) -> AuditEvent:
    return AuditEvent.objects.for_org(org).latest("id")


def sign_up(**overrides: str):
    fields = {
        "name": "Alice",
        "email": "alice@example.com",
        "password": GOOD_PASSWORD,
        "organization": "Acme",
    }
    fields.update(overrides)
    return services.sign_up(**fields)


# --- Signing up -------------------------------------------------------------------------------


def test_signing_up_makes_a_user_who_owns_a_new_organization_on_trial(db):
    user, org, membership = sign_up(name="  Alice   Liddell ", email=" Alice@Example.COM ")

    assert user.name == "Alice Liddell"
    assert user.email == "alice@example.com"
    assert user.check_password(GOOD_PASSWORD)
    assert (org.slug, org.name, org.plan, org.trial_days_left) == ("acme", "Acme", "trial", 90)
    assert (membership.user, membership.organization, membership.role) == (user, org, Role.OWNER)
    assert last_event(org).action == "organization.created"
    assert last_event(org).actor == user


@pytest.mark.argon2
def test_passwords_are_stored_as_argon2id_hashes(db):
    user, _, _ = sign_up()

    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(GOOD_PASSWORD)
    assert GOOD_PASSWORD not in user.password


def test_signing_up_names_every_bad_field_at_once(db):
    with pytest.raises(Invalid) as refused:
        sign_up(name=" ", email="not-an-address", password="12345678", organization="  ")

    assert set(refused.value.errors) == {"name", "email", "password", "organization"}
    assert refused.value.errors["name"] == "Tell us your name."
    assert refused.value.errors["email"] == "Enter a valid email address."
    assert refused.value.errors["organization"] == "Name your organization."
    assert "too common" in refused.value.errors["password"]
    assert "entirely numeric" in refused.value.errors["password"]
    assert not User.objects.exists()
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1!", "too short"),
        ("password", "too common"),
        ("alice@example.com", "too similar"),
    ],
)
def test_a_weak_password_is_refused_with_the_reason(db, password, reason):
    with pytest.raises(Invalid) as refused:
        sign_up(password=password)

    assert list(refused.value.errors) == ["password"]
    assert reason in refused.value.errors["password"]


def test_signing_up_with_a_taken_email_is_a_conflict(world):
    with pytest.raises(Conflict) as refused:
        sign_up(email="ALICE@example.com", organization="Acme Again")

    assert refused.value.status == 409
    assert refused.value.errors == {"email": "An account with this email already exists."}
    assert User.objects.filter(email__iexact="alice@example.com").count() == 1
    assert not Organization.objects.filter(name="Acme Again").exists()


# --- Joining by invitation --------------------------------------------------------------------


def test_joining_by_invitation_makes_an_account_for_the_invited_address(world):
    invitation, raw = make_invitation(
        world.acme, world.alice_membership, "dave@example.com", Role.ADMIN
    )

    user, membership = services.join_by_invitation(
        raw_token=raw, name="Dave", password=GOOD_PASSWORD
    )

    assert (user.email, user.name) == ("dave@example.com", "Dave")
    assert user.check_password(GOOD_PASSWORD)
    assert (membership.organization, membership.user, membership.role) == (
        world.acme,
        user,
        Role.ADMIN,
    )
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert last_event(world.acme).action == "invitation.accepted"


def test_joining_with_a_bad_name_and_password_creates_nobody(world):
    invitation, raw = make_invitation(world.acme, world.alice_membership, "dave@example.com")

    with pytest.raises(Invalid) as refused:
        services.join_by_invitation(raw_token=raw, name="", password="123")

    assert set(refused.value.errors) == {"name", "password"}
    assert not User.objects.filter(email="dave@example.com").exists()
    invitation.refresh_from_db()
    assert invitation.is_open()


def test_joining_as_an_address_that_has_an_account_is_a_conflict(world):
    _, raw = make_invitation(world.acme, world.alice_membership, "charlie@example.com")

    with pytest.raises(Conflict):
        services.join_by_invitation(raw_token=raw, name="Charlie", password=GOOD_PASSWORD)

    assert not Membership.objects.for_org(world.acme).filter(user=world.charlie).exists()


def test_joining_by_a_used_invitation_is_a_conflict(world):
    _, raw = make_invitation(world.acme, world.alice_membership, "dave@example.com")
    services.join_by_invitation(raw_token=raw, name="Dave", password=GOOD_PASSWORD)

    with pytest.raises(Conflict, match="already been accepted"):
        services.join_by_invitation(raw_token=raw, name="Dave", password=GOOD_PASSWORD)
    assert User.objects.filter(email="dave@example.com").count() == 1


def test_joining_by_an_expired_invitation_is_a_conflict(world):
    invitation, raw = make_invitation(world.acme, world.alice_membership, "dave@example.com")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=now() - timedelta(seconds=1))

    with pytest.raises(Conflict, match="expired"):
        services.join_by_invitation(raw_token=raw, name="Dave", password=GOOD_PASSWORD)
    assert not User.objects.filter(email="dave@example.com").exists()


def test_joining_by_an_unknown_link_is_not_found(world):
    with pytest.raises(NotFound):
        services.join_by_invitation(raw_token="inv_nope", name="Dave", password=GOOD_PASSWORD)


# --- API tokens -------------------------------------------------------------------------------


def test_a_new_token_is_returned_once_and_stored_only_as_a_hash(world):
    token, raw = services.create_api_token(
        membership=world.bob_membership, name="  CI   pipeline ", scope="write"
    )

    assert raw.startswith("okr_")
    assert len(raw) > 40
    token.refresh_from_db()
    assert token.token_hash == digest(raw)
    assert token.prefix == raw[:10]
    assert raw not in {token.token_hash, token.prefix, token.name}
    assert (token.name, token.scope, token.organization) == ("CI pipeline", "write", world.acme)
    assert token.membership == world.bob_membership
    assert token.last_used_at is None


def test_creating_a_token_is_audited_without_its_secret(world):
    token, raw = services.create_api_token(membership=world.bob_membership, name="CI", scope="read")

    event = last_event(world.acme)
    assert event.action == "api_token.created"
    assert event.actor == world.bob
    assert event.after == {"name": "CI", "scope": "read", "prefix": token.prefix}
    assert raw not in str(event.after)


def test_a_token_request_names_every_bad_field_at_once(world):
    viewer = add_member(world.acme, role=Role.VIEWER)

    with pytest.raises(Invalid) as refused:
        services.create_api_token(
            membership=viewer, name=" ", scope="write", expires_at=now() - timedelta(days=1)
        )

    assert refused.value.errors == {
        "name": "Name the token after what will use it.",
        "scope": "Viewers can only create read tokens.",
        "expires_at": "The expiry must be in the future.",
    }
    assert not ApiToken.objects.for_org(world.acme).filter(membership=viewer).exists()


def test_a_token_scope_must_be_read_or_write(world):
    with pytest.raises(Invalid) as refused:
        services.create_api_token(membership=world.bob_membership, name="CI", scope="admin")

    assert refused.value.errors == {"scope": "Choose read or write."}


def test_a_viewer_may_have_a_read_token(world):
    viewer = add_member(world.acme, role=Role.VIEWER)

    token, _ = services.create_api_token(membership=viewer, name="Dashboard", scope="read")

    assert token.scope == "read"


def test_authenticating_finds_the_token_and_notes_its_use(world):
    _, raw = services.create_api_token(membership=world.bob_membership, name="CI", scope="read")

    token = services.authenticate_token(raw)

    assert token is not None
    assert token.membership == world.bob_membership
    assert token.last_used_at is not None
    assert token_row(raw).last_used_at == token.last_used_at


def test_a_recent_use_is_not_written_again(world, django_assert_num_queries):
    _, raw = services.create_api_token(membership=world.bob_membership, name="CI", scope="read")
    first = services.authenticate_token(raw)

    with django_assert_num_queries(1):
        again = services.authenticate_token(raw)

    assert again is not None
    assert again.last_used_at == first.last_used_at


def test_a_use_older_than_a_few_minutes_is_updated(world):
    _, raw = services.create_api_token(membership=world.bob_membership, name="CI", scope="read")
    long_ago = now() - timedelta(hours=1)
    ApiToken.objects.filter(token_hash=digest(raw)).update(last_used_at=long_ago)

    token = services.authenticate_token(raw)

    assert token is not None
    assert token.last_used_at > long_ago
    assert token_row(raw).last_used_at == token.last_used_at


def test_an_unknown_token_authenticates_nobody(world):
    assert services.authenticate_token("okr_made-up") is None


def test_a_revoked_token_authenticates_nobody(world):
    token, raw = services.create_api_token(membership=world.bob_membership, name="CI", scope="read")

    services.revoke_api_token(token=token, by=world.bob)

    assert services.authenticate_token(raw) is None
    assert token_row(raw).last_used_at is None


def test_an_expired_token_authenticates_nobody(world):
    token, raw = services.create_api_token(
        membership=world.bob_membership,
        name="CI",
        scope="read",
        expires_at=now() + timedelta(days=1),
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=now() - timedelta(seconds=1))

    assert services.authenticate_token(raw) is None


def test_a_deactivated_users_token_authenticates_nobody(world):
    _, raw = services.create_api_token(membership=world.bob_membership, name="CI", scope="read")
    User.objects.filter(pk=world.bob.pk).update(is_active=False)

    assert services.authenticate_token(raw) is None


def test_a_token_dies_with_its_membership(world):
    _, raw = services.create_api_token(membership=world.bob_membership, name="CI", scope="read")

    tenancy.remove_member(membership=world.bob_membership, by=world.alice_membership)

    assert services.authenticate_token(raw) is None


def test_revoking_a_token_is_audited(world):
    token, _ = services.create_api_token(membership=world.bob_membership, name="CI", scope="read")

    services.revoke_api_token(token=token, by=world.bob)

    assert token.revoked_at is not None
    event = last_event(world.acme)
    assert event.action == "api_token.revoked"
    assert event.actor == world.bob
    assert event.before == {"name": "CI", "prefix": token.prefix}


def test_revoking_a_token_twice_is_a_conflict(world):
    token, _ = services.create_api_token(membership=world.bob_membership, name="CI", scope="read")
    services.revoke_api_token(token=token, by=world.bob)

    with pytest.raises(Conflict):
        services.revoke_api_token(token=token, by=world.bob)
