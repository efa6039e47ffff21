"""Writes of retro cards: add, change and delete one."""

from __future__ import annotations

from datetime import date
from typing import Any

from okrum.core.cleaning import same_org, snapshot
from okrum.core.errors import Forbidden, Invalid
from okrum.retros.models import Column, RetroCard, Retrospective
from okrum.retros.services.permissions import _require_write
from okrum.tenancy import audit
from okrum.tenancy.models import Membership
from okrum.tenancy.roles import Role, role_at_least

CARD_FIELDS = ("column", "body", "owner", "due_on", "done")
MAX_BODY = 2000


def _body(value: Any) -> str:
    body = str(value or "").strip()
    if not body:
        raise Invalid({"body": "Write something on the card."})
    if len(body) > MAX_BODY:
        raise Invalid({"body": f"Keep a card under {MAX_BODY} characters."})
    return body


def _clean_card(card: RetroCard, changes: dict[str, Any]) -> None:
    """Apply `changes` to `card`: owner, due date and done belong to actions only."""
    if "column" in changes:
        if changes["column"] not in Column.values:
            raise Invalid({"column": f"Choose one of: {', '.join(Column.values)}."})
        if changes["column"] != Column.ACTION and card.backlog_item_id is not None:
            raise Invalid({"column": "This action became a backlog item; it stays an action."})
        card.column = changes["column"]
    if "body" in changes:
        card.body = _body(changes["body"])
    if "owner" in changes:
        same_org(card.organization_id, "owner", changes["owner"])
    if changes.get("due_on") is not None and not isinstance(changes["due_on"], date):
        raise Invalid({"due_on": "Enter a date."})
    for name in ("owner", "due_on", "done"):
        if name in changes:
            given = changes[name]
            if card.column != Column.ACTION and given not in (None, False):
                raise Invalid({name: "Only an action has an owner, a due date and a done mark."})
            setattr(card, name, bool(given) if name == "done" else given)
    if card.column != Column.ACTION:
        # A card moved out of the actions leaves their details behind.
        card.owner, card.due_on, card.done = None, None, False


def add_card(
    *,
    retrospective: Retrospective,
    by: Membership,
    column: str,
    body: str,
    owner: Membership | None = None,
    due_on: date | None = None,
) -> RetroCard:
    _require_write(by, retrospective)
    card = RetroCard(
        organization_id=retrospective.organization_id,
        retrospective=retrospective,
        author=by.user,
    )
    changes: dict[str, Any] = {"column": column, "body": body}
    if owner is not None:
        changes["owner"] = owner
    if due_on is not None:
        changes["due_on"] = due_on
    _clean_card(card, changes)
    card.save()
    audit.record(
        org=retrospective.organization,
        actor=by.user,
        action="retro_card.added",
        obj=card,
        after={"retrospective": retrospective.pk, **snapshot(card, CARD_FIELDS)},
    )
    return card


def update_card(*, card: RetroCard, by: Membership, **changes: Any) -> RetroCard:
    """Change a card's text or column, or an action's owner, due date and done mark."""
    _require_write(by, card.retrospective)
    unknown = set(changes) - set(CARD_FIELDS)
    if unknown:
        raise Invalid({sorted(unknown)[0]: "Unknown field."})
    before = snapshot(card, CARD_FIELDS)
    _clean_card(card, changes)
    after = snapshot(card, CARD_FIELDS)
    if after == before:
        return card
    card.version += 1
    card.save()
    audit.record(
        org=card.retrospective.organization,
        actor=by.user,
        action="retro_card.updated",
        obj=card,
        before=before,
        after=after,
    )
    return card


def delete_card(*, card: RetroCard, by: Membership) -> None:
    """Its author, or an admin, takes a card off the board."""
    _require_write(by, card.retrospective)
    if card.author_id != by.user_id and not role_at_least(by.role, Role.ADMIN):
        raise Forbidden("Only the card's author (or an admin) may delete it.")
    audit.record(
        org=card.retrospective.organization,
        actor=by.user,
        action="retro_card.deleted",
        obj=card,
        before={"retrospective": card.retrospective_id, **snapshot(card, CARD_FIELDS)},
    )
    card.delete()
