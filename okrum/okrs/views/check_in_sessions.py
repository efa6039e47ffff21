"""HTML pages of the check-in session and the check-ins a member owes."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from okrum.core.errors import Conflict, DomainError, NotFound
from okrum.okrs import queries, services
from okrum.okrs.forms.check_in_sessions import CheckInSessionForm
from okrum.okrs.queries import check_in_sessions as sessions
from okrum.teams import queries as teams
from okrum.teams.models import Team
from okrum.tenancy.access import org_of


def _team(request: HttpRequest) -> Team | None:
    """The team named by `?team=`; none (or a blank) is the company's session."""
    org, _ = org_of(request)
    raw = request.GET.get("team", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise NotFound("No such team.")
    return teams.team(org, int(raw))


@require_http_methods(["GET", "POST"])
def check_in_session(request: HttpRequest, org_slug: str, cycle_id: int) -> HttpResponse:
    """Every key result of a team (or the company) in one form, saved all together or not at all."""
    org, membership = org_of(request)
    cycle = queries.cycle(org, cycle_id)
    team = _team(request)
    session = sessions.session(org, cycle, team, membership)
    form = CheckInSessionForm(session.rows, request.POST if request.method == "POST" else None)
    if request.method == "POST" and session.open and form.is_valid():
        filled = form.filled()
        try:
            with transaction.atomic():
                locked = {
                    kr.pk: kr
                    for kr in sessions.session_key_results(org, cycle, team, for_update=True)
                }
                if any(f.key_result.pk not in locked for f in filled):
                    raise Conflict("A key result of this session changed meanwhile; try again.")
                rows = [
                    services.CheckInRow(
                        key_result=locked[f.key_result.pk],
                        value=f.cleaned_data["value"],
                        confidence=f.cleaned_data["confidence"],
                        note=f.cleaned_data["note"],
                    )
                    for f in filled
                ]
                services.record_check_ins(rows=rows, by=membership, cycle=cycle, team=team)
        except DomainError as exc:
            form.place(exc, filled)
        else:
            count = len(filled)
            messages.success(
                request, f"Saved {count} check-in{'s' if count != 1 else ''} for {_name(team)}."
            )
            query = f"?team={team.pk}" if team else ""
            return redirect(reverse("okrs:check_in_session", args=[org.slug, cycle.pk]) + query)
    elif request.method == "POST" and not session.open:
        form.detail = "Check-ins are not open in this cycle: nothing was saved."
    context = {
        "cycle": cycle,
        "team": team,
        "teams": teams.teams(org),
        "session": session,
        "form": form,
        "session_name": _name(team),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "okrs/check_in_session.html", context, status=status)


def _name(team: Team | None) -> str:
    return team.name if team else "the company objectives"


def owed(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The key results the member owes a check-in on, grouped by the session to record them in."""
    org, membership = org_of(request)
    groups: dict[tuple[int, int | None], list[object]] = {}
    for kr in sessions.owed(org, membership):
        groups.setdefault((kr.objective.cycle_id, kr.objective.team_id), []).append(kr)
    return render(request, "okrs/owed.html", {"groups": list(groups.values())})
