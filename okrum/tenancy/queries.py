"""Reads of the tenancy domain."""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrum.core.pagination import Page, paginate
from okrum.core.time import now
from okrum.tenancy.models import AuditEvent, Invitation, Membership, Organization
from okrum.tenancy.roles import Role
from okrum.tenancy.scoping import get_for_org

if TYPE_CHECKING:
    from okrum.accounts.models import User


def slug_taken(slug: str) -> bool:
    return Organization.objects.filter(slug=slug).exists()


def organization_by_slug(slug: str) -> Organization | None:
    return Organization.objects.filter(slug=slug).first()


def memberships_of(user: User) -> list[Membership]:
    """Every organization the user belongs to, by name."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name", "id")
    )


def is_member_email(org: Organization, email: str) -> bool:
    return Membership.objects.for_org(org).filter(user__email__iexact=email).exists()


def owner_count(org: Organization) -> int:
    return Membership.objects.for_org(org).filter(role=Role.OWNER).count()


def members(org: Organization) -> list[Membership]:
    return list(Membership.objects.for_org(org).select_related("user").order_by("user__name", "id"))


def members_page(org: Organization, *, limit: int | None, cursor: str | None) -> Page[Membership]:
    rows = Membership.objects.for_org(org).select_related("user", "organization")
    return paginate(rows, order=["id"], limit=limit, cursor=cursor)


def membership(org: Organization, membership_id: int) -> Membership:
    rows = Membership.objects.select_related("user", "organization")
    return get_for_org(rows, org, membership_id)


def open_invitations(org: Organization) -> list[Invitation]:
    rows = Invitation.objects.for_org(org).select_related("invited_by")
    return list(
        rows.filter(accepted_at=None, revoked_at=None, expires_at__gt=now()).order_by("-id")
    )


def invitations_page(
    org: Organization, *, limit: int | None, cursor: str | None
) -> Page[Invitation]:
    rows = Invitation.objects.for_org(org).select_related("invited_by", "organization")
    return paginate(rows, order=["-id"], limit=limit, cursor=cursor)


def open_invitations_for(org: Organization, email: str) -> list[Invitation]:
    return [i for i in open_invitations(org) if i.email == email]


def invitation(org: Organization, invitation_id: int) -> Invitation:
    rows = Invitation.objects.select_related("organization", "invited_by")
    return get_for_org(rows, org, invitation_id)


def invitation_by_hash(token_hash: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(token_hash=token_hash)
        .first()
    )


def audit_page(org: Organization, *, limit: int | None, cursor: str | None) -> Page[AuditEvent]:
    rows = AuditEvent.objects.for_org(org).select_related("actor")
    return paginate(rows, order=["-created_at", "-id"], limit=limit, cursor=cursor)


def organization_for_update(org: Organization) -> Organization:
    """The organization row, locked until the transaction ends (for versioned writes)."""
    return Organization.objects.select_for_update().get(pk=org.pk)


def all_organizations() -> list[Organization]:
    return list(Organization.objects.order_by("slug"))


def any_organization_exists() -> bool:
    return Organization.objects.exists()
