"""Writes of the tenancy domain: organizations, invitations, roles, plans — each one audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from okrum.core.errors import Conflict, Forbidden, Invalid, NotFound, ReadOnly
from okrum.core.secrets import digest
from okrum.core.time import now
from okrum.tenancy import services
from okrum.tenancy.models import AuditEvent, Invitation, Membership, Organization, Plan
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.tenancy import add_member, make_invitation


def events(org: Organization) -> list[AuditEvent]:
    return list(AuditEvent.objects.for_org(org).order_by("id"))


def last_event(org: Organization) -> AuditEvent:
    return events(org)[-1]


def end_trial(org: Organization) -> None:
    org.trial_ends_at = now() - timedelta(minutes=1)
    org.save(update_fields=["trial_ends_at"])


def reloaded(membership: Membership) -> Membership | None:
    return Membership.objects.filter(pk=membership.pk).select_related("organization").first()


def reloaded_membership_of(user, org: Organization) -> Membership | None:
    return Membership.objects.for_org(org).filter(user=user).first()


# --- Creating an organization -----------------------------------------------------------------


def test_a_new_organization_takes_its_slug_from_its_name(db):
    org, _ = services.create_organization(name="  Acme   Rockets ", owner=make_user())

    assert org.name == "Acme Rockets"
    assert org.slug == "acme-rockets"


def test_a_taken_slug_gets_a_number(db):
    first, _ = services.create_organization(name="Acme", owner=make_user())
    second, _ = services.create_organization(name="Acme", owner=make_user())
    third, _ = services.create_organization(name="ACME", owner=make_user())

    assert [first.slug, second.slug, third.slug] == ["acme", "acme-2", "acme-3"]


def test_a_name_without_letters_still_gets_a_slug(db):
    org, _ = services.create_organization(name="???", owner=make_user())

    assert org.slug == "org"


def test_a_new_organization_is_on_a_ninety_day_trial(db):
    org, _ = services.create_organization(name="Acme", owner=make_user())

    assert org.plan == Plan.TRIAL
    assert org.trial_ends_at - org.created_at == timedelta(days=90)
    assert org.trial_days_left == 90
    assert org.effective_plan == Plan.TRIAL
    assert org.is_read_only is False


def test_the_creator_owns_the_new_organization(db):
    alice = make_user(name="Alice")

    org, membership = services.create_organization(name="Acme", owner=alice)

    assert membership.user == alice
    assert membership.role == Role.OWNER
    assert list(Membership.objects.for_org(org)) == [membership]


def test_creating_an_organization_is_audited(db):
    alice = make_user(name="Alice")

    org, _ = services.create_organization(name="Acme", owner=alice)

    [event] = events(org)
    assert event.action == "organization.created"
    assert event.actor == alice
    assert (event.object_type, event.object_id) == ("Organization", str(org.pk))
    assert event.before is None
    assert event.after == {"name": "Acme", "slug": "acme", "plan": "trial"}


@pytest.mark.parametrize(
    ("name", "message"),
    [("   ", "Give the organization a name."), ("x" * 121, "Keep the name under 120 characters.")],
)
def test_an_organization_needs_a_sensible_name(db, name, message):
    with pytest.raises(Invalid) as refused:
        services.create_organization(name=name, owner=make_user())

    assert refused.value.errors == {"organization": message}
    assert not Organization.objects.exists()


# --- Renaming and activating ------------------------------------------------------------------


def test_renaming_bumps_the_version_and_is_audited(world):
    services.rename_organization(org=world.acme, by=world.alice, name=" Acme  Corp ")

    world.acme.refresh_from_db()
    assert world.acme.name == "Acme Corp"
    assert world.acme.version == 2
    assert world.acme.slug == "acme"
    event = last_event(world.acme)
    assert event.action == "organization.renamed"
    assert event.actor == world.alice
    assert (event.before, event.after) == ({"name": "Acme"}, {"name": "Acme Corp"})


def test_renaming_to_nothing_is_refused(world):
    with pytest.raises(Invalid) as refused:
        services.rename_organization(org=world.acme, by=world.alice, name="  ")

    assert list(refused.value.errors) == ["name"]
    world.acme.refresh_from_db()
    assert world.acme.name == "Acme"


def test_activating_a_plan_makes_an_expired_organization_writable(world):
    end_trial(world.acme)
    assert world.acme.is_read_only

    services.activate_plan(org=world.acme)

    world.acme.refresh_from_db()
    assert world.acme.plan == Plan.ACTIVE
    assert world.acme.effective_plan == Plan.ACTIVE
    assert world.acme.is_read_only is False
    assert world.acme.trial_days_left is None
    assert world.acme.version == 2
    event = last_event(world.acme)
    assert event.action == "organization.activated"
    assert event.actor is None
    assert (event.before, event.after) == ({"plan": "expired"}, {"plan": "active"})


def test_activating_during_the_trial_records_the_trial_as_before(world):
    services.activate_plan(org=world.acme)

    assert last_event(world.acme).before == {"plan": "trial"}


# --- Plan, read-only and days left ------------------------------------------------------------


def test_a_trial_past_its_end_is_expired_and_read_only_before_any_job_runs(world):
    end_trial(world.acme)

    assert world.acme.plan == Plan.TRIAL
    assert world.acme.effective_plan == Plan.EXPIRED
    assert world.acme.is_read_only is True
    assert world.acme.trial_days_left == 0


def test_an_active_plan_stays_writable_whatever_the_trial_date(world):
    world.acme.plan = Plan.ACTIVE
    end_trial(world.acme)

    assert world.acme.effective_plan == Plan.ACTIVE
    assert world.acme.is_read_only is False
    assert world.acme.trial_days_left is None


def test_an_expired_plan_is_read_only_even_before_the_trial_date(world):
    world.acme.plan = Plan.EXPIRED

    assert world.acme.effective_plan == Plan.EXPIRED
    assert world.acme.is_read_only is True


def test_a_part_day_left_of_the_trial_counts_as_a_day(world):
    world.acme.trial_ends_at = now() + timedelta(hours=36)

    assert world.acme.trial_days_left == 2


# --- Invitations ------------------------------------------------------------------------------


def test_an_invitation_stores_only_the_hash_of_its_link(world):
    invitation, raw = services.invite(
        org=world.acme, by=world.alice_membership, email="  Dave@Example.COM ", role=Role.ADMIN
    )

    assert raw.startswith("inv_")
    assert invitation.token_hash == digest(raw)
    assert not Invitation.objects.filter(token_hash=raw).exists()
    assert invitation.email == "dave@example.com"
    assert invitation.role == Role.ADMIN
    assert invitation.invited_by == world.alice
    lifetime = invitation.expires_at - invitation.created_at
    assert timedelta(days=14) - timedelta(seconds=1) < lifetime <= timedelta(days=14)
    assert invitation.is_open()


def test_an_invitation_is_audited(world):
    invitation, _ = make_invitation(world.acme, world.alice_membership, "dave@example.com")

    event = last_event(world.acme)
    assert event.action == "invitation.created"
    assert event.actor == world.alice
    assert (event.object_type, event.object_id) == ("Invitation", str(invitation.pk))
    assert event.after == {"email": "dave@example.com", "role": "member"}


def test_the_invitation_email_is_sent_once_the_transaction_commits(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as pending:
        _, raw = make_invitation(world.acme, world.alice_membership, "dave@example.com")
    assert mail.outbox == []

    for callback in pending:
        callback()

    [sent] = mail.outbox
    assert sent.to == ["dave@example.com"]
    assert sent.subject == "Alice invited you to Acme on Okrum"
    assert f"/invitations/{raw}/" in sent.body


def test_inviting_a_bad_address_is_refused(world):
    with pytest.raises(Invalid) as refused:
        make_invitation(world.acme, world.alice_membership, "not-an-address")

    assert refused.value.errors == {"email": "Enter a valid email address."}
    assert not Invitation.objects.for_org(world.acme).exists()


def test_inviting_with_an_unknown_role_is_refused(world):
    with pytest.raises(Invalid) as refused:
        make_invitation(world.acme, world.alice_membership, "dave@example.com", role="boss")

    assert list(refused.value.errors) == ["role"]


def test_only_an_owner_may_invite_an_owner(world):
    admin = add_member(world.acme, make_user(), Role.ADMIN)

    with pytest.raises(Forbidden):
        make_invitation(world.acme, admin, "dave@example.com", role=Role.OWNER)
    invitation, _ = make_invitation(world.acme, world.alice_membership, "dave@example.com", "owner")

    assert invitation.role == Role.OWNER


def test_inviting_a_member_is_a_conflict(world):
    with pytest.raises(Conflict) as refused:
        make_invitation(world.acme, world.alice_membership, "BOB@example.com")

    assert refused.value.errors == {"email": "Already a member."}


def test_inviting_the_same_address_again_revokes_the_earlier_link(world):
    first, first_raw = make_invitation(world.acme, world.alice_membership, "dave@example.com")

    second, _ = make_invitation(world.acme, world.alice_membership, "dave@example.com")

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.is_open()
    with pytest.raises(Conflict):
        services.open_invitation(first_raw)
    assert [e.action for e in events(world.acme)][-3:] == [
        "invitation.created",
        "invitation.revoked",
        "invitation.created",
    ]


def test_accepting_an_invitation_makes_a_member_with_its_role(world):
    invitation, raw = make_invitation(
        world.acme, world.alice_membership, "charlie@example.com", Role.VIEWER
    )

    membership = services.accept_invitation(raw_token=raw, user=world.charlie)

    assert (membership.organization, membership.user, membership.role) == (
        world.acme,
        world.charlie,
        Role.VIEWER,
    )
    invitation.refresh_from_db()
    assert invitation.accepted_by == world.charlie
    assert invitation.accepted_at is not None
    assert not invitation.is_open()
    event = last_event(world.acme)
    assert event.action == "invitation.accepted"
    assert event.actor == world.charlie
    assert event.after == {"email": "charlie@example.com", "role": "viewer"}


def test_an_invitation_works_only_once(world):
    _, raw = make_invitation(world.acme, world.alice_membership, "charlie@example.com")
    services.accept_invitation(raw_token=raw, user=world.charlie)

    with pytest.raises(Conflict, match="already been accepted"):
        services.accept_invitation(raw_token=raw, user=world.charlie)


def test_a_revoked_invitation_cannot_be_accepted(world):
    invitation, raw = make_invitation(world.acme, world.alice_membership, "charlie@example.com")
    services.revoke_invitation(invitation=invitation, by=world.alice)

    with pytest.raises(Conflict, match="revoked"):
        services.accept_invitation(raw_token=raw, user=world.charlie)
    assert reloaded_membership_of(world.charlie, world.acme) is None


def test_an_expired_invitation_cannot_be_accepted(world):
    invitation, raw = make_invitation(world.acme, world.alice_membership, "charlie@example.com")
    invitation.expires_at = now() - timedelta(seconds=1)
    invitation.save(update_fields=["expires_at"])

    with pytest.raises(Conflict, match="expired"):
        services.accept_invitation(raw_token=raw, user=world.charlie)
    assert reloaded_membership_of(world.charlie, world.acme) is None


def test_an_unknown_link_is_not_found(world):
    with pytest.raises(NotFound):
        services.open_invitation("inv_made-up")


def test_an_invitation_is_only_for_the_address_it_was_sent_to(world):
    _, raw = make_invitation(world.acme, world.alice_membership, "dave@example.com")

    with pytest.raises(Forbidden) as refused:
        services.accept_invitation(raw_token=raw, user=world.charlie)

    assert refused.value.detail == (
        "This invitation is for dave@example.com; you are signed in as charlie@example.com."
    )
    assert reloaded_membership_of(world.charlie, world.acme) is None


def test_someone_who_joined_meanwhile_cannot_accept_again(world):
    _, raw = make_invitation(world.acme, world.alice_membership, "charlie@example.com")
    add_member(world.acme, world.charlie, Role.VIEWER)

    with pytest.raises(Conflict, match="already a member"):
        services.accept_invitation(raw_token=raw, user=world.charlie)


def test_an_organization_whose_trial_ended_takes_no_new_members(world):
    _, raw = make_invitation(world.acme, world.alice_membership, "charlie@example.com")
    end_trial(world.acme)

    with pytest.raises(ReadOnly):
        services.accept_invitation(raw_token=raw, user=world.charlie)
    assert reloaded_membership_of(world.charlie, world.acme) is None


def test_revoking_an_invitation_is_audited(world):
    invitation, _ = make_invitation(world.acme, world.alice_membership, "dave@example.com")

    services.revoke_invitation(invitation=invitation, by=world.alice)

    assert invitation.revoked_at is not None
    event = last_event(world.acme)
    assert event.action == "invitation.revoked"
    assert event.actor == world.alice
    assert (event.before, event.after) == ({"email": "dave@example.com"}, None)


def test_revoking_twice_is_a_conflict(world):
    invitation, _ = make_invitation(world.acme, world.alice_membership, "dave@example.com")
    services.revoke_invitation(invitation=invitation, by=world.alice)

    with pytest.raises(Conflict):
        services.revoke_invitation(invitation=invitation, by=world.alice)


# --- Roles ------------------------------------------------------------------------------------


def test_an_owner_changes_a_role_and_it_is_audited(world):
    services.change_role(membership=world.bob_membership, by=world.alice_membership, role="admin")

    assert reloaded(world.bob_membership).role == Role.ADMIN
    event = last_event(world.acme)
    assert event.action == "membership.role_changed"
    assert event.actor == world.alice
    assert (event.object_type, event.object_id) == ("Membership", str(world.bob_membership.pk))
    assert event.before == {"role": "member", "user": "bob@example.com"}
    assert event.after == {"role": "admin", "user": "bob@example.com"}


def test_an_admin_changes_the_role_of_a_member(world):
    admin = add_member(world.acme, make_user(), Role.ADMIN)

    services.change_role(membership=world.bob_membership, by=admin, role=Role.VIEWER)

    assert reloaded(world.bob_membership).role == Role.VIEWER


def test_a_member_may_not_change_roles(world):
    viewer = add_member(world.acme, make_user(), Role.VIEWER)

    with pytest.raises(Forbidden, match="Only owners and admins"):
        services.change_role(membership=viewer, by=world.bob_membership, role=Role.MEMBER)
    assert reloaded(viewer).role == Role.VIEWER


def test_an_admin_may_not_make_an_owner(world):
    admin = add_member(world.acme, make_user(), Role.ADMIN)

    with pytest.raises(Forbidden, match="Only an owner can make someone an owner"):
        services.change_role(membership=world.bob_membership, by=admin, role=Role.OWNER)
    assert reloaded(world.bob_membership).role == Role.MEMBER


def test_an_admin_may_not_demote_an_owner(world):
    admin = add_member(world.acme, make_user(), Role.ADMIN)

    with pytest.raises(Forbidden, match="another owner"):
        services.change_role(membership=world.alice_membership, by=admin, role=Role.MEMBER)
    assert reloaded(world.alice_membership).role == Role.OWNER


def test_the_last_owner_cannot_step_down(world):
    with pytest.raises(Conflict) as refused:
        services.change_role(
            membership=world.alice_membership, by=world.alice_membership, role=Role.ADMIN
        )

    assert refused.value.errors == {"role": "This is the last owner."}
    assert reloaded(world.alice_membership).role == Role.OWNER


def test_an_owner_may_step_down_once_there_is_another(world):
    services.change_role(
        membership=world.bob_membership, by=world.alice_membership, role=Role.OWNER
    )

    services.change_role(
        membership=world.alice_membership, by=world.alice_membership, role=Role.MEMBER
    )

    assert reloaded(world.alice_membership).role == Role.MEMBER
    assert reloaded(world.bob_membership).role == Role.OWNER


def test_changing_to_the_same_role_writes_nothing(world):
    before = len(events(world.acme))

    services.change_role(membership=world.bob_membership, by=world.alice_membership, role="member")

    assert len(events(world.acme)) == before


def test_an_unknown_role_is_refused(world):
    with pytest.raises(Invalid) as refused:
        services.change_role(membership=world.bob_membership, by=world.alice_membership, role="x")

    assert list(refused.value.errors) == ["role"]


# --- Removing and leaving ---------------------------------------------------------------------


def test_an_owner_removes_a_member_and_it_is_audited(world):
    services.remove_member(membership=world.bob_membership, by=world.alice_membership)

    assert reloaded(world.bob_membership) is None
    event = last_event(world.acme)
    assert event.action == "membership.removed"
    assert event.actor == world.alice
    assert event.before == {"user": "bob@example.com", "role": "member"}
    assert event.after is None


def test_a_member_may_leave(world):
    services.remove_member(membership=world.bob_membership, by=world.bob_membership)

    assert reloaded(world.bob_membership) is None
    assert last_event(world.acme).actor == world.bob


def test_a_member_may_not_remove_someone_else(world):
    viewer = add_member(world.acme, make_user(), Role.VIEWER)

    with pytest.raises(Forbidden):
        services.remove_member(membership=viewer, by=world.bob_membership)
    assert reloaded(viewer) is not None


def test_an_admin_removes_members_but_not_owners(world):
    admin = add_member(world.acme, make_user(), Role.ADMIN)

    with pytest.raises(Forbidden):
        services.remove_member(membership=world.alice_membership, by=admin)
    services.remove_member(membership=world.bob_membership, by=admin)

    assert reloaded(world.alice_membership) is not None
    assert reloaded(world.bob_membership) is None


def test_the_last_owner_cannot_leave(world):
    with pytest.raises(Conflict, match="at least one owner"):
        services.remove_member(membership=world.alice_membership, by=world.alice_membership)

    assert reloaded(world.alice_membership) is not None


def test_an_owner_may_leave_another_owner_behind(world):
    services.change_role(
        membership=world.bob_membership, by=world.alice_membership, role=Role.OWNER
    )

    services.remove_member(membership=world.alice_membership, by=world.alice_membership)

    assert reloaded(world.alice_membership) is None
    assert reloaded(world.bob_membership).role == Role.OWNER


def test_no_write_of_one_organization_is_audited_in_another(world):
    globex_events = len(events(world.globex))

    services.change_role(membership=world.bob_membership, by=world.alice_membership, role="admin")
    services.remove_member(membership=world.bob_membership, by=world.alice_membership)
    make_invitation(world.acme, world.alice_membership, "dave@example.com")

    assert len(events(world.globex)) == globex_events
