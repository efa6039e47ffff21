"""The accounts API: signing up, who am I, API tokens, and accepting invitations."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.core import mail

from okrum.accounts import services
from okrum.accounts.models import ApiToken, User
from okrum.core.time import now
from okrum.tenancy.models import AuditEvent, Invitation, Membership, Organization
from okrum.tenancy.roles import Role
from tests.conftest import ApiClient
from tests.factories.accounts import make_token, make_user, token_row
from tests.factories.tenancy import make_invitation
from tests.routes import signed_in

ALICE_SIGNS_UP = {
    "email": "alice@example.com",
    "name": "Alice",
    "password": "a sturdy signup passphrase",
    "organization": "Acme",
}


def fields_named(response) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Organization.objects.count(), Membership.objects.count()


# --- Signing up -------------------------------------------------------------------------------


def test_signing_up_starts_a_90_day_trial(db):
    response = ApiClient().post("/signup", ALICE_SIGNS_UP)

    assert response.status_code == 201
    body = response.json()
    assert body["user"]["email"] == "alice@example.com"
    assert body["user"]["name"] == "Alice"
    org = body["organization"]
    assert (org["slug"], org["name"], org["plan"]) == ("acme", "Acme", "trial")
    trial_ends_at = datetime.fromisoformat(org["trial_ends_at"])
    assert abs(trial_ends_at - (now() + timedelta(days=90))) < timedelta(minutes=1)


def test_the_token_from_signup_shows_alice_as_owner_of_her_organization(db):
    token = ApiClient().post("/signup", ALICE_SIGNS_UP).json()["token"]

    response = ApiClient(token).get("/me")

    assert response.status_code == 200
    body = response.json()
    assert body["user"]["email"] == "alice@example.com"
    assert [(m["organization"]["slug"], m["role"]) for m in body["memberships"]] == [
        ("acme", "owner")
    ]


def test_signing_up_is_audited(db):
    ApiClient().post("/signup", ALICE_SIGNS_UP)

    org = Organization.objects.get(slug="acme")
    events = AuditEvent.objects.for_org(org).order_by("id")
    assert [e.action for e in events] == ["organization.created", "api_token.created"]
    assert events[0].after == {"name": "Acme", "slug": "acme", "plan": "trial"}
    assert events[0].actor == User.objects.get(email="alice@example.com")


def test_signing_up_twice_with_one_email_is_409_and_creates_nothing(db):
    ApiClient().post("/signup", ALICE_SIGNS_UP)
    before = counts()

    response = ApiClient().post("/signup", {**ALICE_SIGNS_UP, "organization": "Acme Two"})

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "An account with alice@example.com already exists; sign in instead."
    )
    assert fields_named(response) == ["email"]
    assert counts() == before


def test_emails_are_the_same_whatever_their_case(db):
    first = ApiClient().post("/signup", {**ALICE_SIGNS_UP, "email": "A@X.com"})
    before = counts()

    again = ApiClient().post("/signup", {**ALICE_SIGNS_UP, "email": "a@x.com"})

    assert first.status_code == 201
    assert first.json()["user"]["email"] == "a@x.com"
    assert again.status_code == 409
    assert counts() == before


@pytest.mark.parametrize("password", ["password", "12345678901234", "short1!", "alice@example"])
def test_a_weak_password_is_422_naming_the_password(db, password):
    response = ApiClient().post("/signup", {**ALICE_SIGNS_UP, "password": password})

    assert response.status_code == 422
    assert fields_named(response) == ["password"]
    assert response.json()["detail"]
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("field", ["email", "name", "password", "organization"])
def test_a_missing_field_is_422_naming_it(db, field):
    payload = {k: v for k, v in ALICE_SIGNS_UP.items() if k != field}

    response = ApiClient().post("/signup", payload)

    assert response.status_code == 422
    assert fields_named(response) == [field]
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("field", ["email", "name", "password", "organization"])
def test_a_blank_field_is_422_naming_it(db, field):
    response = ApiClient().post("/signup", {**ALICE_SIGNS_UP, field: "   "})

    assert response.status_code == 422
    assert field in fields_named(response)
    assert counts() == (0, 0, 0)


def test_a_malformed_email_is_422_naming_the_email(db):
    response = ApiClient().post("/signup", {**ALICE_SIGNS_UP, "email": "alice-at-example"})

    assert response.status_code == 422
    assert fields_named(response) == ["email"]


# --- Who am I, and when credentials fail -------------------------------------------------------


def test_me_without_credentials_is_401_with_a_json_detail(db):
    response = ApiClient().get("/me")

    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert "Authorization: Bearer" in body["detail"]
    assert body["errors"] == []


def test_an_unknown_token_is_401(db):
    assert ApiClient("okr_not-a-token-we-made").get("/me").status_code == 401


def test_a_revoked_token_is_401(world):
    raw = make_token(world.bob_membership)
    assert ApiClient(raw).get("/me").status_code == 200

    services.revoke_api_token(token=token_row(raw), by=world.bob)

    assert ApiClient(raw).get("/me").status_code == 401


def test_an_expired_token_is_401(world):
    raw = make_token(world.bob_membership, expires_at=now() + timedelta(hours=1))
    ApiToken.objects.filter(pk=token_row(raw).pk).update(expires_at=now() - timedelta(seconds=1))

    response = ApiClient(raw).get("/me")

    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_read_token_reads_but_may_not_write(world, api_as):
    api = api_as(world.alice_membership, scope="read")

    read = api.get("/orgs/acme")
    write = api.patch("/orgs/acme", {"name": "Acme Corp"})

    assert read.status_code == 200
    assert write.status_code == 403
    assert "read-only" in write.json()["detail"]
    world.acme.refresh_from_db()
    assert world.acme.name == "Acme"


def test_a_read_token_may_not_accept_an_invitation(world, api_as):
    _, raw = make_invitation(world.acme, world.alice_membership, email="charlie@example.com")

    response = api_as(world.charlie_membership, scope="read").post(f"/invitations/{raw}/accept")

    assert response.status_code == 403
    assert not Membership.objects.for_org(world.acme).filter(user=world.charlie).exists()


def test_a_session_write_without_the_csrf_token_is_refused(world):
    client, _ = signed_in(world.alice)

    response = client.patch(
        "/api/v1/orgs/acme", {"name": "Acme Corp"}, content_type="application/json"
    )

    assert response.status_code == 403
    world.acme.refresh_from_db()
    assert world.acme.name == "Acme"


def test_a_session_write_with_the_csrf_token_is_accepted(world):
    client, csrf = signed_in(world.alice)

    response = client.patch(
        "/api/v1/orgs/acme", {"name": "Acme Corp"}, content_type="application/json", headers=csrf
    )

    assert response.status_code == 200
    world.acme.refresh_from_db()
    assert world.acme.name == "Acme Corp"


# --- API tokens -------------------------------------------------------------------------------


def test_a_new_token_is_shown_once_and_never_listed(world, api_as):
    api = api_as(world.alice_membership)

    created = api.post("/orgs/acme/tokens", {"name": "Metrics push", "scope": "write"})
    listed = api.get("/orgs/acme/tokens")

    assert created.status_code == 201
    secret = created.json()["token"]
    assert secret.startswith("okr_")
    assert created.json()["prefix"] == secret[:10]
    assert created.json()["scope"] == "write"
    assert listed.status_code == 200
    assert "Metrics push" in [t["name"] for t in listed.json()["items"]]
    assert all("token" not in t for t in listed.json()["items"])
    assert secret not in listed.content.decode()
    assert ApiClient(secret).get("/me").status_code == 200


def test_creating_a_token_is_audited_without_its_secret(world, api_as):
    secret = (
        api_as(world.alice_membership).post("/orgs/acme/tokens", {"name": "CI"}).json()["token"]
    )

    event = AuditEvent.objects.for_org(world.acme).latest("id")
    assert event.action == "api_token.created"
    assert event.after == {"name": "CI", "scope": "read", "prefix": secret[:10]}
    assert secret not in str(event.after)


def test_the_token_list_shows_only_my_own_tokens(world, api_as):
    make_token(world.alice_membership, name="Alice's script")
    make_token(world.bob_membership, name="Bob's script")

    response = api_as(world.bob_membership).get("/orgs/acme/tokens")

    names = [t["name"] for t in response.json()["items"]]
    assert "Bob's script" in names
    assert "Alice's script" not in names
    own = ApiToken.objects.filter(membership=world.bob_membership).count()
    assert len(names) == own


def test_revoking_a_token_stops_it_working(world, api_as):
    api = api_as(world.alice_membership)
    created = api.post("/orgs/acme/tokens", {"name": "Old script"}).json()

    response = api.delete(f"/orgs/acme/tokens/{created['id']}")

    assert response.status_code == 204
    assert ApiClient(created["token"]).get("/me").status_code == 401
    listed = {t["id"]: t for t in api.get("/orgs/acme/tokens").json()["items"]}
    assert listed[created["id"]]["revoked_at"] is not None
    event = AuditEvent.objects.for_org(world.acme).latest("id")
    assert event.action == "api_token.revoked"
    assert event.before == {"name": "Old script", "prefix": created["prefix"]}


def test_revoking_a_token_twice_is_409(world, api_as):
    api = api_as(world.alice_membership)
    token_id = api.post("/orgs/acme/tokens", {"name": "Old script"}).json()["id"]
    api.delete(f"/orgs/acme/tokens/{token_id}")

    response = api.delete(f"/orgs/acme/tokens/{token_id}")

    assert response.status_code == 409
    assert response.json()["detail"] == "This token is already revoked."


def test_bob_cannot_revoke_alices_token(world, api_as):
    raw = make_token(world.alice_membership)

    response = api_as(world.bob_membership).delete(f"/orgs/acme/tokens/{token_row(raw).pk}")

    assert response.status_code == 404
    assert ApiClient(raw).get("/me").status_code == 200


def test_a_viewer_may_create_read_tokens_but_not_write_tokens(world):
    world.bob_membership.role = Role.VIEWER
    world.bob_membership.save()
    client, csrf = signed_in(world.bob)

    def create(scope: str):
        return client.post(
            "/api/v1/orgs/acme/tokens",
            {"name": "Dashboard", "scope": scope},
            content_type="application/json",
            headers=csrf,
        )

    read, write = create("read"), create("write")

    assert read.status_code == 201
    assert read.json()["scope"] == "read"
    assert write.status_code == 422
    assert fields_named(write) == ["scope"]
    assert ApiToken.objects.filter(membership=world.bob_membership, scope="write").count() == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "CI", "scope": "admin"}, "scope"),
        ({"name": "CI", "expires_at": "2001-01-01T00:00:00Z"}, "expires_at"),
    ],
)
def test_a_bad_token_request_is_422_naming_the_field(world, api_as, payload, field):
    response = api_as(world.alice_membership).post("/orgs/acme/tokens", payload)

    assert response.status_code == 422
    assert fields_named(response) == [field]


# --- Accepting invitations --------------------------------------------------------------------


def invite_by_api(api: ApiClient, email: str, role: str, capture) -> str:
    """Invite `email` to Acme through the API; returns the raw token from the email sent."""
    with capture(execute=True):
        response = api.post("/orgs/acme/invitations", {"email": email, "role": role})
    assert response.status_code == 201
    link = re.search(r"/invitations/([\w-]+)/", str(mail.outbox[-1].body))
    assert link is not None, mail.outbox[-1].body
    return link.group(1)


def test_charlie_accepts_an_invitation_to_acme(world, api_as, django_capture_on_commit_callbacks):
    raw = invite_by_api(
        api_as(world.alice_membership),
        "charlie@example.com",
        "admin",
        django_capture_on_commit_callbacks,
    )
    charlie = api_as(world.charlie_membership)

    response = charlie.post(f"/invitations/{raw}/accept")

    assert response.status_code == 201
    assert response.json()["role"] == "admin"
    assert response.json()["user"]["email"] == "charlie@example.com"
    slugs = {m["organization"]["slug"]: m["role"] for m in charlie.get("/me").json()["memberships"]}
    assert slugs == {"acme": "admin", "globex": "owner"}
    event = AuditEvent.objects.for_org(world.acme).latest("id")
    assert event.action == "invitation.accepted"
    assert event.actor == world.charlie
    assert event.after == {"email": "charlie@example.com", "role": "admin"}


def test_someone_new_accepts_from_their_browser_session(
    world, api_as, django_capture_on_commit_callbacks
):
    raw = invite_by_api(
        api_as(world.alice_membership),
        "dave@example.com",
        "member",
        django_capture_on_commit_callbacks,
    )
    dave = make_user(email="dave@example.com", name="Dave")
    client, csrf = signed_in(dave)

    response = client.post(
        f"/api/v1/invitations/{raw}/accept", content_type="application/json", headers=csrf
    )

    assert response.status_code == 201
    assert Membership.objects.for_org(world.acme).get(user=dave).role == Role.MEMBER


def test_an_invitation_for_someone_else_is_403(world, api_as, django_capture_on_commit_callbacks):
    raw = invite_by_api(
        api_as(world.alice_membership),
        "dave@example.com",
        "member",
        django_capture_on_commit_callbacks,
    )

    response = api_as(world.charlie_membership).post(f"/invitations/{raw}/accept")

    assert response.status_code == 403
    assert "dave@example.com" in response.json()["detail"]
    assert not Membership.objects.for_org(world.acme).filter(user=world.charlie).exists()
    assert Invitation.objects.for_org(world.acme).get().is_open()


def test_an_accepted_invitation_cannot_be_used_again(
    world, api_as, django_capture_on_commit_callbacks
):
    raw = invite_by_api(
        api_as(world.alice_membership),
        "charlie@example.com",
        "member",
        django_capture_on_commit_callbacks,
    )
    charlie = api_as(world.charlie_membership)
    charlie.post(f"/invitations/{raw}/accept")

    response = charlie.post(f"/invitations/{raw}/accept")

    assert response.status_code == 409
    assert response.json()["detail"] == "This invitation has already been accepted."
    assert Membership.objects.for_org(world.acme).filter(user=world.charlie).count() == 1


def test_an_unknown_invitation_token_is_404(world, api_as):
    response = api_as(world.charlie_membership).post("/invitations/inv_made-up/accept")

    assert response.status_code == 404
    assert response.json()["detail"] == "This invitation link is not valid."
