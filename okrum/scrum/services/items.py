"""Writes of backlog items: create (one or a batch), change, move, link to key results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from okrum.core.cleaning import same_org, snapshot, text
from okrum.core.errors import Invalid
from okrum.core.time import now
from okrum.okrs.models import KeyResult
from okrum.scrum import permissions, ranking
from okrum.scrum.models import (
    BacklogItem,
    BacklogItemKeyResult,
    ItemEvent,
    ItemField,
    ItemKind,
    ItemStatus,
    Sprint,
    SprintState,
)
from okrum.scrum.services._common import (
    check_key_results,
    check_sprint,
    clean_estimate,
    event,
    locked_backlog,
)
from okrum.teams.models import Team
from okrum.tenancy import audit
from okrum.tenancy.models import Membership

MAX_BATCH = 1000
ITEM_FIELDS = (
    "title",
    "description",
    "acceptance_criteria",
    "kind",
    "status",
    "estimate",
    "assignee",
    "sprint",
)
# Changes to these are kept as ItemEvents: the history charts are drawn from.
TRACKED = {"status": ItemField.STATUS, "estimate": ItemField.ESTIMATE, "sprint": ItemField.SPRINT}
TOP, BOTTOM = "top", "bottom"


@dataclass
class ItemSpec:
    """What a new backlog item says; absent fields take their defaults."""

    title: str
    description: str = ""
    acceptance_criteria: str = ""
    kind: str = ItemKind.STORY
    status: str = ItemStatus.NEW
    estimate: Any = None
    assignee: Membership | None = None
    sprint: Sprint | None = None
    key_results: Sequence[KeyResult] = field(default_factory=list)


def _clean(team: Team, values: dict[str, Any], allowed: Any, prefix: str = "") -> dict[str, Any]:
    """Tidied values of item fields, or Invalid naming the (prefixed) field."""
    cleaned = dict(values)
    if "title" in values:
        cleaned["title"] = text(values["title"] or "", f"{prefix}title", required=True, limit=200)
    for name in ("description", "acceptance_criteria"):
        if name in values:
            cleaned[name] = (values[name] or "").strip()
            if len(cleaned[name]) > 20_000:
                raise Invalid({f"{prefix}{name}": "Keep it under 20,000 characters."})
    if "kind" in values and values["kind"] not in ItemKind.values:
        raise Invalid({f"{prefix}kind": f"Choose one of: {', '.join(ItemKind.values)}."})
    if "status" in values and values["status"] not in ItemStatus.values:
        raise Invalid({f"{prefix}status": f"Choose one of: {', '.join(ItemStatus.values)}."})
    if "estimate" in values:
        cleaned["estimate"] = clean_estimate(values["estimate"], allowed, f"{prefix}estimate")
    if "assignee" in values:
        same_org(team.organization_id, f"{prefix}assignee", values["assignee"])
    if "sprint" in values:
        check_sprint(team, values["sprint"], f"{prefix}sprint")
    return cleaned


def _done_at(status: str, before: Any = None) -> Any:
    if status == ItemStatus.DONE:
        return before or now()
    return None


def create_item(
    *, team: Team, by: Membership, spec: ItemSpec, position: str = BOTTOM
) -> BacklogItem:
    """A new item at the bottom (or top) of the team's backlog, with the next free key."""
    return _create(team=team, by=by, specs=[spec], position=position, name_rows=False)[0]


def create_items(
    *, team: Team, by: Membership, specs: Sequence[ItemSpec], position: str = BOTTOM
) -> list[BacklogItem]:
    """Items in one go, in the given order: every row valid or nothing is written.

    Errors name the row: `items.3.title` (a batch of one too). A batch holds at most 1,000 items.
    """
    return _create(team=team, by=by, specs=specs, position=position, name_rows=True)


def _create(
    *, team: Team, by: Membership, specs: Sequence[ItemSpec], position: str, name_rows: bool
) -> list[BacklogItem]:
    permissions.require_team_work(by, team)
    if not specs:
        raise Invalid({"items": "Send at least one item."})
    if len(specs) > MAX_BATCH:
        raise Invalid({"items": f"Send at most {MAX_BATCH} items at once."})
    if position not in (TOP, BOTTOM):
        raise Invalid({"position": "Choose top or bottom."})
    backlog = locked_backlog(team)
    allowed = backlog.scale_points()
    single = len(specs) == 1
    rows: list[tuple[dict[str, Any], list[KeyResult]]] = []
    for index, spec in enumerate(specs):
        prefix = f"items.{index}." if name_rows else ""
        values = {name: getattr(spec, name) for name in ITEM_FIELDS}
        cleaned = _clean(team, values, allowed, prefix)
        links = check_key_results(team.organization_id, spec.key_results, f"{prefix}key_results")
        rows.append((cleaned, links))

    ranks = _new_ranks(team, len(rows), position)
    first_number = backlog.last_number + 1
    backlog.last_number += len(rows)
    backlog.save(update_fields=["last_number"])
    stamp = now()
    items = [
        BacklogItem(
            organization_id=team.organization_id,
            team=team,
            number=first_number + index,
            rank=ranks[index],
            done_at=_done_at(cleaned["status"]),
            created_at=stamp,
            updated_at=stamp,
            **cleaned,
        )
        for index, (cleaned, _) in enumerate(rows)
    ]
    BacklogItem.objects.bulk_create(items)
    link_rows = [
        BacklogItemKeyResult(organization_id=team.organization_id, item=item, key_result=kr)
        for item, (_, krs) in zip(items, rows, strict=True)
        for kr in krs
    ]
    BacklogItemKeyResult.objects.bulk_create(link_rows)
    created = [event(item, ItemField.CREATED, None, item.status, by) for item in items]
    created += [
        event(item, ItemField.SPRINT, None, item.sprint_id, by) for item in items if item.sprint_id
    ]
    ItemEvent.objects.bulk_create(created)
    for item in items:
        item.team = team  # the key is made from the team's, without another query
    audit.record(
        org=team.organization,
        actor=by.user,
        action="backlog_item.created" if single else "backlog_item.bulk_created",
        obj=items[0] if single else team,
        after=(
            _audit_view(items[0], rows[0][1])
            if single
            else {"count": len(items), "keys": [item.key for item in items]}
        ),
    )
    return items


def _new_ranks(team: Team, count: int, position: str) -> list[str]:
    ranks = BacklogItem.objects.filter(team=team).order_by("rank" if position == TOP else "-rank")
    edge = ranks.values_list("rank", flat=True).first()
    if position == TOP:
        return ranking.many_between(None, edge, count)
    return ranking.many_between(edge, None, count)


def _audit_view(
    item: BacklogItem, key_results: Sequence[KeyResult] | None = None
) -> dict[str, Any]:
    view = snapshot(item, ITEM_FIELDS)
    view["key"] = item.key
    if key_results is not None:
        view["key_results"] = sorted(kr.pk for kr in key_results)
    return view


def update_item(*, item: BacklogItem, by: Membership, **changes: Any) -> BacklogItem:
    """Change fields of an item; status, estimate and sprint changes join its history."""
    permissions.require_team_work(by, item.team)
    unknown = set(changes) - set(ITEM_FIELDS) - {"key_results"}
    if unknown:
        raise Invalid({sorted(unknown)[0]: "Unknown field."})
    links = changes.pop("key_results", None)
    backlog = locked_backlog(item.team)
    cleaned = _clean(item.team, changes, backlog.scale_points())
    if "sprint" in cleaned:
        _check_sprint_move(item, cleaned["sprint"])
    before = _audit_view(item)
    history = []
    for name, value in cleaned.items():
        old = getattr(item, name)
        if name in TRACKED and _value_of(old) != _value_of(value):
            if name == "sprint":
                history += _sprint_events(item, old, value, by)
            else:
                history.append(event(item, TRACKED[name], _value_of(old), _value_of(value), by))
        setattr(item, name, value)
    if "status" in cleaned:
        item.done_at = _done_at(item.status, item.done_at)
    old_links = None
    if links is not None:
        chosen = check_key_results(item.organization_id, links, "key_results")
        old_links = _set_links(item, chosen)
    item.version += 1
    item.updated_at = now()
    item.save()
    ItemEvent.objects.bulk_create(history)
    after = _audit_view(item)
    if old_links is not None:
        before["key_results"], after["key_results"] = old_links, sorted(k.pk for k in links or [])
    audit.record(
        org=item.organization,
        actor=by.user,
        action="backlog_item.updated",
        obj=item,
        before=before,
        after=after,
    )
    return item


def _sprint_events(
    item: BacklogItem, old: Sprint | None, new: Sprint | None, by: Membership
) -> list[ItemEvent]:
    """Leaving a sprint is recorded against it, entering one against that one.

    A move straight from one sprint into another is both: each sprint sees its own scope change.
    """
    rows = []
    if old is not None:
        rows.append(event(item, ItemField.SPRINT, old.pk, None, by, sprint_id=old.pk))
    if new is not None:
        rows.append(event(item, ItemField.SPRINT, None, new.pk, by, sprint_id=new.pk))
    return rows


def _value_of(value: Any) -> Any:
    return value.pk if hasattr(value, "pk") else value


def _check_sprint_move(item: BacklogItem, sprint: Sprint | None) -> None:
    current = item.sprint
    if current is not None and current.state == SprintState.CLOSED and sprint != current:
        raise Invalid(
            {"sprint": f"{item.key} was part of {current.name}, which is closed; it stays there."}
        )


def _set_links(item: BacklogItem, key_results: Sequence[KeyResult]) -> list[int]:
    """Replace the item's key-result links; returns the ids it had."""
    rows = BacklogItemKeyResult.objects.filter(item=item)
    before = sorted(rows.values_list("key_result_id", flat=True))
    wanted = {kr.pk for kr in key_results}
    rows.exclude(key_result_id__in=wanted).delete()
    BacklogItemKeyResult.objects.bulk_create(
        [
            BacklogItemKeyResult(organization_id=item.organization_id, item=item, key_result=kr)
            for kr in key_results
            if kr.pk not in before
        ]
    )
    return before


def move_item(
    *,
    item: BacklogItem,
    by: Membership,
    before: BacklogItem | None = None,
    after: BacklogItem | None = None,
    to: str | None = None,
) -> BacklogItem:
    """Place `item` directly above `before`, directly below `after`, between both, or at an end.

    Only the moved item's row is written: it takes a rank between its new neighbours'.
    """
    permissions.require_team_work(by, item.team)
    if to is not None and (before is not None or after is not None):
        raise Invalid({"to": "Give either a position or neighbours, not both."})
    if to is None and before is None and after is None:
        raise Invalid({"before": "Say where the item goes: before an item, after one, or both."})
    if to is not None and to not in (TOP, BOTTOM):
        raise Invalid({"to": "Choose top or bottom."})
    for name, other in (("before", before), ("after", after)):
        if other is None:
            continue
        if other.organization_id != item.organization_id or other.team_id != item.team_id:
            raise Invalid({name: "Choose an item of the same team's backlog."})
        if other.pk == item.pk:
            raise Invalid({name: "An item cannot move relative to itself."})
    locked_backlog(item.team)
    others = BacklogItem.objects.filter(team_id=item.team_id).exclude(pk=item.pk)
    ranks = others.values_list("rank", flat=True)
    if to == TOP or (before is not None and after is None):
        upper = before.rank if before is not None else ranks.order_by("rank").first()
        if upper is None:
            return item  # the only item: nowhere to go
        lower = ranks.filter(rank__lt=upper).order_by("-rank").first()
    elif to == BOTTOM or (after is not None and before is None):
        lower = after.rank if after is not None else ranks.order_by("-rank").first()
        if lower is None:
            return item
        upper = ranks.filter(rank__gt=lower).order_by("rank").first()
    else:
        assert before is not None
        assert after is not None
        lower, upper = after.rank, before.rank
        if lower >= upper:
            raise Invalid(
                {"before": f"{after.key} is not above {before.key}; give neighbours in order."}
            )
    old = item.rank
    if (
        lower is not None
        and upper is not None
        and lower < old < upper
        and not others.filter(rank__gt=lower, rank__lt=upper).exists()
    ):
        return item  # already there
    item.rank = ranking.between(lower, upper)
    item.version += 1
    item.updated_at = now()
    item.save(update_fields=["rank", "version", "updated_at"])
    event(item, ItemField.RANK, old, item.rank, by).save()
    audit.record(
        org=item.organization,
        actor=by.user,
        action="backlog_item.moved",
        obj=item,
        before={"rank": old},
        after={"rank": item.rank},
    )
    return item


def delete_item(*, item: BacklogItem, by: Membership) -> None:
    """Remove an item that never entered a sprint; its number is not given out again."""
    permissions.require_team_work(by, item.team)
    if (
        item.sprint_id is not None
        or ItemEvent.objects.filter(item=item, field=ItemField.SPRINT).exists()
    ):
        raise Invalid(
            {"item": f"{item.key} has been in a sprint; mark it won't do instead of deleting it."}
        )
    view = _audit_view(item)
    audit.record(
        org=item.organization,
        actor=by.user,
        action="backlog_item.deleted",
        obj=item,
        before=view,
    )
    item.delete()
