"""Writes of the tenancy domain; each records an AuditEvent and leaves the commit to its caller."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify

from okrum.core.errors import Conflict, Forbidden, Invalid, NotFound, ReadOnly
from okrum.core.secrets import digest, new_secret
from okrum.core.time import now
from okrum.tenancy import audit, queries
from okrum.tenancy.models import Invitation, Membership, Organization, Plan
from okrum.tenancy.roles import Role, role_at_least

if TYPE_CHECKING:
    from okrum.accounts.models import User


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50].strip("-") or "org"
    slug, n = base, 1
    while queries.slug_taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


def _clean_name(name: str, field: str = "name") -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise Invalid({field: "Give the organization a name."})
    if len(cleaned) > 120:
        raise Invalid({field: "Keep the name under 120 characters."})
    return cleaned


def create_organization(*, name: str, owner: User) -> tuple[Organization, Membership]:
    """A new organization on a free trial, with `owner` as its first owner."""
    cleaned = _clean_name(name, "organization")
    created = now()
    org = Organization.objects.create(
        slug=_unique_slug(cleaned),
        name=cleaned,
        plan=Plan.TRIAL,
        created_at=created,
        trial_ends_at=created + timedelta(days=settings.OKRUM_TRIAL_DAYS),
    )
    membership = Membership.objects.create(organization=org, user=owner, role=Role.OWNER)
    audit.record(
        org=org,
        actor=owner,
        action="organization.created",
        obj=org,
        after={"name": org.name, "slug": org.slug, "plan": org.plan},
    )
    return org, membership


def rename_organization(*, org: Organization, by: User, name: str) -> Organization:
    before = org.name
    org.name = _clean_name(name)
    org.version += 1
    org.save(update_fields=["name", "version"])
    audit.record(
        org=org,
        actor=by,
        action="organization.renamed",
        obj=org,
        before={"name": before},
        after={"name": org.name},
    )
    return org


def activate_plan(*, org: Organization) -> Organization:
    """End the trial (or lift an expiry): the organization becomes writable for good."""
    before = org.effective_plan
    org.plan = Plan.ACTIVE
    org.version += 1
    org.save(update_fields=["plan", "version"])
    audit.record(
        org=org,
        actor=None,
        action="organization.activated",
        obj=org,
        before={"plan": before},
        after={"plan": org.plan},
    )
    return org


def _check_may_grant(by: Membership, role: str) -> None:
    if role not in Role.values:
        raise Invalid({"role": f"Choose one of: {', '.join(Role.values)}."})
    if role == Role.OWNER and by.role != Role.OWNER:
        raise Forbidden("Only an owner can make someone an owner.")


def invite(*, org: Organization, by: Membership, email: str, role: str) -> tuple[Invitation, str]:
    """An invitation by email with a single-use link; returns it and the raw token."""
    address = email.strip().lower()
    try:
        validate_email(address)
    except Exception as exc:
        raise Invalid({"email": "Enter a valid email address."}) from exc
    _check_may_grant(by, role)
    if queries.is_member_email(org, address):
        raise Conflict(f"{address} is already a member.", {"email": "Already a member."})
    for stale in queries.open_invitations_for(org, address):
        revoke_invitation(invitation=stale, by=by.user)
    raw = new_secret("inv")
    invitation = Invitation.objects.create(
        organization=org,
        email=address,
        role=role,
        token_hash=digest(raw),
        invited_by=by.user,
        expires_at=now() + timedelta(days=settings.OKRUM_INVITATION_DAYS),
    )
    audit.record(
        org=org,
        actor=by.user,
        action="invitation.created",
        obj=invitation,
        after={"email": address, "role": role},
    )
    link = settings.BASE_URL + reverse("accounts:invitation", args=[raw])
    body = render_to_string(
        "tenancy/email/invitation.txt",
        {"org": org, "inviter": by.user, "link": link, "invitation": invitation},
    )
    subject = f"{by.user.name} invited you to {org.name} on Okrum"
    transaction.on_commit(lambda: send_mail(subject, body, None, [address]))
    return invitation, raw


def revoke_invitation(*, invitation: Invitation, by: User) -> Invitation:
    if not invitation.is_open():
        raise Conflict("This invitation was already used, revoked or has expired.")
    invitation.revoked_at = now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        org=invitation.organization,
        actor=by,
        action="invitation.revoked",
        obj=invitation,
        before={"email": invitation.email},
    )
    return invitation


def open_invitation(raw_token: str) -> Invitation:
    """The invitation a link points at, if it can still be accepted."""
    invitation = queries.invitation_by_hash(digest(raw_token))
    if invitation is None:
        raise NotFound("This invitation link is not valid.")
    if invitation.accepted_at is not None:
        raise Conflict("This invitation has already been accepted.")
    if invitation.revoked_at is not None:
        raise Conflict("This invitation was revoked. Ask for a new one.")
    if invitation.expires_at <= now():
        raise Conflict("This invitation has expired. Ask for a new one.")
    return invitation


def accept_invitation(*, raw_token: str, user: User) -> Membership:
    invitation = open_invitation(raw_token)
    org = invitation.organization
    if org.is_read_only:
        raise ReadOnly(f"The free trial of {org.name} has ended; it takes no new members now.")
    if user.email.lower() != invitation.email:
        raise Forbidden(
            f"This invitation is for {invitation.email}; you are signed in as {user.email}."
        )
    if queries.is_member_email(org, user.email):
        raise Conflict(f"You are already a member of {org.name}.")
    membership = Membership.objects.create(organization=org, user=user, role=invitation.role)
    invitation.accepted_at = now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        org=org,
        actor=user,
        action="invitation.accepted",
        obj=invitation,
        after={"email": invitation.email, "role": invitation.role},
    )
    return membership


def _check_owner_remains(membership: Membership) -> None:
    if membership.role == Role.OWNER and queries.owner_count(membership.organization) <= 1:
        raise Conflict(
            "An organization needs at least one owner; make someone else owner first.",
            {"role": "This is the last owner."},
        )


def _check_may_manage(by: Membership, target: Membership) -> None:
    if not role_at_least(by.role, Role.ADMIN):
        raise Forbidden("Only owners and admins manage members.")
    if target.role == Role.OWNER and by.role != Role.OWNER:
        raise Forbidden("Only an owner can change or remove another owner.")


def change_role(*, membership: Membership, by: Membership, role: str) -> Membership:
    _check_may_manage(by, membership)
    _check_may_grant(by, role)
    if role == membership.role:
        return membership
    if role != Role.OWNER:
        _check_owner_remains(membership)
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        org=membership.organization,
        actor=by.user,
        action="membership.role_changed",
        obj=membership,
        before={"role": before, "user": membership.user.email},
        after={"role": role, "user": membership.user.email},
    )
    return membership


def remove_member(*, membership: Membership, by: Membership) -> None:
    """Remove someone from the organization (or leave it yourself); the last owner stays."""
    if membership.pk != by.pk:
        _check_may_manage(by, membership)
    _check_owner_remains(membership)
    audit.record(
        org=membership.organization,
        actor=by.user,
        action="membership.removed",
        obj=membership,
        before={"user": membership.user.email, "role": membership.role},
    )
    membership.delete()
