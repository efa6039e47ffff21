"""HTML pages of retrospectives: the board, its cards and votes, and the OKR carry-forward."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from okrum.core.errors import DomainError, Invalid
from okrum.core.forms import add_errors
from okrum.core.htmx import is_htmx
from okrum.okrs import queries as okrs_queries
from okrum.okrs.models import Cycle
from okrum.okrs.permissions import may_edit_objective
from okrum.retros import forms, queries, services
from okrum.retros.models import Column, RetroCard, RetroKind, Retrospective
from okrum.scrum import queries as scrum_queries
from okrum.teams import queries as teams_queries
from okrum.teams.models import Team
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


def _card_form(request: HttpRequest, column: str, data: Any = None) -> forms.CardForm:
    org, _ = org_of(request)
    return forms.CardForm(
        data,
        initial={"column": column},
        members=tenancy.members(org),
        auto_id=f"{column}-%s",
    )


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


# --- The board ------------------------------------------------------------------------------------


@require_GET
def retro(request: HttpRequest, org_slug: str, retrospective_id: int) -> HttpResponse:
    org, _ = org_of(request)
    found = queries.retrospective(org, retrospective_id)
    return _board_page(request, found)


@require_POST
def add_card(request: HttpRequest, org_slug: str, retrospective_id: int) -> HttpResponse:
    org, membership = org_of(request)
    found = queries.retrospective(org, retrospective_id)
    column = request.POST.get("column", "")
    form = _card_form(
        request, column if column in Column.values else Column.WENT_WELL, request.POST
    )
    refused: DomainError | None = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.add_card(
                    retrospective=found,
                    by=membership,
                    column=data["column"],
                    body=data["body"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                )
        except DomainError as exc:
            add_errors(form, exc)
            refused = exc
    else:
        refused = Invalid({"body": "Check the card."})
    if refused is not None and not isinstance(refused, Invalid) and is_htmx(request):
        return _refusal(refused)
    if refused is None:
        if not is_htmx(request):
            return _back(found, f"column-{column}")
        return _column(request, found, column)
    page = BoardPage(status=refused.status, add_form=form)
    if is_htmx(request) and column in Column.values:
        return _column(request, found, column, page)
    return _board_page(request, found, page)


def _card_write(request: HttpRequest, card: RetroCard, write: Any) -> HttpResponse:
    """Run one write on a card; answer htmx with its column, a plain form with the board."""
    retro = card.retrospective
    column = card.column
    try:
        with transaction.atomic():
            write()
    except DomainError as exc:
        if is_htmx(request):
            return _refusal(exc)
        messages.error(request, exc.detail)
        return _back(retro, f"card-{card.pk}")
    if is_htmx(request):
        return _column(request, retro, column)
    return _back(retro, f"column-{column}")


@require_POST
def vote(request: HttpRequest, org_slug: str, card_id: int) -> HttpResponse:
    """`vote=1` adds my vote (a second time changes nothing), `vote=0` takes it back."""
    org, membership = org_of(request)
    card = queries.card(org, card_id)
    form = forms.VoteForm(request.POST or {"vote": "1"})
    adding = not form.is_valid() or form.cleaned_data["vote"] == 1

    def write() -> None:
        locked = queries.card_for_update(org, card_id)
        if adding:
            services.vote(card=locked, by=membership)
        else:
            services.unvote(card=locked, by=membership)

    return _card_write(request, card, write)


@require_POST
def delete_card(request: HttpRequest, org_slug: str, card_id: int) -> HttpResponse:
    org, membership = org_of(request)
    card = queries.card(org, card_id)

    def write() -> None:
        services.delete_card(card=queries.card_for_update(org, card_id), by=membership)

    return _card_write(request, card, write)


@require_POST
def edit_card(request: HttpRequest, org_slug: str, card_id: int) -> HttpResponse:
    """A card's text, column, and an action's owner, due date and done mark."""
    org, membership = org_of(request)
    card = queries.card(org, card_id)
    retro = card.retrospective
    form = forms.CardEditForm(
        request.POST, members=tenancy.members(org), auto_id=f"card-{card.pk}-%s"
    )
    if form.is_valid():
        data = form.cleaned_data
        names = ["column", "body"]
        if data["column"] == Column.ACTION:
            names += ["owner", "due_on", "done"]
        changes = {name: data[name] for name in names}
        try:
            with transaction.atomic():
                locked = queries.card_for_update(org, card_id)
                services.update_card(card=locked, by=membership, **changes)
        except DomainError as exc:
            add_errors(form, exc)
            page = BoardPage(status=exc.status, edit_form=form, edit_card=card.pk)
        else:
            messages.success(request, "Card saved.")
            return _back(retro, f"card-{card.pk}")
    else:
        page = BoardPage(status=422, edit_form=form, edit_card=card.pk)
    return _board_page(request, queries.retrospective(org, retro.pk), page)


@require_POST
def make_backlog_item(request: HttpRequest, org_slug: str, card_id: int) -> HttpResponse:
    """A sprint retro's action becomes a task at the top of the team's backlog."""
    org, membership = org_of(request)
    card = queries.card(org, card_id)
    retro = card.retrospective
    try:
        with transaction.atomic():
            locked = queries.card_for_update(org, card_id)
            link = reverse("retros:retro", args=[org.slug, retro.pk])
            item = services.turn_into_backlog_item(card=locked, by=membership, link=link)
    except DomainError as exc:
        return _board_page(request, retro, BoardPage(status=exc.status, refused=exc.detail))
    messages.success(request, f"{item.key} is in {item.team.name}'s backlog.")
    return _back(retro, f"card-{card.pk}")


@require_POST
def decide(request: HttpRequest, org_slug: str, retrospective_id: int) -> HttpResponse:
    """The OKR retro's carry-forward decision on one unfinished objective."""
    org, membership = org_of(request)
    found = queries.retrospective(org, retrospective_id)
    form = forms.DecisionForm(request.POST)
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                objective = queries.objective_in_org(org, data["objective"])
                row = services.decide_carry_forward(
                    retrospective=found,
                    objective=objective,
                    decision=data["decision"],
                    by=membership,
                    note=data["note"],
                )
        except DomainError as exc:
            add_errors(form, exc)
            status = exc.status
        else:
            said = row.get_decision_display().lower()
            messages.success(request, f"“{objective.title}”: {said}.")
            return _back(found, "carry-forward")
    page = BoardPage(status=status, decision_form=form)
    return _board_page(request, found, page)


# --- Entry points: open (or find) the board of a sprint or a cycle ------------------------------


@require_http_methods(["GET", "POST"])
def sprint_retro(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    org, membership = org_of(request)
    sprint = scrum_queries.sprint(org, sprint_id)
    refused: DomainError | None = None
    if request.method == "POST":
        try:
            with transaction.atomic():
                found, _ = services.open_sprint_retro(sprint=sprint, by=membership)
        except DomainError as exc:
            refused = exc
        else:
            return _back(found)
    else:
        existing = queries.sprint_retro(sprint)
        if existing is not None:
            return _back(existing)
    context = {
        "sprint": sprint,
        "team": sprint.team,
        "may_open": not org.is_read_only and services.may_open_sprint_retro(membership, sprint),
        "refused": refused.detail if refused else "",
    }
    return render(
        request, "retros/open_sprint.html", context, status=refused.status if refused else 200
    )


def _chosen_team(org: Any, raw: Any) -> Team | None:
    if raw in (None, ""):
        return None
    try:
        return teams_queries.team(org, int(raw))
    except ValueError as exc:
        raise Invalid({"team": "Choose a team."}) from exc


@dataclass
class Opening:
    """One OKR retro a cycle may have: the company's or a team's, and the board if opened."""

    team: Team | None
    retro: Retrospective | None
    may_open: bool


@require_http_methods(["GET", "POST"])
def cycle_retro(request: HttpRequest, org_slug: str, cycle_id: int) -> HttpResponse:
    """Every OKR retro of the cycle (the company's and each team's); `?team=` opens one."""
    org, membership = org_of(request)
    cycle = okrs_queries.cycle(org, cycle_id)
    refused: DomainError | None = None
    if request.method == "POST":
        form = forms.OpenForm(request.POST)
        try:
            if not form.is_valid():
                raise Invalid({"team": "Choose a team, or none for the company."})
            team = _chosen_team(org, form.cleaned_data["team"])
            with transaction.atomic():
                found, _ = services.open_cycle_retro(cycle=cycle, team=team, by=membership)
        except DomainError as exc:
            refused = exc
        else:
            return _back(found)
    elif "team" in request.GET:
        existing = queries.cycle_retro(cycle, _chosen_team(org, request.GET["team"]))
        if existing is not None:
            return _back(existing)
    context = {
        "cycle": cycle,
        "openings": _openings(request, cycle),
        "refused": refused.detail if refused else "",
    }
    return render(
        request, "retros/open_cycle.html", context, status=refused.status if refused else 200
    )


def _openings(request: HttpRequest, cycle: Cycle) -> list[Opening]:
    org, membership = org_of(request)
    opened = {r.team_id: r for r in queries.cycle_retros(cycle)}
    writable = not org.is_read_only and services.cycle_retro_opens(cycle)
    team_ids = teams_queries.team_ids_of(membership)
    rows = [
        Opening(
            None, opened.get(None), writable and services.may_open_cycle_retro(membership, None)
        )
    ]
    for team in teams_queries.teams(org):
        may = writable and services.may_open_cycle_retro(membership, team, team_ids=team_ids)
        rows.append(Opening(team, opened.get(team.pk), may))
    return rows
