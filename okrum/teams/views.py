"""HTML handlers of teams: the list, a team's page with its members, and member changes."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from okrum.core.errors import DomainError
from okrum.core.forms import add_errors
from okrum.teams import forms, queries, services
from okrum.teams.models import Accountability
from okrum.tenancy import queries as tenancy
from okrum.tenancy.access import may_write, org_of, roles
from okrum.tenancy.roles import Role


@roles(write=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def teams(request: HttpRequest, org_slug: str) -> HttpResponse:
    org, membership = org_of(request)
    form = forms.TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                team = services.create_team(org=org, by=membership, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Team {team.name} created. Now add its members.")
            return redirect("teams:team", org_slug=org.slug, team_id=team.pk)
    context = {
        "teams": queries.teams(org),
        "my_team_ids": queries.team_ids_of(membership),
        "form": form,
        "can_manage": may_write(request, Role.ADMIN),
    }
    return render(request, "teams/teams.html", context, status=422 if form.errors else 200)


@roles(write=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    """The team's members; an admin adds one with the form on the page."""
    org, membership = org_of(request)
    team = queries.team(org, team_id)
    seats = queries.seats(team)
    seated = {seat.membership_id for seat in seats}
    candidates = [m for m in tenancy.members(org) if m.pk not in seated]
    form = forms.SeatForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                seat = services.add_team_member(team=team, by=membership, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                f"{seat.membership.user.name} joined {team.name} as "
                f"{seat.get_accountability_display()}.",
            )
            return redirect("teams:team", org_slug=org.slug, team_id=team.pk)
    context = {
        "team": team,
        "seats": seats,
        "form": form,
        "can_manage": may_write(request, Role.ADMIN),
        "accountabilities": Accountability.choices,
    }
    return render(request, "teams/team.html", context, status=422 if form.errors else 200)


@roles(write=Role.ADMIN)
@require_http_methods(["GET", "POST"])
def edit_team(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    org, membership = org_of(request)
    team = queries.team(org, team_id)
    initial = {"name": team.name, "key": team.key, "description": team.description}
    form = forms.TeamForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.update_team(team=team, by=membership, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Team saved.")
            return redirect("teams:team", org_slug=org.slug, team_id=team.pk)
    context = {"team": team, "form": form, "can_manage": may_write(request, Role.ADMIN)}
    return render(request, "teams/edit_team.html", context, status=422 if form.errors else 200)


@roles(write=Role.ADMIN)
@require_POST
def change_accountability(request: HttpRequest, org_slug: str, seat_id: int) -> HttpResponse:
    org, membership = org_of(request)
    seat = queries.seat_by_id(org, seat_id)
    form = forms.AccountabilityForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the accountabilities.")
        return redirect("teams:team", org_slug=org.slug, team_id=seat.team_id)
    try:
        with transaction.atomic():
            services.change_accountability(
                seat=seat, by=membership, accountability=form.cleaned_data["accountability"]
            )
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(
            request, f"{seat.membership.user.name} is now {seat.get_accountability_display()}."
        )
    return redirect("teams:team", org_slug=org.slug, team_id=seat.team_id)


@roles(write=Role.ADMIN)
@require_POST
def remove_seat(request: HttpRequest, org_slug: str, seat_id: int) -> HttpResponse:
    org, membership = org_of(request)
    seat = queries.seat_by_id(org, seat_id)
    team_id, name = seat.team_id, seat.membership.user.name
    try:
        with transaction.atomic():
            services.remove_team_member(seat=seat, by=membership)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, f"{name} left {seat.team.name}.")
    return redirect("teams:team", org_slug=org.slug, team_id=team_id)
