"""JSON handlers of the daily scrum: entries, impediments, the burndown."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from okrum.accounts.auth import api_auth, principal
from okrum.core.errors import Invalid
from okrum.core.etag import check_if_match, tagged
from okrum.core.pagination import Page
from okrum.core.refs import maybe_referenced
from okrum.scrum import queries, services
from okrum.scrum.models import DailyScrumEntry, Impediment
from okrum.scrum.queries import daily as daily_queries
from okrum.scrum.schemas.daily import (
    BurndownOut,
    DailyScrumOut,
    EntryIn,
    EntryRecordedOut,
    ImpedimentIn,
    ImpedimentOut,
    ImpedimentPage,
    ImpedimentResolveIn,
)
from okrum.teams import queries as teams_queries

# Members may call every write; the services refuse what their role and teams do not allow (403).
router = Router(tags=["daily scrum"], auth=api_auth())

SPRINT = "/orgs/{org_slug}/sprints/{sprint_id}"


@router.get(SPRINT + "/daily-scrum", response=DailyScrumOut)
def get_daily_scrum(
    request: HttpRequest, org_slug: str, sprint_id: int, day: date | None = None
) -> daily_queries.DailyScrum:
    """Who posted what on `day` (today by default), with the team's open impediments."""
    org = principal(request).org
    sprint = queries.sprint(org, sprint_id)
    if day is not None and not sprint.starts_on <= day <= sprint.ends_on:
        raise Invalid({"day": f"Choose a day from {sprint.starts_on} to {sprint.ends_on}."})
    return daily_queries.daily_scrum(org, sprint, daily_queries.day_of(sprint, day))


@router.put(
    SPRINT + "/daily-scrum/entries/mine", response={200: EntryRecordedOut, 201: EntryRecordedOut}
)
def put_my_entry(
    request: HttpRequest, org_slug: str, sprint_id: int, payload: EntryIn, response: HttpResponse
) -> Status[DailyScrumEntry]:
    """Record my entry for a day: 201 the first time, 200 when it updates that day's entry."""
    who = principal(request)
    with transaction.atomic():
        sprint = queries.sprint(who.org, sprint_id)
        day = daily_queries.day_of(sprint, None) if payload.day is None else payload.day
        existing = daily_queries.my_entry(who.org, sprint, who.member, day)
        if existing is not None:
            check_if_match(request, existing)
        entry = services.record_entry(
            sprint=sprint,
            by=who.member,
            day=payload.day,
            done=payload.done,
            plan=payload.plan,
            impediments=payload.impediments,
        )
    found = tagged(response, daily_queries.entry_with_impediments(who.org, entry.pk))
    return Status(201 if existing is None else 200, found)


@router.get(SPRINT + "/burndown", response=BurndownOut)
def get_burndown(request: HttpRequest, org_slug: str, sprint_id: int) -> dict[str, Any]:
    """Remaining points per day against the ideal line; empty until the sprint starts."""
    org = principal(request).org
    sprint = queries.sprint(org, sprint_id)
    chart = daily_queries.burndown(org, sprint)
    if chart is None:
        return {
            "sprint": sprint.pk,
            "days": daily_queries.sprint_days(sprint),
            "remaining": [],
            "ideal": [],
            "committed_points": None,
            "start_points": None,
        }
    return {
        "sprint": sprint.pk,
        "days": chart.days,
        "remaining": chart.remaining,
        "ideal": chart.ideal,
        "committed_points": chart.committed,
        "start_points": chart.start,
    }


# Impediments ----------------------------------------------------------------------------------


@router.get("/orgs/{org_slug}/teams/{team_id}/impediments", response=ImpedimentPage)
def list_impediments(
    request: HttpRequest,
    org_slug: str,
    team_id: int,
    open: bool | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[Impediment]:
    """The team's impediments in the order they were raised; `open=true` or `false` narrows."""
    org = principal(request).org
    team = teams_queries.team(org, team_id)
    resolved = None if open is None else not open
    return daily_queries.impediments_page(org, team, resolved=resolved, limit=limit, cursor=cursor)


@router.post("/orgs/{org_slug}/teams/{team_id}/impediments", response={201: ImpedimentOut})
def raise_impediment(
    request: HttpRequest, org_slug: str, team_id: int, payload: ImpedimentIn, response: HttpResponse
) -> Impediment:
    who = principal(request)
    with transaction.atomic():
        team = teams_queries.team(who.org, team_id)
        sprint = maybe_referenced(queries.sprint, who.org, payload.sprint, "sprint")
        if payload.sprint is None:
            sprint = queries.active_sprint(team)
        found = services.raise_impediment(
            team=team, by=who.member, description=payload.description, sprint=sprint
        )
    return tagged(response, daily_queries.impediment(who.org, found.pk))


@router.post("/orgs/{org_slug}/impediments/{impediment_id}/resolve", response=ImpedimentOut)
def resolve_impediment(
    request: HttpRequest,
    org_slug: str,
    impediment_id: int,
    payload: ImpedimentResolveIn,
    response: HttpResponse,
) -> Impediment:
    """Mark an open impediment resolved, saying how; a resolved one answers 409."""
    who = principal(request)
    with transaction.atomic():
        found = daily_queries.impediment_for_update(who.org, impediment_id)
        check_if_match(request, found)
        services.resolve_impediment(impediment=found, by=who.member, resolution=payload.resolution)
    return tagged(response, daily_queries.impediment(who.org, impediment_id))
