"""The retrospective board: its page, its column fragments, and the helpers its writes share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from okrum.core.errors import DomainError
from okrum.okrs.permissions import may_edit_objective
from okrum.retros import forms, queries, services
from okrum.retros.models import Column, RetroCard, RetroKind, Retrospective
from okrum.teams import queries as teams_queries
from okrum.tenancy import queries as tenancy
from okrum.tenancy.access import org_of

HINTS = {
    Column.WENT_WELL: "What helped us and should stay.",
    Column.TO_IMPROVE: "What got in the way.",
    Column.ACTION: "What we will change: each action with an owner and a due date.",
}


@dataclass
class ColumnView:
    """One column of the board as the page shows it."""

    key: str
    label: str
    hint: str
    cards: list[RetroCard]
    form: forms.CardForm


@dataclass
class BoardPage:
    """What a full board page may carry back after a refused write."""

    status: int = 200
    refused: str = ""
    add_form: forms.CardForm | None = None
    edit_form: forms.CardEditForm | None = None
    edit_card: int | None = None
    decision_form: forms.DecisionForm | None = None


def _writable(request: HttpRequest, retro: Retrospective) -> bool:
    org, membership = org_of(request)
    return not org.is_read_only and services.may_write(membership, retro)


def _board_context(
    request: HttpRequest, retro: Retrospective, page: BoardPage | None = None
) -> dict[str, Any]:
    org, membership = org_of(request)
    page = page or BoardPage()
    board = queries.board(retro, membership)
    writable = _writable(request, retro)
    members = tenancy.members(org) if writable else []
    columns = []
    for column in Column:
        form = (
            page.add_form if page.add_form and page.add_form["column"].value() == column else None
        )
        columns.append(
            ColumnView(
                key=column.value,
                label=column.label,
                hint=HINTS[column],
                cards=board.columns[column.value],
                form=form
                or forms.CardForm(
                    initial={"column": column.value}, members=members, auto_id=f"{column}-%s"
                ),
            )
        )
    context: dict[str, Any] = {
        "retro": retro,
        "board": board,
        "columns": columns,
        "writable": writable,
        "members": members,
        "team": services.team_of(retro),
        "page": page,
    }
    if retro.kind == RetroKind.CYCLE and retro.cycle is not None:
        team_ids = teams_queries.team_ids_of(membership)
        read_only = org.is_read_only
        context["next_cycle"] = queries.next_cycle(retro.cycle)
        context["rows"] = [
            (
                row,
                not read_only and may_edit_objective(membership, row.objective, team_ids=team_ids),
            )
            for row in board.unfinished
        ]
    return context


def _board_page(
    request: HttpRequest, retro: Retrospective, page: BoardPage | None = None
) -> HttpResponse:
    page = page or BoardPage()
    context = _board_context(request, retro, page)
    return render(request, "retros/retro.html", context, status=page.status)


def _column(
    request: HttpRequest, retro: Retrospective, column: str, page: BoardPage | None = None
) -> HttpResponse:
    """The one column an htmx write changed, as its fragment."""
    context = _board_context(request, retro, page)
    context["column"] = next(c for c in context["columns"] if c.key == column)
    status = page.status if page else 200
    return render(request, "retros/_column.html", context, status=status)


def _refusal(exc: DomainError) -> HttpResponse:
    return HttpResponse(exc.detail, status=exc.status, content_type="text/plain; charset=utf-8")


def _back(retro: Retrospective, anchor: str = "") -> HttpResponse:
    url = reverse("retros:retro", args=[retro.organization.slug, retro.pk])
    return redirect(url + (f"#{anchor}" if anchor else ""))


@require_GET
def retro(request: HttpRequest, org_slug: str, retrospective_id: int) -> HttpResponse:
    org, _ = org_of(request)
    found = queries.retrospective(org, retrospective_id)
    return _board_page(request, found)
