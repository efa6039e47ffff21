"""The sprint board: the running sprint's items in columns by status."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from okrum.scrum import queries
from okrum.scrum.models import ItemStatus
from okrum.scrum.views._common import _writable
from okrum.teams import queries as teams
from okrum.teams.models import Team
from okrum.tenancy.access import org_of

BOARD_COLUMNS = (ItemStatus.NEW, ItemStatus.READY, ItemStatus.IN_PROGRESS, ItemStatus.DONE)


def _board_context(request: HttpRequest, team: Team) -> dict[str, Any]:
    running = queries.active_sprint(team)
    items = queries.sprint_items(running) if running else []
    labels = dict(ItemStatus.choices)
    columns = []
    for index, status in enumerate(BOARD_COLUMNS):
        cards = [i for i in items if i.status == status]
        columns.append(
            {
                "status": status,
                "label": labels[status],
                "cards": cards,
                "points": sum((i.estimate or Decimal(0) for i in cards), Decimal(0)),
                "left": BOARD_COLUMNS[index - 1] if index > 0 else "",
                "right": BOARD_COLUMNS[index + 1] if index + 1 < len(BOARD_COLUMNS) else "",
                "left_label": labels[BOARD_COLUMNS[index - 1]] if index > 0 else "",
                "right_label": (
                    labels[BOARD_COLUMNS[index + 1]] if index + 1 < len(BOARD_COLUMNS) else ""
                ),
            }
        )
    return {
        "team": team,
        "sprint": running,
        "columns": columns,
        "wont_do": [i for i in items if i.status == ItemStatus.WONT_DO],
        "scale": queries.backlog(team).estimate_scale,
        "writable": _writable(request, team),
    }


@require_GET
def board(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    org, _ = org_of(request)
    team = teams.team(org, team_id)
    context = _board_context(request, team)
    context["dod"] = queries.definition_of_done(team)
    return render(request, "scrum/board.html", context)
