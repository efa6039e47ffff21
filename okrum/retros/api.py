"""JSON handlers of retrospectives: boards, cards, votes, actions, carry-forward decisions."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Status

from okrum.accounts.auth import api_auth, principal
from okrum.core.errors import Invalid
from okrum.core.etag import check_if_match, tagged
from okrum.core.pagination import Page
from okrum.core.refs import maybe_referenced, referenced
from okrum.core.schemas import Id
from okrum.okrs import queries as okrs_queries
from okrum.retros import queries, services
from okrum.retros.models import RetroCard, Retrospective
from okrum.retros.schemas import (
    BacklogItemMadeOut,
    BoardOut,
    CardIn,
    CardOut,
    CardPatch,
    CarryForwardIn,
    CarryForwardOut,
    RetrospectiveIn,
    RetrospectivePage,
    UnfinishedList,
)
from okrum.scrum import queries as scrum_queries
from okrum.teams import queries as teams_queries
from okrum.tenancy import queries as tenancy_queries
from okrum.tenancy.models import Membership, Organization

# Members may call every write; the services refuse what their role and teams do not allow (403).
router = Router(tags=["retrospectives"], auth=api_auth())


def _board(org: Organization, membership: Membership, retrospective_id: int) -> Retrospective:
    """The retrospective with its board attached, in the shape BoardOut reads."""
    retro = queries.retrospective(org, retrospective_id)
    board = queries.board(retro, membership)
    for card in board.cards:
        card.voted = card.pk in board.voted  # type: ignore[attr-defined]
    retro.board_cards = board.cards  # type: ignore[attr-defined]
    retro.board_unfinished = board.unfinished  # type: ignore[attr-defined]
    return retro


def _card_out(
    org: Organization, membership: Membership, card_id: int, response: HttpResponse
) -> RetroCard:
    card = queries.card(org, card_id)
    card.voted = queries.has_voted(card, membership)  # type: ignore[attr-defined]
    return tagged(response, card)


# Boards ------------------------------------------------------------------------------------------


@router.get("/orgs/{org_slug}/retrospectives", response=RetrospectivePage)
def list_retrospectives(
    request: HttpRequest,
    org_slug: str,
    sprint: Id | None = None,
    cycle: Id | None = None,
    team: Id | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Page[Retrospective]:
    """The latest first; `team` finds its OKR retros and the retros of its sprints."""
    org = principal(request).org
    return queries.retrospectives_page(
        org,
        sprint=maybe_referenced(scrum_queries.sprint, org, sprint, "sprint"),
        cycle=maybe_referenced(okrs_queries.cycle, org, cycle, "cycle"),
        team=maybe_referenced(teams_queries.team, org, team, "team"),
        limit=limit,
        cursor=cursor,
    )


@router.post("/orgs/{org_slug}/retrospectives", response={200: BoardOut, 201: BoardOut})
def open_retrospective(
    request: HttpRequest, org_slug: str, payload: RetrospectiveIn
) -> Status[Retrospective]:
    """Opens the sprint's (or the cycle and team's) board: 201 when new, 200 when it existed."""
    who = principal(request)
    if (payload.sprint is None) == (payload.cycle is None):
        raise Invalid(
            {"sprint": "Name a sprint, or a cycle (and a team, or none for the company)."}
        )
    if payload.sprint is not None and payload.team is not None:
        raise Invalid({"team": "A sprint retrospective belongs to the sprint's own team."})
    with transaction.atomic():
        if payload.sprint is not None:
            sprint = referenced(scrum_queries.sprint, who.org, payload.sprint, "sprint")
            retro, created = services.open_sprint_retro(sprint=sprint, by=who.member)
        else:
            assert payload.cycle is not None
            cycle = referenced(okrs_queries.cycle, who.org, payload.cycle, "cycle")
            team = maybe_referenced(teams_queries.team, who.org, payload.team, "team")
            retro, created = services.open_cycle_retro(cycle=cycle, team=team, by=who.member)
    return Status(201 if created else 200, _board(who.org, who.member, retro.pk))


@router.get("/orgs/{org_slug}/retrospectives/{retrospective_id}", response=BoardOut)
def get_retrospective(request: HttpRequest, org_slug: str, retrospective_id: int) -> Retrospective:
    who = principal(request)
    return _board(who.org, who.member, retrospective_id)


# Cards -------------------------------------------------------------------------------------------


@router.post("/orgs/{org_slug}/retrospectives/{retrospective_id}/cards", response={201: CardOut})
def add_card(
    request: HttpRequest,
    org_slug: str,
    retrospective_id: int,
    payload: CardIn,
    response: HttpResponse,
) -> RetroCard:
    who = principal(request)
    with transaction.atomic():
        retro = queries.retrospective(who.org, retrospective_id)
        owner = maybe_referenced(tenancy_queries.membership, who.org, payload.owner, "owner")
        card = services.add_card(
            retrospective=retro,
            by=who.member,
            column=payload.column.value,
            body=payload.body,
            owner=owner,
            due_on=payload.due_on,
        )
    return _card_out(who.org, who.member, card.pk, response)


@router.get("/orgs/{org_slug}/retro-cards/{card_id}", response=CardOut)
def get_card(
    request: HttpRequest, org_slug: str, card_id: int, response: HttpResponse
) -> RetroCard:
    who = principal(request)
    return _card_out(who.org, who.member, card_id, response)


@router.patch("/orgs/{org_slug}/retro-cards/{card_id}", response=CardOut)
def update_card(
    request: HttpRequest, org_slug: str, card_id: int, payload: CardPatch, response: HttpResponse
) -> RetroCard:
    """Owner, due date and done belong to actions; moving a card out of actions drops them."""
    who = principal(request)
    with transaction.atomic():
        card = queries.card_for_update(who.org, card_id)
        check_if_match(request, card)
        changes: dict[str, Any] = payload.model_dump(exclude_unset=True)
        if "owner" in changes:
            changes["owner"] = maybe_referenced(
                tenancy_queries.membership, who.org, changes["owner"], "owner"
            )
        services.update_card(card=card, by=who.member, **changes)
    return _card_out(who.org, who.member, card_id, response)


@router.delete("/orgs/{org_slug}/retro-cards/{card_id}", response={204: None})
def delete_card(request: HttpRequest, org_slug: str, card_id: int) -> None:
    who = principal(request)
    with transaction.atomic():
        card = queries.card_for_update(who.org, card_id)
        check_if_match(request, card)
        services.delete_card(card=card, by=who.member)


@router.post("/orgs/{org_slug}/retro-cards/{card_id}/vote", response=CardOut)
def vote(request: HttpRequest, org_slug: str, card_id: int, response: HttpResponse) -> RetroCard:
    """One vote per person per card: a second vote changes nothing and answers the same card."""
    who = principal(request)
    with transaction.atomic():
        card = queries.card_for_update(who.org, card_id)
        services.vote(card=card, by=who.member)
    return _card_out(who.org, who.member, card_id, response)


@router.delete("/orgs/{org_slug}/retro-cards/{card_id}/vote", response=CardOut)
def unvote(request: HttpRequest, org_slug: str, card_id: int, response: HttpResponse) -> RetroCard:
    who = principal(request)
    with transaction.atomic():
        card = queries.card_for_update(who.org, card_id)
        services.unvote(card=card, by=who.member)
    return _card_out(who.org, who.member, card_id, response)


@router.post(
    "/orgs/{org_slug}/retro-cards/{card_id}/backlog-item", response={201: BacklogItemMadeOut}
)
def make_backlog_item(
    request: HttpRequest, org_slug: str, card_id: int, response: HttpResponse
) -> dict[str, Any]:
    """A sprint retro's action becomes a task in the team's backlog (once: again is 409)."""
    who = principal(request)
    with transaction.atomic():
        card = queries.card_for_update(who.org, card_id)
        link = reverse("retros:retro", args=[who.org.slug, card.retrospective_id])
        item = services.turn_into_backlog_item(card=card, by=who.member, link=link)
    return {"item": item, "card": _card_out(who.org, who.member, card_id, response)}


# The OKR retro's carry-forward -----------------------------------------------------------------


@router.get(
    "/orgs/{org_slug}/retrospectives/{retrospective_id}/carry-forward", response=UnfinishedList
)
def list_carry_forward(
    request: HttpRequest, org_slug: str, retrospective_id: int
) -> dict[str, Any]:
    """Every unfinished objective of the OKR retro's owner, with its decision or null."""
    org = principal(request).org
    retro = queries.retrospective(org, retrospective_id)
    later = queries.next_cycle(retro.cycle) if retro.cycle is not None else None
    return {"items": queries.unfinished(retro), "next_cycle": later.pk if later else None}


@router.post(
    "/orgs/{org_slug}/retrospectives/{retrospective_id}/carry-forward",
    response={201: CarryForwardOut},
)
def decide_carry_forward(
    request: HttpRequest, org_slug: str, retrospective_id: int, payload: CarryForwardIn
) -> Any:
    """Close, drop, or extend (a copy in the next cycle, start values = the current values)."""
    who = principal(request)
    with transaction.atomic():
        retro = queries.retrospective(who.org, retrospective_id)
        objective = referenced(queries.objective_in_org, who.org, payload.objective, "objective")
        row = services.decide_carry_forward(
            retrospective=retro,
            objective=objective,
            decision=payload.decision.value,
            by=who.member,
            note=payload.note,
        )
    return queries.decision(who.org, row.pk)
