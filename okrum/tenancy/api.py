"""JSON handlers for the organization, its members, invitations and audit events."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router

from okrum.accounts.auth import api_auth, principal
from okrum.core.etag import check_if_match, tagged
from okrum.core.pagination import Page
from okrum.tenancy import queries, services
from okrum.tenancy.models import AuditEvent, Invitation, Membership, Organization
from okrum.tenancy.roles import Role
from okrum.tenancy.schemas import (
    AuditEventPage,
    InvitationIn,
    InvitationOut,
    InvitationPage,
    MemberOut,
    MemberPage,
    MemberPatch,
    OrganizationOut,
    OrganizationPatch,
)

router = Router(tags=["organization"], auth=api_auth())
ADMIN = api_auth(read=Role.ADMIN, write=Role.ADMIN)
ADMIN_WRITES = api_auth(write=Role.ADMIN)


@router.get("/orgs/{org_slug}", response=OrganizationOut)
def get_organization(request: HttpRequest, org_slug: str, response: HttpResponse) -> Organization:
    org = principal(request).org
    return tagged(response, org)


@router.patch("/orgs/{org_slug}", response=OrganizationOut, auth=ADMIN_WRITES)
def rename_organization(
    request: HttpRequest, org_slug: str, payload: OrganizationPatch, response: HttpResponse
) -> Organization:
    who = principal(request)
    with transaction.atomic():
        org = queries.organization_for_update(who.org)
        check_if_match(request, org)
        services.rename_organization(org=org, by=who.user, name=payload.name)
    return tagged(response, org)


@router.get("/orgs/{org_slug}/members", response=MemberPage)
def list_members(
    request: HttpRequest, org_slug: str, limit: int | None = None, cursor: str | None = None
) -> Page[Membership]:
    return queries.members_page(principal(request).org, limit=limit, cursor=cursor)


@router.get("/orgs/{org_slug}/members/{member_id}", response=MemberOut)
def get_member(request: HttpRequest, org_slug: str, member_id: int) -> Membership:
    return queries.membership(principal(request).org, member_id)


@router.patch("/orgs/{org_slug}/members/{member_id}", response=MemberOut, auth=ADMIN_WRITES)
def change_member_role(
    request: HttpRequest, org_slug: str, member_id: int, payload: MemberPatch
) -> Membership:
    who = principal(request)
    with transaction.atomic():
        target = queries.membership(who.org, member_id)
        return services.change_role(membership=target, by=who.member, role=payload.role)


@router.delete(
    "/orgs/{org_slug}/members/{member_id}", response={204: None}, auth=api_auth(write=Role.VIEWER)
)
def remove_member(request: HttpRequest, org_slug: str, member_id: int) -> None:
    who = principal(request)
    with transaction.atomic():
        target = queries.membership(who.org, member_id)
        services.remove_member(membership=target, by=who.member)


@router.get("/orgs/{org_slug}/invitations", response=InvitationPage, auth=ADMIN)
def list_invitations(
    request: HttpRequest, org_slug: str, limit: int | None = None, cursor: str | None = None
) -> Page[Invitation]:
    return queries.invitations_page(principal(request).org, limit=limit, cursor=cursor)


@router.post("/orgs/{org_slug}/invitations", response={201: InvitationOut}, auth=ADMIN)
def create_invitation(request: HttpRequest, org_slug: str, payload: InvitationIn) -> Invitation:
    who = principal(request)
    with transaction.atomic():
        invitation, _ = services.invite(
            org=who.org, by=who.member, email=payload.email, role=payload.role
        )
    return invitation


@router.get("/orgs/{org_slug}/invitations/{invitation_id}", response=InvitationOut, auth=ADMIN)
def get_invitation(request: HttpRequest, org_slug: str, invitation_id: int) -> Invitation:
    return queries.invitation(principal(request).org, invitation_id)


@router.delete("/orgs/{org_slug}/invitations/{invitation_id}", response={204: None}, auth=ADMIN)
def revoke_invitation(request: HttpRequest, org_slug: str, invitation_id: int) -> None:
    who = principal(request)
    with transaction.atomic():
        invitation = queries.invitation(who.org, invitation_id)
        services.revoke_invitation(invitation=invitation, by=who.user)


@router.get("/orgs/{org_slug}/audit-events", response=AuditEventPage, auth=ADMIN)
def list_audit_events(
    request: HttpRequest, org_slug: str, limit: int | None = None, cursor: str | None = None
) -> Page[AuditEvent]:
    return queries.audit_page(principal(request).org, limit=limit, cursor=cursor)
