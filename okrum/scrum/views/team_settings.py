"""Backlog settings: the team's Definition of Done and its estimate scale."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from okrum.core.errors import DomainError
from okrum.core.forms import add_errors
from okrum.scrum import forms, queries, services
from okrum.scrum.views._common import _status, _writable
from okrum.teams import queries as teams
from okrum.teams.models import Team
from okrum.tenancy.access import org_of


def _settings_page(
    request: HttpRequest,
    team: Team,
    *,
    dod_form: forms.DefinitionOfDoneForm | None = None,
    scale_form: forms.EstimateScaleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    dod = queries.definition_of_done(team)
    backlog_row = queries.backlog(team)
    custom = ", ".join(str(p) for p in backlog_row.custom_points)
    context = {
        "team": team,
        "dod": dod,
        "dod_form": dod_form
        or forms.DefinitionOfDoneForm(
            initial={"checklist": "\n".join(dod.checklist if dod else [])}
        ),
        "scale_form": scale_form
        or forms.EstimateScaleForm(
            initial={"scale": backlog_row.estimate_scale, "custom_points": custom}
        ),
        "points": queries.scale_points(team),
        "scale": backlog_row.estimate_scale,
        "writable": _writable(request, team),
    }
    return render(request, "scrum/settings.html", context, status=status)


@require_GET
def backlog_settings(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    org, _ = org_of(request)
    return _settings_page(request, teams.team(org, team_id))


@require_POST
def definition_of_done(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    org, membership = org_of(request)
    team = teams.team(org, team_id)
    form = forms.DefinitionOfDoneForm(request.POST)
    refused = None
    if form.is_valid():
        try:
            with transaction.atomic():
                dod = services.set_definition_of_done(
                    team=team, by=membership, checklist=form.lines()
                )
        except DomainError as exc:
            add_errors(form, exc)
            refused = exc
        else:
            messages.success(request, f"Definition of Done saved as version {dod.number}.")
            return redirect("scrum:settings", org_slug=org.slug, team_id=team.pk)
    return _settings_page(request, team, dod_form=form, status=_status(form, refused))


@require_POST
def estimate_scale(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    org, membership = org_of(request)
    team = teams.team(org, team_id)
    form = forms.EstimateScaleForm(request.POST)
    refused = None
    if form.is_valid():
        try:
            with transaction.atomic():
                services.set_estimate_scale(
                    team=team,
                    by=membership,
                    scale=form.cleaned_data["scale"],
                    custom_points=form.points(),
                )
        except DomainError as exc:
            add_errors(form, exc)
            refused = exc
        else:
            messages.success(request, "Estimate scale saved.")
            return redirect("scrum:settings", org_slug=org.slug, team_id=team.pk)
    return _settings_page(request, team, scale_form=form, status=_status(form, refused))
