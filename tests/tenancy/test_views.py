"""The organization pages: members, invitations, audit log, settings and the org switcher."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.core import mail

from okrum.core.time import now
from okrum.tenancy import services
from okrum.tenancy.models import AuditEvent, Invitation, Membership, Organization
from okrum.tenancy.roles import Role
from tests.factories.tenancy import add_member, make_invitation, make_org
from tests.web import submit, text


def end_trial(org: Organization) -> None:
    org.trial_ends_at = now() - timedelta(days=1)
    org.save(update_fields=["trial_ends_at"])


def role_of(membership: Membership) -> str | None:
    found = Membership.objects.filter(pk=membership.pk).first()
    return found.role if found else None


def invitations_to(org: Organization, email: str) -> list[Invitation]:
    return list(Invitation.objects.for_org(org).filter(email=email))


def last_event(org: Organization) -> AuditEvent:
    return AuditEvent.objects.for_org(org).latest("id")


# --- Home and the org switcher ----------------------------------------------------------------


def test_the_organization_home_greets_the_member_with_their_role(world, web_as):
    response = web_as(world.bob).get("/o/acme/")

    assert response.status_code == 200
    assert "<h1>Acme</h1>" in text(response)
    assert "You are <strong>Member</strong> here." in text(response)
    assert "2 members." in text(response)


def test_someone_in_one_organization_goes_straight_to_it(world, web_as):
    response = web_as(world.alice).get("/")

    assert response["Location"] == "/o/acme/"


def test_someone_in_several_organizations_chooses_one(world, web_as):
    add_member(world.globex, world.bob, Role.VIEWER)

    response = web_as(world.bob).get("/")

    assert response.status_code == 200
    assert 'href="/o/acme/"' in text(response)
    assert 'href="/o/globex/"' in text(response)


def test_the_organizations_page_lists_every_organization_of_the_user(world, web_as):
    add_member(world.globex, world.bob, Role.VIEWER)
    end_trial(world.globex)

    page = text(web_as(world.bob).get("/orgs/"))

    assert re.search(r'href="/o/acme/">Acme</a>\s*<span class="muted">— Member</span>', page)
    assert re.search(
        r'href="/o/globex/">Globex</a>\s*<span class="muted">— Viewer, read-only', page
    )


def test_the_nav_switches_between_the_organizations_of_the_user(world, web_as):
    add_member(world.globex, world.bob, Role.VIEWER)

    page = text(web_as(world.bob).get("/o/globex/"))

    switcher = page[page.index('class="dropdown org-switcher"') : page.index("All organizations")]
    assert '<a href="/o/acme/">Acme</a>' in switcher
    assert '<a href="/o/globex/" aria-current="page">Globex</a>' in switcher


def test_the_nav_lists_only_the_users_own_organizations(world, web_as):
    page = text(web_as(world.alice).get("/o/acme/"))

    assert "/o/globex/" not in page


def test_a_stranger_to_the_organization_finds_nothing(world, web_as):
    response = web_as(world.charlie).get("/o/acme/")

    assert response.status_code == 404


def test_organization_pages_ask_for_sign_in(world, client):
    response = client.get("/o/acme/members/")

    assert response["Location"] == "/login/?next=/o/acme/members/"


# --- Members and invitations ------------------------------------------------------------------


def test_the_members_page_lists_the_members(world, web_as):
    response = web_as(world.bob).get("/o/acme/members/")

    assert response.status_code == 200
    page = text(response)
    assert "alice@example.com" in page
    assert "bob@example.com" in page
    assert "charlie@example.com" not in page
    assert 'Bob <span class="muted">(you)</span>' in page


def test_a_member_sees_no_invitation_form(world, web_as):
    page = text(web_as(world.bob).get("/o/acme/members/"))

    assert "Invite someone" not in page
    assert "Leave Acme" in page


def test_an_admin_invites_by_email(world, web_as, django_capture_on_commit_callbacks):
    client = web_as(world.alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(
            client, "/o/acme/members/", {"email": "Dave@Example.com", "role": "admin"}
        )

    assert response.status_code == 302
    assert response["Location"] == "/o/acme/members/"
    [invitation] = invitations_to(world.acme, "dave@example.com")
    assert invitation.role == Role.ADMIN
    [message] = mail.outbox
    assert message.to == ["dave@example.com"]
    assert re.search(re.escape(settings.BASE_URL) + r"/invitations/inv_[\w-]+/", message.body)
    page = text(client.get("/o/acme/members/"))
    assert "Invitation sent to dave@example.com." in page
    assert 'dave@example.com <span class="muted">as Admin' in page


def test_a_bad_invitation_address_shows_the_form_again_with_the_reason(world, web_as):
    response = submit(
        web_as(world.alice), "/o/acme/members/", {"email": "not-an-address", "role": "member"}
    )

    assert response.status_code == 422
    assert "Enter a valid email address." in text(response)
    assert not Invitation.objects.for_org(world.acme).exists()
    assert mail.outbox == []


def test_inviting_a_member_again_shows_the_form_again_with_the_reason(world, web_as):
    response = submit(
        web_as(world.alice), "/o/acme/members/", {"email": "bob@example.com", "role": "member"}
    )

    assert response.status_code == 422
    assert "Already a member." in text(response)
    assert not Invitation.objects.for_org(world.acme).exists()


def test_an_admin_may_not_invite_an_owner(world, web_as):
    admin = add_member(world.acme, role=Role.ADMIN)

    response = submit(
        web_as(admin.user), "/o/acme/members/", {"email": "dave@example.com", "role": "owner"}
    )

    assert response.status_code == 422
    assert "Only an owner can make someone an owner." in text(response)
    assert not Invitation.objects.for_org(world.acme).exists()


def test_a_member_may_not_invite(world, web_as):
    response = submit(
        web_as(world.bob), "/o/acme/members/", {"email": "dave@example.com", "role": "member"}
    )

    assert response.status_code == 403
    assert not Invitation.objects.for_org(world.acme).exists()


def test_an_admin_revokes_an_invitation(world, web_as):
    invitation, _ = make_invitation(world.acme, world.alice_membership, "dave@example.com")
    client = web_as(world.alice)

    response = submit(client, f"/o/acme/invitations/{invitation.pk}/revoke/")

    assert response["Location"] == "/o/acme/members/"
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    page = text(client.get("/o/acme/members/"))
    assert "The invitation to dave@example.com was revoked." in page
    assert 'data-testid="pending-invitations"' not in page


def test_revoking_a_used_invitation_says_why_it_cannot(world, web_as):
    invitation, _ = make_invitation(world.acme, world.alice_membership, "dave@example.com")
    services.revoke_invitation(invitation=invitation, by=world.alice)
    client = web_as(world.alice)

    submit(client, f"/o/acme/invitations/{invitation.pk}/revoke/")

    assert "already used, revoked or has expired" in text(client.get("/o/acme/members/"))


def test_another_organizations_invitation_is_not_found(world, web_as):
    invitation, _ = make_invitation(world.globex, world.charlie_membership, "dave@example.com")

    response = submit(web_as(world.alice), f"/o/acme/invitations/{invitation.pk}/revoke/")

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_an_owner_changes_a_role(world, web_as):
    client = web_as(world.alice)

    response = submit(client, f"/o/acme/members/{world.bob_membership.pk}/role/", {"role": "admin"})

    assert response["Location"] == "/o/acme/members/"
    assert role_of(world.bob_membership) == Role.ADMIN
    assert "Bob is now Admin." in text(client.get("/o/acme/members/"))
    assert last_event(world.acme).action == "membership.role_changed"


def test_an_unknown_role_changes_nothing(world, web_as):
    client = web_as(world.alice)

    submit(client, f"/o/acme/members/{world.bob_membership.pk}/role/", {"role": "boss"})

    assert role_of(world.bob_membership) == Role.MEMBER
    assert "Choose one of the roles." in text(client.get("/o/acme/members/"))


def test_the_last_owner_is_told_why_they_cannot_step_down(world, web_as):
    client = web_as(world.alice)

    submit(client, f"/o/acme/members/{world.alice_membership.pk}/role/", {"role": "member"})

    assert role_of(world.alice_membership) == Role.OWNER
    page = text(client.get("/o/acme/members/"))
    assert "An organization needs at least one owner; make someone else owner first." in page


def test_a_member_may_not_change_roles(world, web_as):
    response = submit(
        web_as(world.bob), f"/o/acme/members/{world.alice_membership.pk}/role/", {"role": "viewer"}
    )

    assert response.status_code == 403
    assert role_of(world.alice_membership) == Role.OWNER


def test_an_owner_removes_a_member(world, web_as):
    client = web_as(world.alice)

    response = submit(client, f"/o/acme/members/{world.bob_membership.pk}/remove/")

    assert response["Location"] == "/o/acme/members/"
    assert role_of(world.bob_membership) is None
    page = text(client.get("/o/acme/members/"))
    assert "Bob was removed from Acme." in page
    assert "bob@example.com" not in page


def test_a_member_leaves_the_organization(world, web_as):
    client = web_as(world.bob)

    response = submit(client, f"/o/acme/members/{world.bob_membership.pk}/remove/")

    assert response["Location"] == "/"
    assert role_of(world.bob_membership) is None
    assert "You left Acme." in text(client.get("/"))
    assert client.get("/o/acme/").status_code == 404


def test_a_member_may_not_remove_someone_else(world, web_as):
    client = web_as(world.bob)

    response = submit(client, f"/o/acme/members/{world.alice_membership.pk}/remove/")

    assert response["Location"] == "/o/acme/members/"
    assert role_of(world.alice_membership) == Role.OWNER
    assert "Only owners and admins manage members." in text(client.get("/o/acme/members/"))


def test_the_last_owner_is_told_why_they_cannot_leave(world, web_as):
    client = web_as(world.alice)

    submit(client, f"/o/acme/members/{world.alice_membership.pk}/remove/")

    assert role_of(world.alice_membership) == Role.OWNER
    assert "at least one owner" in text(client.get("/o/acme/members/"))


def test_another_organizations_member_is_not_found(world, web_as):
    response = submit(web_as(world.alice), f"/o/acme/members/{world.charlie_membership.pk}/remove/")

    assert response.status_code == 404
    assert role_of(world.charlie_membership) == Role.OWNER


# --- Audit log --------------------------------------------------------------------------------


def test_the_audit_log_shows_who_changed_what(world, web_as):
    services.change_role(membership=world.bob_membership, by=world.alice_membership, role="admin")

    response = web_as(world.alice).get("/o/acme/audit/")

    assert response.status_code == 200
    page = text(response)
    assert "<code>organization.created</code>" in page
    assert "<code>membership.role_changed</code>" in page
    assert "<strong>role</strong>: member → admin" in page
    assert "globex" not in page.lower()


def test_the_audit_log_pages_back_in_time(world, web_as):
    for n in range(55):
        services.rename_organization(org=world.acme, by=world.alice, name=f"Acme {n}")
    client = web_as(world.alice)

    first = text(client.get("/o/acme/audit/"))
    cursor = re.search(r'href="\?cursor=([\w-]+)"', first)
    assert cursor, first
    older = text(client.get(f"/o/acme/audit/?cursor={cursor.group(1)}"))

    assert "Acme 54" in first
    assert "<code>organization.created</code>" not in first
    assert "<code>organization.created</code>" in older
    assert "Older events" not in older


def test_a_bad_audit_cursor_is_a_clear_error(world, web_as):
    response = web_as(world.alice).get("/o/acme/audit/?cursor=nonsense")

    assert response.status_code == 422
    assert "This cursor is not one the API handed out." in text(response)


def test_only_admins_see_the_audit_log(world, web_as):
    response = web_as(world.bob).get("/o/acme/audit/")

    assert response.status_code == 403
    assert "may not see this" in text(response)


def test_members_see_no_audit_or_settings_link(world, web_as):
    page = text(web_as(world.bob).get("/o/acme/"))

    assert "/o/acme/audit/" not in page
    assert "/o/acme/settings/" not in page


# --- Settings ---------------------------------------------------------------------------------


def test_an_admin_renames_the_organization(world, web_as):
    client = web_as(world.alice)

    response = submit(client, "/o/acme/settings/", {"name": "Acme Corp"})

    assert response["Location"] == "/o/acme/settings/"
    world.acme.refresh_from_db()
    assert world.acme.name == "Acme Corp"
    assert world.acme.slug == "acme"
    assert "<h1>Acme Corp</h1>" in text(client.get("/o/acme/"))
    assert last_event(world.acme).after == {"name": "Acme Corp"}


def test_renaming_to_a_blank_name_shows_the_form_again(world, web_as):
    response = submit(web_as(world.alice), "/o/acme/settings/", {"name": "   "})

    assert response.status_code == 200
    assert "This field is required." in text(response)
    world.acme.refresh_from_db()
    assert world.acme.name == "Acme"


def test_a_member_may_not_rename_the_organization(world, web_as):
    response = submit(web_as(world.bob), "/o/acme/settings/", {"name": "Bobco"})

    assert response.status_code == 403
    world.acme.refresh_from_db()
    assert world.acme.name == "Acme"


# --- The trial --------------------------------------------------------------------------------


def test_a_trial_shows_the_days_left(world, web_as):
    page = text(web_as(world.bob).get("/o/acme/"))

    assert "Free trial:</strong> 90 days left" in page


def test_an_ended_trial_shows_the_read_only_banner(world, web_as):
    end_trial(world.acme)

    page = text(web_as(world.bob).get("/o/acme/"))

    assert "Your free trial has ended." in page
    assert "Acme is read-only" in page


def test_an_ended_trial_hides_the_forms_that_would_write(world, web_as):
    end_trial(world.acme)

    page = text(web_as(world.alice).get("/o/acme/members/"))

    assert "Invite someone" not in page
    assert "/remove/" not in page


def test_an_ended_trial_refuses_writes_with_402(world, web_as):
    end_trial(world.acme)
    client = web_as(world.alice)

    invite = submit(client, "/o/acme/members/", {"email": "dave@example.com", "role": "member"})
    rename = submit(client, "/o/acme/settings/", {"name": "Acme Corp"})
    leave = submit(client, f"/o/acme/members/{world.bob_membership.pk}/remove/")

    assert [invite.status_code, rename.status_code, leave.status_code] == [402, 402, 402]
    assert "activate a plan to make changes again" in text(invite)
    assert not Invitation.objects.for_org(world.acme).exists()
    world.acme.refresh_from_db()
    assert world.acme.name == "Acme"
    assert role_of(world.bob_membership) == Role.MEMBER


def test_an_ended_trial_still_lets_everyone_read(world, web_as):
    end_trial(world.acme)
    client = web_as(world.alice)

    assert client.get("/o/acme/members/").status_code == 200
    assert client.get("/o/acme/audit/").status_code == 200


def test_another_organizations_trial_does_not_matter(world, web_as):
    end_trial(world.globex)

    response = submit(web_as(world.alice), "/o/acme/settings/", {"name": "Acme Corp"})

    assert response.status_code == 302


# --- CSRF -------------------------------------------------------------------------------------


def test_a_form_posted_without_its_csrf_token_is_refused(world, web_as):
    client = web_as(world.alice)

    response = client.post("/o/acme/settings/", {"name": "Hacked"})

    assert response.status_code == 403
    assert "This form has expired" in text(response)
    world.acme.refresh_from_db()
    assert world.acme.name == "Acme"


def test_a_form_posted_with_a_forged_csrf_token_is_refused(world, web_as):
    client = web_as(world.alice)
    submit(client, "/o/acme/settings/", {"name": "Acme"})  # the browser has a real token now

    response = client.post("/o/acme/settings/", {"name": "Hacked", "csrfmiddlewaretoken": "x" * 32})

    assert response.status_code == 403
    world.acme.refresh_from_db()
    assert world.acme.name == "Acme"


def test_a_second_organization_of_the_same_name_has_its_own_members(world, web_as):
    other = make_org(world.alice, name="Acme")

    page = text(web_as(world.alice).get(f"/o/{other.slug}/members/"))

    assert other.slug == "acme-2"
    assert "bob@example.com" not in page
