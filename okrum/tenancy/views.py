"""HTML handlers of the organization: members, invitations, audit log and settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from okrum.core.errors import DomainError
from okrum.core.forms import add_errors
from okrum.tenancy import forms, queries, services
from okrum.tenancy.access import org_of, roles
from okrum.tenancy.roles import Role, role_at_least


def home(request: HttpRequest) -> HttpResponse:
    """Signed out: what Okrum is. Signed in: the organization, or a choice of them."""
    if not request.user.is_authenticated:
        return render(request, "tenancy/welcome.html")
    memberships = queries.memberships_of(request.user)
    if len(memberships) == 1:
        return redirect("insights:home", org_slug=memberships[0].organization.slug)
    return render(request, "tenancy/organizations.html", {"memberships": memberships})


@login_required
def organizations(request: HttpRequest) -> HttpResponse:
    memberships = queries.memberships_of(request.user)  # type: ignore[arg-type]
    return render(request, "tenancy/organizations.html", {"memberships": memberships})


@roles(write=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, org_slug: str) -> HttpResponse:
    org, membership = org_of(request)
    invite_form = forms.InviteForm(request.POST or None)
    if request.method == "POST" and invite_form.is_valid():
        try:
            with transaction.atomic():
                invitation, _ = services.invite(
                    org=org,
                    by=membership,
                    email=invite_form.cleaned_data["email"],
                    role=invite_form.cleaned_data["role"],
                )
        except DomainError as exc:
            add_errors(invite_form, exc)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("tenancy:members", org_slug=org.slug)
    can_manage = role_at_least(membership.role, Role.ADMIN)
    context = {
        "members": queries.members(org),
        "invitations": queries.open_invitations(org) if can_manage else [],
        "invite_form": invite_form,
        "can_manage": can_manage,
        "roles": Role.choices,
    }
    status = 422 if invite_form.errors else 200
    return render(request, "tenancy/members.html", context, status=status)


@roles(write=Role.ADMIN)
@require_POST
def change_role(request: HttpRequest, org_slug: str, member_id: int) -> HttpResponse:
    org, membership = org_of(request)
    form = forms.RoleForm(request.POST)
    target = queries.membership(org, member_id)
    if not form.is_valid():
        messages.error(request, "Choose one of the roles.")
        return redirect("tenancy:members", org_slug=org.slug)
    try:
        with transaction.atomic():
            services.change_role(membership=target, by=membership, role=form.cleaned_data["role"])
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, f"{target.user.name} is now {target.get_role_display()}.")
    return redirect("tenancy:members", org_slug=org.slug)


@roles(write=Role.VIEWER)
@require_POST
def remove_member(request: HttpRequest, org_slug: str, member_id: int) -> HttpResponse:
    org, membership = org_of(request)
    target = queries.membership(org, member_id)
    leaving = target.pk == membership.pk  # decided first: deleting the row clears target.pk
    try:
        with transaction.atomic():
            services.remove_member(membership=target, by=membership)
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect("tenancy:members", org_slug=org.slug)
    if leaving:
        messages.success(request, f"You left {org.name}.")
        return redirect("home")
    messages.success(request, f"{target.user.name} was removed from {org.name}.")
    return redirect("tenancy:members", org_slug=org.slug)


@roles(write=Role.ADMIN)
@require_POST
def revoke_invitation(request: HttpRequest, org_slug: str, invitation_id: int) -> HttpResponse:
    org, membership = org_of(request)
    invitation = queries.invitation(org, invitation_id)
    try:
        with transaction.atomic():
            services.revoke_invitation(invitation=invitation, by=membership.user)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, f"The invitation to {invitation.email} was revoked.")
    return redirect("tenancy:members", org_slug=org.slug)


@roles(read=Role.ADMIN, write=Role.ADMIN)
def audit(request: HttpRequest, org_slug: str) -> HttpResponse:
    org, _ = org_of(request)
    page = queries.audit_page(org, limit=50, cursor=request.GET.get("cursor"))
    return render(request, "tenancy/audit.html", {"page": page})


@roles(write=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    org, membership = org_of(request)
    form = forms.OrganizationForm(request.POST or None, initial={"name": org.name})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.rename_organization(
                    org=org, by=membership.user, name=form.cleaned_data["name"]
                )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("tenancy:settings", org_slug=org.slug)
    return render(request, "tenancy/settings.html", {"form": form})
