"""The organization API: the organization, its members, invitations, audit log and trial."""

from __future__ import annotations

import base64
import json
import re
from datetime import timedelta

import pytest
from django.core import mail

from okrum.core.secrets import digest
from okrum.core.time import now
from okrum.tenancy import services
from okrum.tenancy.models import AuditEvent, Invitation, Membership, Organization
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.tenancy import add_member, make_invitation


def last_event(org: Organization) -> AuditEvent:
    return AuditEvent.objects.for_org(org).latest("created_at", "id")


def fields_named(response) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]


def forged_cursor(values: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


# --- The organization -------------------------------------------------------------------------


def test_the_organization_is_sent_with_an_etag(world, api_as):
    response = api_as(world.bob_membership).get("/orgs/acme")

    assert response.status_code == 200
    assert response["ETag"] == f'"{world.acme.pk}-{world.acme.version}"'
    body = response.json()
    assert body["slug"] == "acme"
    assert body["name"] == "Acme"
    assert body["plan"] == "trial"
    assert body["read_only"] is False
    assert body["trial_days_left"] == 90


def test_renaming_with_the_current_if_match_succeeds_and_sends_a_new_etag(world, api_as):
    api = api_as(world.alice_membership)
    etag = api.get("/orgs/acme")["ETag"]

    response = api.patch("/orgs/acme", {"name": "Acme Corp"}, headers={"If-Match": etag})

    assert response.status_code == 200
    assert response.json()["name"] == "Acme Corp"
    assert response["ETag"] != etag
    assert api.get("/orgs/acme")["ETag"] == response["ETag"]
    world.acme.refresh_from_db()
    assert world.acme.name == "Acme Corp"
    event = last_event(world.acme)
    assert event.action == "organization.renamed"
    assert event.actor == world.alice
    assert (event.before, event.after) == ({"name": "Acme"}, {"name": "Acme Corp"})


def test_renaming_with_a_stale_if_match_is_412_and_changes_nothing(world, api_as):
    api = api_as(world.alice_membership)
    stale = api.get("/orgs/acme")["ETag"]
    api.patch("/orgs/acme", {"name": "Acme Corp"}, headers={"If-Match": stale})
    events = AuditEvent.objects.for_org(world.acme).count()

    response = api.patch("/orgs/acme", {"name": "Acme Ltd"}, headers={"If-Match": stale})

    assert response.status_code == 412
    assert "changed since you read it" in response.json()["detail"]
    assert fields_named(response) == ["If-Match"]
    world.acme.refresh_from_db()
    assert world.acme.name == "Acme Corp"
    assert AuditEvent.objects.for_org(world.acme).count() == events


def test_bob_may_not_rename_acme(world, api_as):
    response = api_as(world.bob_membership).patch("/orgs/acme", {"name": "Bob's Acme"})

    assert response.status_code == 403
    assert "member" in response.json()["detail"]
    world.acme.refresh_from_db()
    assert world.acme.name == "Acme"


@pytest.mark.parametrize("name", ["", "   "])
def test_renaming_to_a_blank_name_is_422_naming_the_name(world, api_as, name):
    response = api_as(world.alice_membership).patch("/orgs/acme", {"name": name})

    assert response.status_code == 422
    assert fields_named(response) == ["name"]
    world.acme.refresh_from_db()
    assert world.acme.name == "Acme"


# --- Members ----------------------------------------------------------------------------------


def test_members_can_be_walked_page_by_page_with_the_cursor(world, api_as):
    for n in range(3):
        add_member(world.acme, make_user(name=f"Extra {n}"), Role.VIEWER)
    every_id = sorted(Membership.objects.for_org(world.acme).values_list("id", flat=True))
    api = api_as(world.alice_membership)

    seen, pages, url = [], 0, "/orgs/acme/members?limit=1"
    while url:
        body = api.get(url).json()
        pages += 1
        seen += [m["id"] for m in body["items"]]
        url = body["next_cursor"] and f"/orgs/acme/members?limit=1&cursor={body['next_cursor']}"

    assert seen == every_id
    assert pages == len(every_id)


def test_a_member_is_shown_with_their_person_and_role(world, api_as):
    response = api_as(world.bob_membership).get(f"/orgs/acme/members/{world.bob_membership.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["role"] == "member"
    assert body["user"] == {"id": world.bob.pk, "email": "bob@example.com", "name": "Bob"}


@pytest.mark.parametrize("limit", ["0", "-1", "201", "500", "many"])
def test_a_limit_outside_1_to_200_is_422_naming_the_limit(world, api_as, limit):
    response = api_as(world.alice_membership).get(f"/orgs/acme/members?limit={limit}")

    assert response.status_code == 422
    assert fields_named(response) == ["limit"]


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "bm90IGpzb24",  # base64 of "not json"
        forged_cursor({"id": 1}),
        forged_cursor([1, 2]),
        forged_cursor(["abc"]),
        forged_cursor([[1]]),
    ],
)
def test_a_cursor_the_api_did_not_hand_out_is_422(world, api_as, cursor):
    response = api_as(world.alice_membership).get(f"/orgs/acme/members?cursor={cursor}")

    assert response.status_code == 422
    assert fields_named(response) == ["cursor"]


def test_a_forged_audit_cursor_with_no_date_in_it_is_422(world, api_as):
    cursor = forged_cursor(["yesterday", 1])

    response = api_as(world.alice_membership).get(f"/orgs/acme/audit-events?cursor={cursor}")

    assert response.status_code == 422
    assert fields_named(response) == ["cursor"]


def test_alice_makes_bob_an_admin(world, api_as):
    url = f"/orgs/acme/members/{world.bob_membership.pk}"

    response = api_as(world.alice_membership).patch(url, {"role": "admin"})

    assert response.status_code == 200
    assert response.json()["role"] == "admin"
    world.bob_membership.refresh_from_db()
    assert world.bob_membership.role == Role.ADMIN
    event = last_event(world.acme)
    assert event.action == "membership.role_changed"
    assert event.before == {"role": "member", "user": "bob@example.com"}
    assert event.after == {"role": "admin", "user": "bob@example.com"}


def test_bob_may_not_change_roles(world, api_as):
    url = f"/orgs/acme/members/{world.bob_membership.pk}"

    response = api_as(world.bob_membership).patch(url, {"role": "admin"})

    assert response.status_code == 403
    world.bob_membership.refresh_from_db()
    assert world.bob_membership.role == Role.MEMBER


def test_an_unknown_role_is_422_naming_the_role(world, api_as):
    url = f"/orgs/acme/members/{world.bob_membership.pk}"

    response = api_as(world.alice_membership).patch(url, {"role": "emperor"})

    assert response.status_code == 422
    assert fields_named(response) == ["role"]


def test_the_last_owner_cannot_be_demoted(world, api_as):
    api = api_as(world.alice_membership)
    events = AuditEvent.objects.for_org(world.acme).count()

    response = api.patch(f"/orgs/acme/members/{world.alice_membership.pk}", {"role": "admin"})

    assert response.status_code == 409
    assert "at least one owner" in response.json()["detail"]
    world.alice_membership.refresh_from_db()
    assert world.alice_membership.role == Role.OWNER
    assert AuditEvent.objects.for_org(world.acme).count() == events


def test_an_owner_may_step_down_once_there_is_another_owner(world, api_as):
    world.bob_membership.role = Role.OWNER
    world.bob_membership.save()

    response = api_as(world.alice_membership).patch(
        f"/orgs/acme/members/{world.alice_membership.pk}", {"role": "admin"}
    )

    assert response.status_code == 200
    assert response.json()["role"] == "admin"


def test_an_admin_may_not_make_anyone_an_owner(world, api_as):
    world.bob_membership.role = Role.ADMIN
    world.bob_membership.save()
    dave = add_member(world.acme, make_user(name="Dave"), Role.MEMBER)
    api = api_as(world.bob_membership)

    for target in (dave, world.bob_membership):
        response = api.patch(f"/orgs/acme/members/{target.pk}", {"role": "owner"})
        assert response.status_code == 403
        assert "Only an owner" in response.json()["detail"]
        target.refresh_from_db()
        assert target.role != Role.OWNER


def test_an_admin_may_not_demote_an_owner(world, api_as):
    world.bob_membership.role = Role.ADMIN
    world.bob_membership.save()

    response = api_as(world.bob_membership).patch(
        f"/orgs/acme/members/{world.alice_membership.pk}", {"role": "member"}
    )

    assert response.status_code == 403
    world.alice_membership.refresh_from_db()
    assert world.alice_membership.role == Role.OWNER


def test_the_last_owner_cannot_be_removed(world, api_as):
    url = f"/orgs/acme/members/{world.alice_membership.pk}"

    response = api_as(world.alice_membership).delete(url)

    assert response.status_code == 409
    assert Membership.objects.filter(pk=world.alice_membership.pk).exists()


def test_bob_can_leave_acme_and_his_tokens_stop_working(world, api_as):
    api = api_as(world.bob_membership)

    response = api.delete(f"/orgs/acme/members/{world.bob_membership.pk}")

    assert response.status_code == 204
    assert not Membership.objects.filter(pk=world.bob_membership.pk).exists()
    event = last_event(world.acme)
    assert event.action == "membership.removed"
    assert event.actor == world.bob
    assert event.before == {"user": "bob@example.com", "role": "member"}
    assert api.get("/orgs/acme").status_code == 401


def test_bob_cannot_remove_alice(world, api_as):
    response = api_as(world.bob_membership).delete(
        f"/orgs/acme/members/{world.alice_membership.pk}"
    )

    assert response.status_code == 403
    assert Membership.objects.filter(pk=world.alice_membership.pk).exists()


def test_alice_removes_bob(world, api_as):
    response = api_as(world.alice_membership).delete(
        f"/orgs/acme/members/{world.bob_membership.pk}"
    )

    assert response.status_code == 204
    assert not Membership.objects.filter(pk=world.bob_membership.pk).exists()
    assert last_event(world.acme).actor == world.alice


# --- Invitations ------------------------------------------------------------------------------


def test_alice_invites_someone_by_email(world, api_as, django_capture_on_commit_callbacks):
    api = api_as(world.alice_membership)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/orgs/acme/invitations", {"email": "Dave@Example.com", "role": "admin"}
        )

    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "dave@example.com"
    assert body["role"] == "admin"
    assert body["status"] == "open"
    assert body["invited_by"]["email"] == "alice@example.com"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dave@example.com"]
    assert message.subject == "Alice invited you to Acme on Okrum"
    link = re.search(r"/invitations/([\w-]+)/", str(message.body))
    assert link is not None, message.body
    raw = link.group(1)
    invitation = Invitation.objects.get(pk=body["id"])
    assert invitation.token_hash == digest(raw)
    assert raw not in response.content.decode()
    event = last_event(world.acme)
    assert event.action == "invitation.created"
    assert event.after == {"email": "dave@example.com", "role": "admin"}


@pytest.mark.parametrize("email", ["bob@example.com", "BOB@example.com"])
def test_inviting_an_existing_member_is_409(
    world, api_as, django_capture_on_commit_callbacks, email
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(world.alice_membership).post("/orgs/acme/invitations", {"email": email})

    assert response.status_code == 409
    assert response.json()["detail"] == "bob@example.com is already a member."
    assert not Invitation.objects.for_org(world.acme).exists()
    assert mail.outbox == []


@pytest.mark.parametrize("email", ["not-an-email", "", "dave@", "@example.com"])
def test_a_bad_email_is_422_naming_the_email(world, api_as, email):
    response = api_as(world.alice_membership).post("/orgs/acme/invitations", {"email": email})

    assert response.status_code == 422
    assert fields_named(response) == ["email"]
    assert not Invitation.objects.for_org(world.acme).exists()


def test_bob_may_not_invite(world, api_as):
    response = api_as(world.bob_membership).post(
        "/orgs/acme/invitations", {"email": "dave@example.com"}
    )

    assert response.status_code == 403
    assert not Invitation.objects.for_org(world.acme).exists()


def test_an_admin_may_not_invite_an_owner(world, api_as):
    world.bob_membership.role = Role.ADMIN
    world.bob_membership.save()

    response = api_as(world.bob_membership).post(
        "/orgs/acme/invitations", {"email": "dave@example.com", "role": "owner"}
    )

    assert response.status_code == 403
    assert not Invitation.objects.for_org(world.acme).exists()


def test_inviting_the_same_address_again_revokes_the_first_invitation(world, api_as):
    api = api_as(world.alice_membership)
    first = api.post("/orgs/acme/invitations", {"email": "dave@example.com"}).json()

    second = api.post("/orgs/acme/invitations", {"email": "dave@example.com"}).json()

    assert api.get(f"/orgs/acme/invitations/{first['id']}").json()["status"] == "revoked"
    assert api.get(f"/orgs/acme/invitations/{second['id']}").json()["status"] == "open"


def test_invitations_are_listed_newest_first(world, api_as):
    make_invitation(world.acme, world.alice_membership, email="dave@example.com")
    make_invitation(world.acme, world.alice_membership, email="erin@example.com")

    response = api_as(world.alice_membership).get("/orgs/acme/invitations")

    assert response.status_code == 200
    body = response.json()
    assert [i["email"] for i in body["items"]] == ["erin@example.com", "dave@example.com"]
    assert body["next_cursor"] is None


def test_bob_may_not_see_the_invitations(world, api_as):
    make_invitation(world.acme, world.alice_membership)

    assert api_as(world.bob_membership).get("/orgs/acme/invitations").status_code == 403


def test_revoking_an_invitation_works_once(world, api_as):
    invitation, _ = make_invitation(world.acme, world.alice_membership)
    api = api_as(world.alice_membership)
    url = f"/orgs/acme/invitations/{invitation.pk}"

    response = api.delete(url)

    assert response.status_code == 204
    assert api.get(url).json()["status"] == "revoked"
    event = last_event(world.acme)
    assert event.action == "invitation.revoked"
    assert event.before == {"email": "new@example.com"}

    again = api.delete(url)

    assert again.status_code == 409
    assert "already used, revoked or has expired" in again.json()["detail"]


def test_a_revoked_invitation_cannot_be_accepted(world, api_as):
    invitation, raw = make_invitation(world.acme, world.alice_membership, "charlie@example.com")
    api_as(world.alice_membership).delete(f"/orgs/acme/invitations/{invitation.pk}")

    response = api_as(world.charlie_membership).post(f"/invitations/{raw}/accept")

    assert response.status_code == 409
    assert not Membership.objects.for_org(world.acme).filter(user=world.charlie).exists()


# --- The audit log ----------------------------------------------------------------------------


def test_audit_events_are_listed_newest_first(world, api_as):
    api = api_as(world.alice_membership)
    api.patch("/orgs/acme", {"name": "Acme Corp"})
    api.post("/orgs/acme/invitations", {"email": "dave@example.com"})

    response = api.get("/orgs/acme/audit-events")

    assert response.status_code == 200
    items = response.json()["items"]
    actions = [e["action"] for e in items]
    assert actions == [
        "invitation.created",
        "organization.renamed",
        "api_token.created",  # the token api_as made for Alice
        "organization.created",
    ]
    assert [e["created_at"] for e in items] == sorted([e["created_at"] for e in items])[::-1]
    assert items[1]["actor"]["email"] == "alice@example.com"
    assert items[1]["before"] == {"name": "Acme"}
    assert items[1]["after"] == {"name": "Acme Corp"}


def test_audit_events_can_be_walked_page_by_page(world, api_as):
    api = api_as(world.alice_membership)
    for n in range(3):
        api.patch("/orgs/acme", {"name": f"Acme {n}"})
    everything = [e["id"] for e in api.get("/orgs/acme/audit-events").json()["items"]]

    seen, url = [], "/orgs/acme/audit-events?limit=2"
    while url:
        body = api.get(url).json()
        seen += [e["id"] for e in body["items"]]
        url = (
            body["next_cursor"] and f"/orgs/acme/audit-events?limit=2&cursor={body['next_cursor']}"
        )

    assert seen == everything
    assert len(everything) == 5


def test_bob_may_not_read_the_audit_log(world, api_as):
    response = api_as(world.bob_membership).get("/orgs/acme/audit-events")

    assert response.status_code == 403
    assert response.json()["detail"]


# --- The trial --------------------------------------------------------------------------------


def expire_trial(org: Organization) -> None:
    org.trial_ends_at = now() - timedelta(minutes=1)
    org.save(update_fields=["trial_ends_at"])


def test_an_expired_trial_refuses_writes_with_402_and_changes_nothing(world, api_as):
    api = api_as(world.alice_membership)
    expire_trial(world.acme)
    events = AuditEvent.objects.for_org(world.acme).count()

    renamed = api.patch("/orgs/acme", {"name": "Acme Corp"})
    invited = api.post("/orgs/acme/invitations", {"email": "dave@example.com"})
    demoted = api.patch(f"/orgs/acme/members/{world.bob_membership.pk}", {"role": "viewer"})

    for response in (renamed, invited, demoted):
        assert response.status_code == 402
        assert "trial of Acme has ended" in response.json()["detail"]
    world.acme.refresh_from_db()
    world.bob_membership.refresh_from_db()
    assert world.acme.name == "Acme"
    assert world.bob_membership.role == Role.MEMBER
    assert not Invitation.objects.for_org(world.acme).exists()
    assert AuditEvent.objects.for_org(world.acme).count() == events


def test_an_expired_trial_still_answers_reads(world, api_as):
    api = api_as(world.alice_membership)
    expire_trial(world.acme)

    organization = api.get("/orgs/acme")
    members = api.get("/orgs/acme/members")

    assert organization.status_code == 200
    assert organization.json()["plan"] == "expired"
    assert organization.json()["read_only"] is True
    assert members.status_code == 200
    assert len(members.json()["items"]) == 2


def test_activating_a_plan_lifts_the_read_only_state(world, api_as):
    api = api_as(world.alice_membership)
    expire_trial(world.acme)

    services.activate_plan(org=world.acme)
    response = api.patch("/orgs/acme", {"name": "Acme Corp"})

    assert response.status_code == 200
    assert response.json()["plan"] == "active"
    assert response.json()["read_only"] is False
    event = AuditEvent.objects.for_org(world.acme).get(action="organization.activated")
    assert (event.before, event.after) == ({"plan": "expired"}, {"plan": "active"})
