"""HTML pages of OKR planning: the board, comments, propose / approve / send back, notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from okrum.core.errors import DomainError
from okrum.core.forms import add_errors
from okrum.core.htmx import is_htmx
from okrum.okrs import queries, services
from okrum.okrs.forms.planning import CommentForm, NoteForm, PlanningNotesForm, SendBackForm
from okrum.okrs.models import Cycle, Objective
from okrum.okrs.queries import planning as planning_queries
from okrum.okrs.queries.planning import PlanningBoard, PlanningRow
from okrum.tenancy.access import org_of, roles
from okrum.tenancy.models import Membership
from okrum.tenancy.roles import Role


@dataclass
class Card:
    """One objective on the page with the forms it shows (fresh, or sent back with errors)."""

    row: PlanningRow
    comment_form: CommentForm = field(init=False)
    send_back_form: SendBackForm = field(init=False)
    refused: str = ""

    def __post_init__(self) -> None:
        pk = self.row.objective.pk
        self.comment_form = CommentForm(auto_id=f"comment-{pk}-%s")
        self.send_back_form = SendBackForm(auto_id=f"send-back-{pk}-%s")


def _planning_url(objective: Objective | Cycle) -> str:
    org_slug = objective.organization.slug
    cycle_id = objective.cycle_id if isinstance(objective, Objective) else objective.pk
    return reverse("okrs:planning", args=[org_slug, cycle_id])


# --- The page ----------------------------------------------------------------------------------


@require_GET
def planning(request: HttpRequest, org_slug: str, cycle_id: int) -> HttpResponse:
    org, _ = org_of(request)
    return _page(request, queries.cycle(org, cycle_id))


def _page(
    request: HttpRequest,
    cycle: Cycle,
    *,
    failed: Card | None = None,
    notes_form: PlanningNotesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    org, membership = org_of(request)
    board = planning_queries.planning_board(org, cycle, membership)
    groups = []
    for group in board.groups:
        cards = []
        for row in group.rows:
            same = failed is not None and failed.row.objective.pk == row.objective.pk
            cards.append(failed if same and failed else Card(row))
        groups.append((group, cards))
    context = {
        "cycle": cycle,
        "board": board,
        "groups": groups,
        "notes_form": notes_form or PlanningNotesForm(initial={"notes": cycle.planning_notes}),
        "may_edit_notes": board.may_edit_notes,
    }
    return render(request, "okrs/planning.html", context, status=status)


# --- Actions on one objective ------------------------------------------------------------------

Run = Callable[[Objective, Membership, dict[str, Any]], object]


def _act(
    request: HttpRequest,
    objective_id: int,
    form: django_forms.Form,
    run: Run,
    done: str,
    slot: str = "",
) -> HttpResponse:
    """Parse the form, run the service in a transaction, answer with the card or the page."""
    org, membership = org_of(request)
    objective = queries.objective(org, objective_id)
    status, refused = 422, ""
    if form.is_valid():
        try:
            with transaction.atomic():
                locked = queries.objective_for_update(org, objective.pk)
                run(locked, membership, form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
            status = exc.status
            placed = any(name in form.fields for name in exc.errors)
            refused = "" if placed else exc.detail
        else:
            return _done(request, objective, done.format(title=objective.title))
    elif not slot:
        refused = " ".join(str(e) for errors in form.errors.values() for e in errors)
    card = Card(planning_queries.planning_row(org, objective.pk, membership), refused=refused)
    if slot:
        setattr(card, slot, form)
    if is_htmx(request):
        return _card(request, card, status=status)
    if refused:
        messages.error(request, refused)
    return _page(request, queries.cycle(org, objective.cycle_id), failed=card, status=status)


def _done(request: HttpRequest, objective: Objective, message: str) -> HttpResponse:
    if not is_htmx(request):
        messages.success(request, message)
        return redirect(_planning_url(objective) + f"#p{objective.pk}")
    org, membership = org_of(request)
    card = Card(planning_queries.planning_row(org, objective.pk, membership))
    # The activation area lists what is unpublished: it changes with the card, out of band.
    board = planning_queries.planning_board(org, queries.cycle(org, objective.cycle_id), membership)
    return _card(request, card, board=board, saved=message)


def _card(
    request: HttpRequest,
    card: Card,
    *,
    board: PlanningBoard | None = None,
    status: int = 200,
    saved: str = "",
) -> HttpResponse:
    context = {"card": card, "board": board, "cycle": card.row.objective.cycle, "saved": saved}
    return render(request, "okrs/_planning_answer.html", context, status=status)


def _form(form_class: type[django_forms.Form], request: HttpRequest, prefix: str, pk: int) -> Any:
    return form_class(request.POST, auto_id=f"{prefix}-{pk}-%s")


@require_POST
def comment_on_objective(request: HttpRequest, org_slug: str, objective_id: int) -> HttpResponse:
    def run(objective: Objective, by: Membership, data: dict[str, Any]) -> object:
        return services.comment_on_objective(objective=objective, by=by, body=data["body"])

    form = _form(CommentForm, request, "comment", objective_id)
    return _act(request, objective_id, form, run, "Comment added.", slot="comment_form")


@require_POST
def propose_objective(request: HttpRequest, org_slug: str, objective_id: int) -> HttpResponse:
    def run(objective: Objective, by: Membership, data: dict[str, Any]) -> object:
        return services.propose_objective(objective=objective, by=by, note=data["note"])

    form = _form(NoteForm, request, "propose", objective_id)
    return _act(request, objective_id, form, run, "“{title}” is proposed for approval.")


@require_POST
def approve_objective(request: HttpRequest, org_slug: str, objective_id: int) -> HttpResponse:
    def run(objective: Objective, by: Membership, data: dict[str, Any]) -> object:
        return services.approve_objective(objective=objective, by=by, note=data["note"])

    form = _form(NoteForm, request, "approve", objective_id)
    return _act(request, objective_id, form, run, "“{title}” is approved and published.")


@require_POST
def send_back_objective(request: HttpRequest, org_slug: str, objective_id: int) -> HttpResponse:
    def run(objective: Objective, by: Membership, data: dict[str, Any]) -> object:
        return services.send_back_objective(objective=objective, by=by, reason=data["reason"])

    form = _form(SendBackForm, request, "send-back", objective_id)
    done = "“{title}” went back to draft with your reason."
    return _act(request, objective_id, form, run, done, slot="send_back_form")


# --- Planning notes ----------------------------------------------------------------------------


@roles(write=Role.ADMIN)
@require_POST
def planning_notes(request: HttpRequest, org_slug: str, cycle_id: int) -> HttpResponse:
    org, membership = org_of(request)
    cycle = queries.cycle(org, cycle_id)
    form = PlanningNotesForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            with transaction.atomic():
                services.set_planning_notes(
                    cycle=cycle, by=membership, notes=form.cleaned_data["notes"]
                )
        except DomainError as exc:
            add_errors(form, exc)
            status = exc.status
        else:
            if is_htmx(request):
                return _notes(
                    request,
                    cycle,
                    PlanningNotesForm(initial={"notes": cycle.planning_notes}),
                    saved=True,
                )
            messages.success(request, "Planning notes saved.")
            return redirect(_planning_url(cycle))
    if is_htmx(request):
        return _notes(request, cycle, form, status=status)
    return _page(request, cycle, notes_form=form, status=status)


def _notes(
    request: HttpRequest,
    cycle: Cycle,
    form: PlanningNotesForm,
    *,
    saved: bool = False,
    status: int = 200,
) -> HttpResponse:
    context = {"cycle": cycle, "notes_form": form, "notes_saved": saved, "may_edit_notes": True}
    return render(request, "okrs/_planning_notes.html", context, status=status)
