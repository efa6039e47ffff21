"""JSON handlers of the check-in session: every key result of a team at once, and what is owed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Router

from okrum.accounts.auth import api_auth, principal
from okrum.core.errors import Invalid
from okrum.core.refs import maybe_referenced
from okrum.core.schemas import Id
from okrum.okrs import queries, services
from okrum.okrs.models import CheckIn, CheckInSource
from okrum.okrs.queries import check_in_sessions as sessions
from okrum.okrs.schemas.check_in_sessions import (
    CheckInSessionIn,
    CheckInSessionOut,
    CheckInSessionResultOut,
    OwedPage,
)
from okrum.teams import queries as teams

router = Router(tags=["okr check-ins"], auth=api_auth())


@router.get("/orgs/{org_slug}/cycles/{cycle_id}/check-in-session", response=CheckInSessionOut)
def get_check_in_session(
    request: HttpRequest, org_slug: str, cycle_id: int, team: Id | None = None
) -> sessions.Session:
    who = principal(request)
    cycle = queries.cycle(who.org, cycle_id)
    found = None if team is None else teams.team(who.org, team)
    return sessions.session(who.org, cycle, found, who.member)


@router.post(
    "/orgs/{org_slug}/cycles/{cycle_id}/check-in-session", response={201: CheckInSessionResultOut}
)
def record_check_in_session(
    request: HttpRequest, org_slug: str, cycle_id: int, payload: CheckInSessionIn
) -> dict[str, list[CheckIn]]:
    who = principal(request)
    source = CheckInSource.API if who.token is not None else CheckInSource.MANUAL
    with transaction.atomic():
        cycle = queries.cycle(who.org, cycle_id)
        team = maybe_referenced(teams.team, who.org, payload.team, "team")
        locked = {
            kr.pk: kr for kr in sessions.session_key_results(who.org, cycle, team, for_update=True)
        }
        unknown = {
            f"rows.{i}.key_result": "No such key result in this check-in session."
            for i, row in enumerate(payload.rows)
            if row.key_result not in locked
        }
        if unknown:
            raise Invalid(
                unknown, f"Nothing was saved: {_rows(unknown)} name no key result of this session."
            )
        rows = [
            services.CheckInRow(
                key_result=locked[row.key_result],
                value=row.value,
                confidence=row.confidence,
                note=row.note,
            )
            for row in payload.rows
        ]
        recorded = services.record_check_ins(
            rows=rows, by=who.member, cycle=cycle, team=team, source=source
        )
    return {"check_ins": recorded}


def _rows(errors: dict[str, Any]) -> str:
    numbers = [str(int(name.split(".")[1]) + 1) for name in errors]
    return ("row " if len(numbers) == 1 else "rows ") + ", ".join(numbers)


@router.get("/orgs/{org_slug}/check-ins/owed", response=OwedPage)
def list_owed_check_ins(request: HttpRequest, org_slug: str) -> dict[str, Any]:
    who = principal(request)
    return {"items": sessions.owed(who.org, who.member), "next_cursor": None}
