"""HTML pages of the daily scrum: the day's entries, my entry, impediments and the burndown."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from okrum.core.errors import DomainError, NotFound
from okrum.core.forms import add_errors
from okrum.core.htmx import is_htmx
from okrum.core.time import now
from okrum.scrum import queries, services
from okrum.scrum.burndown import Burndown
from okrum.scrum.forms.daily import DayForm, EntryForm, ResolveForm
from okrum.scrum.models import Impediment, Sprint, SprintState
from okrum.scrum.permissions import may_work_on
from okrum.scrum.queries import daily as daily_queries
from okrum.scrum.services.daily import may_post
from okrum.tenancy.access import may_write, org_of

LIVE = "scrum/_daily_live.html"


def _asked_day(request: HttpRequest, sprint: Sprint) -> date:
    form = DayForm(request.GET or None)
    wanted = form.cleaned_data["day"] if form.is_bound and form.is_valid() else None
    return daily_queries.day_of(sprint, wanted)


def _chart(chart: Burndown | None) -> dict[str, Any] | None:
    """The series as Chart.js reads them: a start point, then the end of each day."""
    if chart is None:
        return None
    return {
        "labels": ["Start", *(f"{d:%a} {d.day} {d:%b}" for d in chart.days)],
        "remaining": [float(chart.start), *(float(p) for p in chart.remaining)],
        "ideal": [float(chart.committed), *(float(p) for p in chart.ideal)],
    }


def _rows(chart: Burndown | None) -> list[dict[str, Any]]:
    """The chart as table rows: each day with its remaining points (None: still to come)."""
    if chart is None:
        return []
    return [
        {
            "day": day,
            "remaining": chart.remaining[i] if i < len(chart.remaining) else None,
            "ideal": chart.ideal[i],
        }
        for i, day in enumerate(chart.days)
    ]


def _live_context(
    request: HttpRequest,
    sprint: Sprint,
    day: date,
    *,
    form: EntryForm | None = None,
    saved: bool = False,
    resolve_form: ResolveForm | None = None,
    resolve_id: int | None = None,
) -> dict[str, Any]:
    """What the part of the page that a save changes shows: my form, entries, impediments."""
    org, membership = org_of(request)
    scrum = daily_queries.daily_scrum(org, sprint, day)
    writable = may_write(request)
    can_post = (
        writable
        and sprint.state == SprintState.ACTIVE
        and day in scrum.days
        and may_post(membership, scrum.seats.get(membership.pk))
    )
    mine = next((p for p in scrum.participants if p.membership.pk == membership.pk), None)
    mine_entry = mine.entry if mine else None
    previous = mine.previous if mine else None
    if form is None and can_post:
        initial: dict[str, Any] = {"day": day}
        if mine_entry is not None:
            initial.update(done=mine_entry.done, plan=mine_entry.plan)
        form = EntryForm(initial=initial, auto_id="entry-%s")
    return {
        "sprint": sprint,
        "team": sprint.team,
        "scrum": scrum,
        "day": day,
        "form": form,
        "can_post": can_post,
        "my_entry": mine_entry,
        "my_previous": previous,
        "saved": saved,
        "saved_at": now(),
        "can_resolve": writable and may_work_on(membership, sprint.team),
        "resolve_form": resolve_form,
        "resolve_id": resolve_id,
    }


@require_GET
def daily_scrum(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    """The daily scrum of a sprint on a day (?day=YYYY-MM-DD; today by default)."""
    org, _ = org_of(request)
    sprint = queries.sprint(org, sprint_id)
    day = _asked_day(request, sprint)
    return _page(request, sprint, day)


def _page(
    request: HttpRequest, sprint: Sprint, day: date, status: int = 200, **live: Any
) -> HttpResponse:
    org, _ = org_of(request)
    context = _live_context(request, sprint, day, **live)
    chart = daily_queries.burndown(org, sprint)
    context["chart"] = _chart(chart)
    context["burndown"] = chart
    context["burndown_rows"] = _rows(chart)
    return render(request, "scrum/daily.html", context, status=status)


def _answer(
    request: HttpRequest, sprint: Sprint, day: date, status: int, **live: Any
) -> HttpResponse:
    """htmx gets the changed part of the page; a plain form post gets the whole page."""
    if is_htmx(request):
        context = _live_context(request, sprint, day, **live)
        return render(request, LIVE, context, status=status)
    return _page(request, sprint, day, status=status, **live)


def _daily_url(sprint: Sprint, day: date) -> str:
    url = reverse("scrum:daily", args=[sprint.organization.slug, sprint.pk])
    return f"{url}?day={day.isoformat()}"


@require_POST
def record_entry(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    org, membership = org_of(request)
    sprint = queries.sprint(org, sprint_id)
    form = EntryForm(request.POST, auto_id="entry-%s")
    day = _asked_day(request, sprint)
    if form.is_valid():
        day = form.cleaned_data["day"]
        try:
            with transaction.atomic():
                services.record_entry(
                    sprint=sprint,
                    by=membership,
                    day=day,
                    done=form.cleaned_data["done"],
                    plan=form.cleaned_data["plan"],
                    impediments=form.lines(),
                )
        except DomainError as exc:
            add_errors(form, exc)
            return _answer(request, sprint, day, exc.status, form=form)
        if is_htmx(request):
            return _answer(request, sprint, day, 200, saved=True)
        messages.success(request, f"Your daily scrum entry for {day.day} {day:%b} is saved.")
        return redirect(_daily_url(sprint, day))
    return _answer(request, sprint, day, 422, form=form)


def _impediment_of(request: HttpRequest, sprint: Sprint, impediment_id: int) -> Impediment:
    org, _ = org_of(request)
    found = daily_queries.impediment_for_update(org, impediment_id)
    if found.team_id != sprint.team_id:
        raise NotFound("No such impediment.")
    return found


@require_POST
def resolve_impediment(
    request: HttpRequest, org_slug: str, sprint_id: int, impediment_id: int
) -> HttpResponse:
    org, membership = org_of(request)
    sprint = queries.sprint(org, sprint_id)
    day = _asked_day(request, sprint)
    form = ResolveForm(request.POST, auto_id=f"resolve-{impediment_id}-%s")
    status = 422
    with transaction.atomic():
        found = _impediment_of(request, sprint, impediment_id)
        if form.is_valid():
            try:
                services.resolve_impediment(
                    impediment=found, by=membership, resolution=form.cleaned_data["resolution"]
                )
            except DomainError as exc:
                add_errors(form, exc)
                status = exc.status
            else:
                if is_htmx(request):
                    return _answer(request, sprint, day, 200)
                messages.success(request, f"Resolved: {found.description}")
                return redirect(_daily_url(sprint, day))
    return _answer(request, sprint, day, status, resolve_form=form, resolve_id=found.pk)
