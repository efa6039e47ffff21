"""Reads for outcome against output: three queries for one key result, whatever its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from okrum.core.time import today as current_day
from okrum.insights import outcome
from okrum.insights.outcome import LinkedItem, Output, SprintSpan, Window
from okrum.okrs.models import CheckIn, KeyResult
from okrum.scrum.models import BacklogItemKeyResult, ItemStatus, Sprint
from okrum.tenancy.models import Organization


@dataclass(frozen=True)
class Outcome:
    """A key result's output (linked work), outcome (progress) and per-sprint movement."""

    key_result: KeyResult
    output: Output
    progress: Decimal
    current_value: Decimal | None
    windows: list[Window]


def check_in_days(org: Organization, key_result: KeyResult) -> list[tuple[date, Decimal]]:
    """The key result's check-ins as (local day, value), oldest first."""
    return [
        (timezone.localtime(at).date(), value)
        for at, value in CheckIn.objects.for_org(org)
        .filter(key_result=key_result)
        .order_by("created_at", "id")
        .values_list("created_at", "value")
    ]


def outcome_of(org: Organization, key_result: KeyResult, *, today: date | None = None) -> Outcome:
    """Output and outcome of `key_result` (loaded with its objective's cycle) over its cycle."""
    cycle = key_result.objective.cycle
    day = today or current_day()
    check_ins = check_in_days(org, key_result)
    rows = (
        BacklogItemKeyResult.objects.for_org(org)
        .filter(key_result=key_result)
        .values_list("item__status", "item__estimate", "item__sprint_id", "item__team_id")
    )
    items, team_ids = [], set()
    for status, estimate, sprint_id, team_id in rows:
        items.append(LinkedItem(status == ItemStatus.DONE, estimate, sprint_id))
        team_ids.add(team_id)
    # Sprints of the teams doing the work that overlap the cycle and have begun.
    sprints = [
        SprintSpan(sprint_id, name, team_name, starts_on, ends_on)
        for sprint_id, name, team_name, starts_on, ends_on in Sprint.objects.for_org(org)
        .filter(
            Q(team_id__in=team_ids),
            starts_on__lte=min(cycle.ends_on, day),
            ends_on__gte=cycle.starts_on,
        )
        .order_by("starts_on", "team__name", "id")
        .values_list("id", "name", "team__name", "starts_on", "ends_on")
    ]
    return Outcome(
        key_result=key_result,
        output=outcome.output(items),
        progress=key_result.progress,
        current_value=key_result.current_value,
        windows=outcome.windows(sprints, check_ins, items, start_value=key_result.start_value),
    )
