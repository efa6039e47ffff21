"""Writes on a board's cards: add, edit, vote, delete, and an action into the backlog."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from okrum.core.errors import DomainError, Invalid
from okrum.core.forms import add_errors
from okrum.core.htmx import is_htmx
from okrum.retros import forms, queries, services
from okrum.retros.models import Column, RetroCard
from okrum.retros.views.board import BoardPage, _back, _board_page, _column, _refusal
from okrum.tenancy import queries as tenancy
from okrum.tenancy.access import org_of


def _card_form(request: HttpRequest, column: str, data: Any = None) -> forms.CardForm:
    org, _ = org_of(request)
    return forms.CardForm(
        data,
        initial={"column": column},
        members=tenancy.members(org),
        auto_id=f"{column}-%s",
    )


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
