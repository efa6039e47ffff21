"""The operator's commands: `okrum demo` and `okrum org`."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from okrum.accounts.models import User
from okrum.core.time import now
from okrum.demo import builder
from okrum.tenancy.models import AuditEvent, Membership, Organization, Plan
from okrum.tenancy.roles import Role
from tests.web import submit


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def end_trial(org: Organization) -> None:
    org.trial_ends_at = now() - timedelta(days=1)
    org.save(update_fields=["trial_ends_at"])


# --- okrum demo -------------------------------------------------------------------------------


def test_demo_creates_the_store_with_every_role_and_prints_how_to_sign_in(db):
    output = run("demo")

    org = Organization.objects.get()
    assert (org.slug, org.name, org.plan) == (
        "fitwear-demo-store",
        "Fitwear Demo Store",
        Plan.TRIAL,
    )
    roles = {m.user.email: m.role for m in Membership.objects.for_org(org).select_related("user")}
    assert len(roles) == len(builder.PEOPLE)
    assert {
        "owner@demo.okrum.test": Role.OWNER,
        "admin@demo.okrum.test": Role.ADMIN,
        "member@demo.okrum.test": Role.MEMBER,
        "viewer@demo.okrum.test": Role.VIEWER,
    }.items() <= roles.items()
    assert "Demo organization “Fitwear Demo Store” created." in output
    for person in builder.PEOPLE:
        assert person.email in output
        assert User.objects.get(email=person.email).check_password(builder.DEMO_PASSWORD)
    assert builder.DEMO_PASSWORD in output


def test_the_demo_is_built_through_audited_services_sends_no_mail_and_loads_once(db):
    run("demo")

    org = Organization.objects.get()
    actions = [e.action for e in AuditEvent.objects.for_org(org).order_by("id")]
    assert actions[0] == "organization.created"
    assert actions.count("invitation.accepted") == len(builder.PEOPLE) - 1
    assert mail.outbox == []
    counts = (Organization.objects.count(), User.objects.count(), AuditEvent.objects.count())

    output = run("demo")

    assert (Organization.objects.count(), User.objects.count(), AuditEvent.objects.count()) == (
        counts
    )
    assert "already has organizations; the demo was not loaded" in output
    assert "owner@demo.okrum.test" in output


def test_demo_leaves_a_database_with_organizations_alone(world):
    output = run("demo", "--quiet-if-present")

    assert not Organization.objects.filter(slug="fitwear-demo-store").exists()
    assert "not loaded" not in output


# --- okrum org --------------------------------------------------------------------------------


def test_org_activate_makes_an_expired_organization_active_and_writable(world, web_as):
    end_trial(world.acme)
    client = web_as(world.alice)
    assert submit(client, "/o/acme/settings/", {"name": "Acme Corp"}).status_code == 402

    output = run("org", "activate", "acme")

    world.acme.refresh_from_db()
    assert world.acme.plan == Plan.ACTIVE
    assert world.acme.is_read_only is False
    assert "Acme (acme) is now on the active plan." in output
    assert submit(client, "/o/acme/settings/", {"name": "Acme Corp"}).status_code == 302
    world.acme.refresh_from_db()
    assert world.acme.name == "Acme Corp"


def test_org_activate_is_audited(world):
    end_trial(world.acme)

    run("org", "activate", "acme")

    event = AuditEvent.objects.for_org(world.acme).filter(action="organization.activated").get()
    assert event.actor is None
    assert (event.before, event.after) == ({"plan": "expired"}, {"plan": "active"})


def test_org_activate_touches_only_the_named_organization(world):
    end_trial(world.globex)

    run("org", "activate", "acme")

    world.globex.refresh_from_db()
    assert world.globex.is_read_only is True


def test_org_activate_with_an_unknown_slug_is_an_error(world):
    with pytest.raises(CommandError, match="No organization with slug 'initech'"):
        run("org", "activate", "initech")

    assert not AuditEvent.objects.filter(action="organization.activated").exists()


def test_org_list_shows_every_organization_with_its_plan(world):
    end_trial(world.globex)

    output = run("org", "list")

    assert "acme" in output
    assert "globex" in output
    assert "trial" in output
    assert "expired" in output
