"""Typed factories for organizations, memberships and invitations."""

from __future__ import annotations

from typing import Any

from okrum.accounts.models import User
from okrum.tenancy import services
from okrum.tenancy.models import Invitation, Membership, Organization
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user


def make_org(owner: User | None = None, name: str = "Acme", **overrides: Any) -> Organization:
    org, _ = services.create_organization(name=name, owner=owner or make_user())
    if overrides:
        for field, value in overrides.items():
            setattr(org, field, value)
        org.save()
    return org


def add_member(org: Organization, user: User | None = None, role: str = Role.MEMBER) -> Membership:
    return Membership.objects.create(organization=org, user=user or make_user(), role=role)


def make_invitation(
    org: Organization, by: Membership, email: str = "new@example.com", role: str = Role.MEMBER
) -> tuple[Invitation, str]:
    return services.invite(org=org, by=by, email=email, role=role)
