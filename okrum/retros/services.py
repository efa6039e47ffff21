"""Writes of retrospectives: open a board, cards, votes, actions into the backlog, carry-forward."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from okrum.core.cleaning import plain, same_org, snapshot
from okrum.core.errors import Conflict, Forbidden, Invalid
from okrum.core.time import now
from okrum.okrs import permissions as okr_permissions
from okrum.okrs.models import Cycle, CycleState, Objective
from okrum.okrs.services.carry_forward import close_objective, extend_objective
from okrum.retros import queries
from okrum.retros.models import (
    CarryForward,
    Column,
    Decision,
    RetroCard,
    RetroKind,
    Retrospective,
    RetroVote,
)
from okrum.scrum import permissions as scrum_permissions
from okrum.scrum.models import BacklogItem, ItemKind, Sprint, SprintState
from okrum.scrum.services import TOP, ItemSpec, create_item
from okrum.teams.models import Team
from okrum.tenancy import audit
from okrum.tenancy.models import Membership
from okrum.tenancy.roles import Role, role_at_least

CARD_FIELDS = ("column", "body", "owner", "due_on", "done")
MAX_BODY = 2000
MAX_NOTE = 2000
RETRO_SPRINT_STATES = (SprintState.ACTIVE, SprintState.CLOSED)
RETRO_CYCLE_STATES = (CycleState.REVIEW, CycleState.CLOSED)


# --- Who may write on a board -----------------------------------------------------------------


def team_of(retrospective: Retrospective) -> Team | None:
    """The sprint's team, or the OKR retro's team (None: the company's retro)."""
    if retrospective.sprint is not None:
        return retrospective.sprint.team
    return retrospective.team


def may_write(membership: Membership, retrospective: Retrospective) -> bool:
    """Sprint and team retros: the team's members and admins; the company's OKR retro: admins."""
    team = team_of(retrospective)
    if team is None:
        return role_at_least(membership.role, Role.ADMIN)
    return scrum_permissions.may_work_on(membership, team)


def _require_write(membership: Membership, retrospective: Retrospective) -> None:
    if may_write(membership, retrospective):
        return
    team = team_of(retrospective)
    if team is None:
        raise Forbidden("Only owners and admins write on the company's OKR retrospective.")
    raise Forbidden(f"Only members of {team.name} (or admins) write on its retrospective.")


def may_open_sprint_retro(membership: Membership, sprint: Sprint) -> bool:
    return sprint.state in RETRO_SPRINT_STATES and scrum_permissions.may_work_on(
        membership, sprint.team
    )


def cycle_retro_opens(cycle: Cycle) -> bool:
    """OKR retros are held at the end of a cycle: in review, or once it is closed."""
    return cycle.state in RETRO_CYCLE_STATES


def may_open_cycle_retro(
    membership: Membership, team: Team | None, *, team_ids: Collection[int] | None = None
) -> bool:
    if team is None:
        return role_at_least(membership.role, Role.ADMIN)
    return scrum_permissions.may_work_on(membership, team, team_ids=team_ids)


# --- Opening a board ----------------------------------------------------------------------------


def _get_or_create(by: Membership, find: Any, **fields: Any) -> tuple[Retrospective, bool]:
    """The board `find()` answers, or a new one; two people opening it at once get the same."""
    found = find()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            retro = Retrospective.objects.create(organization=by.organization, **fields)
    except IntegrityError:
        found = find()
        if found is None:
            raise
        return found, False
    audit.record(
        org=by.organization,
        actor=by.user,
        action="retrospective.opened",
        obj=retro,
        after={key: plain(value) for key, value in fields.items()},
    )
    return retro, True


def open_sprint_retro(*, sprint: Sprint, by: Membership) -> tuple[Retrospective, bool]:
    """The sprint's retrospective, opened now if needed (once the sprint has started)."""
    same_org(by.organization_id, "sprint", sprint)
    scrum_permissions.require_team_work(by, sprint.team)
    if sprint.state not in RETRO_SPRINT_STATES:
        raise Conflict(f"{sprint.name} has not started; its retrospective opens once it runs.")
    return _get_or_create(
        by, lambda: queries.sprint_retro(sprint), kind=RetroKind.SPRINT, sprint=sprint
    )


def open_cycle_retro(
    *, cycle: Cycle, team: Team | None, by: Membership
) -> tuple[Retrospective, bool]:
    """The cycle's OKR retrospective of `team` (None: the company's), opened now if needed."""
    same_org(by.organization_id, "cycle", cycle)
    same_org(by.organization_id, "team", team)
    if team is None:
        okr_permissions.require_admin(by, "the company's OKR retrospective")
    else:
        scrum_permissions.require_team_work(by, team)
    if cycle.state not in RETRO_CYCLE_STATES:
        raise Conflict(
            f"{cycle.name} is in {cycle.state}; "
            "its OKR retrospective opens when the cycle moves to review."
        )
    return _get_or_create(
        by,
        lambda: queries.cycle_retro(cycle, team),
        kind=RetroKind.CYCLE,
        cycle=cycle,
        team=team,
    )


# --- Cards ----------------------------------------------------------------------------------------


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


# --- Votes ----------------------------------------------------------------------------------------


def vote(*, card: RetroCard, by: Membership) -> RetroCard:
    """One vote per person per card: voting again changes nothing and answers the same card."""
    _require_write(by, card.retrospective)
    if queries.has_voted(card, by):
        return card
    try:
        with transaction.atomic():
            RetroVote.objects.create(organization_id=card.organization_id, card=card, membership=by)
    except IntegrityError:
        # Another request of the same person got there first: their vote is already counted.
        card.refresh_from_db(fields=["votes"])
        return card
    RetroCard.objects.filter(pk=card.pk).update(votes=F("votes") + 1)
    card.refresh_from_db(fields=["votes"])
    audit.record(
        org=card.retrospective.organization,
        actor=by.user,
        action="retro_card.voted",
        obj=card,
        after={"votes": card.votes},
    )
    return card


def unvote(*, card: RetroCard, by: Membership) -> RetroCard:
    """Take back one's vote; without a vote, nothing changes."""
    _require_write(by, card.retrospective)
    deleted, _ = RetroVote.objects.filter(card=card, membership=by).delete()
    if not deleted:
        return card
    RetroCard.objects.filter(pk=card.pk, votes__gt=0).update(votes=F("votes") - 1)
    card.refresh_from_db(fields=["votes"])
    audit.record(
        org=card.retrospective.organization,
        actor=by.user,
        action="retro_card.unvoted",
        obj=card,
        after={"votes": card.votes},
    )
    return card


# --- A sprint retro's action becomes a backlog item ------------------------------------------


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


# --- The OKR retro's carry-forward ------------------------------------------------------------


def decide_carry_forward(
    *,
    retrospective: Retrospective,
    objective: Objective,
    decision: str,
    by: Membership,
    note: str = "",
) -> CarryForward:
    """Close, drop or extend an unfinished objective of the OKR retro's cycle and owner."""
    if retrospective.kind != RetroKind.CYCLE or retrospective.cycle is None:
        raise Invalid({"retrospective": "Carry-forward decisions belong to OKR retrospectives."})
    same_org(retrospective.organization_id, "objective", objective)
    if objective.cycle_id != retrospective.cycle_id:
        raise Invalid({"objective": "Choose an objective of this retrospective's cycle."})
    if objective.team_id != retrospective.team_id:
        owner = "the company" if retrospective.team is None else retrospective.team.name
        raise Invalid({"objective": f"Choose an objective owned by {owner}."})
    if objective.progress >= queries.ACHIEVED:
        raise Invalid({"objective": "This objective was achieved; there is nothing to carry."})
    if decision not in Decision.values:
        raise Invalid({"decision": f"Choose one of: {', '.join(Decision.values)}."})
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise Invalid({"note": f"Keep the note under {MAX_NOTE} characters."})
    okr_permissions.require_objective_editor(by, objective)
    if queries.decision_on(objective) is not None:
        raise Conflict(f"“{objective.title}” already has a carry-forward decision.")
    extended_to = None
    if decision == Decision.EXTEND:
        into = queries.next_cycle(retrospective.cycle)
        if into is None:
            raise Conflict(
                "Create the next cycle first: an objective is extended into the earliest "
                "later cycle in planning or active."
            )
        extended_to = extend_objective(objective=objective, into=into, by=by)
    elif objective.status != "closed":
        close_objective(objective=objective, by=by)
    try:
        with transaction.atomic():
            row = CarryForward.objects.create(
                organization_id=retrospective.organization_id,
                retrospective=retrospective,
                objective=objective,
                decision=decision,
                extended_to=extended_to,
                note=note,
                decided_by=by.user,
                decided_at=now(),
            )
    except IntegrityError as exc:
        raise Conflict(f"“{objective.title}” already has a carry-forward decision.") from exc
    audit.record(
        org=retrospective.organization,
        actor=by.user,
        action="carry_forward.decided",
        obj=row,
        after={
            "objective": objective.pk,
            "decision": decision,
            "extended_to": extended_to.pk if extended_to else None,
            "note": note,
        },
    )
    return row
