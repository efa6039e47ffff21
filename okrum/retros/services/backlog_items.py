"""A sprint retro's action becomes a backlog item."""

from __future__ import annotations

from okrum.core.errors import Conflict, Invalid
from okrum.retros.models import Column, RetroCard, RetroKind
from okrum.retros.services.permissions import _require_write
from okrum.scrum.models import BacklogItem, ItemKind
from okrum.scrum.services import TOP, ItemSpec, create_item
from okrum.tenancy import audit
from okrum.tenancy.models import Membership


def _title(body: str) -> str:
    line = " ".join(body.split())
    return line if len(line) <= 200 else line[:199].rstrip() + "…"


def turn_into_backlog_item(*, card: RetroCard, by: Membership, link: str = "") -> BacklogItem:
    """A task at the top of the sprint team's backlog, made from the action and linked to it.

    `link` is where the retrospective can be read (the description points back to it).
    """
    retro = card.retrospective
    _require_write(by, retro)
    if retro.kind != RetroKind.SPRINT or retro.sprint is None:
        raise Invalid({"card": "Only actions of a sprint retrospective become backlog items."})
    if card.column != Column.ACTION:
        raise Invalid({"column": "Only an action becomes a backlog item; move the card first."})
    if card.backlog_item_id is not None:
        raise Conflict("This action is already a backlog item.")
    sprint = retro.sprint
    where = f" ({link})" if link else ""
    description = f"An action from the retrospective of {sprint.name}{where}:\n\n{card.body}"
    item = create_item(
        team=sprint.team,
        by=by,
        spec=ItemSpec(
            title=_title(card.body),
            description=description,
            kind=ItemKind.TASK,
            assignee=card.owner,
        ),
        # Improvements the team agreed on should be in sight at the next sprint planning.
        position=TOP,
    )
    card.backlog_item = item
    card.version += 1
    card.save(update_fields=["backlog_item", "version"])
    audit.record(
        org=retro.organization,
        actor=by.user,
        action="retro_card.backlog_item_made",
        obj=card,
        after={"backlog_item": item.pk, "key": item.key},
    )
    return item
