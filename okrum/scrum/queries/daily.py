"""Reads of the daily scrum: who said what on a day, the team's impediments, the burndown.

Each read costs a fixed number of queries whatever the number of members, entries and events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from okrum.core.pagination import Page, paginate
from okrum.core.time import today
from okrum.scrum import burndown as maths
from okrum.scrum.models import (
    BacklogItem,
    DailyScrumEntry,
    Impediment,
    ItemEvent,
    ItemField,
    Sprint,
    SprintCommitment,
)
from okrum.teams.models import Accountability, Team, TeamMember
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.scoping import get_for_org

RECENTLY_RESOLVED = 5
TRACKED = (ItemField.STATUS, ItemField.ESTIMATE, ItemField.SPRINT)


@dataclass(frozen=True)
class Participant:
    """One person at the daily scrum: their entry on the day (or None: not yet), and the plan
    of their previous entry, for reference."""

    membership: Membership
    accountability: str
    entry: DailyScrumEntry | None
    previous: DailyScrumEntry | None


@dataclass(frozen=True)
class DailyScrum:
    sprint: Sprint
    day: date
    days: list[date]  # the days of the sprint one may look at: up to today
    previous_day: date | None
    next_day: date | None
    participants: list[Participant]
    seats: dict[int, str]  # membership id → accountability in the team
    open_impediments: list[Impediment]
    resolved_impediments: list[Impediment]

    @property
    def entries(self) -> list[DailyScrumEntry]:
        return [p.entry for p in self.participants if p.entry is not None]


def sprint_days(sprint: Sprint) -> list[date]:
    return maths.sprint_days(sprint.starts_on, sprint.ends_on)


def visible_days(sprint: Sprint) -> list[date]:
    """The sprint's days up to today: the ones that may have a daily scrum."""
    last = min(sprint.ends_on, today())
    return [d for d in maths.sprint_days(sprint.starts_on, sprint.ends_on) if d <= last]


def day_of(sprint: Sprint, wanted: date | None) -> date:
    """The day to show: the one asked for, else today, kept within the sprint."""
    day = wanted or today()
    return min(max(day, sprint.starts_on), sprint.ends_on)


def daily_scrum(org: Organization, sprint: Sprint, day: date) -> DailyScrum:
    """The sprint's daily scrum on `day`: developers first, then anyone else who posted."""
    seats = (
        TeamMember.objects.for_org(org)
        .filter(team_id=sprint.team_id)
        .select_related("membership__user")
        .order_by("membership__user__name", "id")
    )
    accountability = {s.membership_id: s.accountability for s in seats}
    entries = (
        DailyScrumEntry.objects.for_org(org)
        .filter(sprint=sprint, day__lte=day)
        .select_related("membership__user")
        .order_by("-day", "id")
    )
    today_by: dict[int, DailyScrumEntry] = {}
    before_by: dict[int, DailyScrumEntry] = {}
    for entry in entries:
        target = today_by if entry.day == day else before_by
        target.setdefault(entry.membership_id, entry)
    people = [
        Participant(s.membership, s.accountability, today_by.get(s.membership_id), None)
        for s in seats
        if s.accountability == Accountability.DEVELOPER
    ]
    listed = {p.membership.pk for p in people}
    # Scrum Masters, Product Owners and admins who posted: shown after the developers.
    for entry in sorted(today_by.values(), key=lambda e: (e.membership.user.name, e.pk)):
        if entry.membership_id not in listed:
            role = accountability.get(entry.membership_id, "")
            people.append(Participant(entry.membership, role, entry, None))
    participants = [
        Participant(p.membership, p.accountability, p.entry, before_by.get(p.membership.pk))
        for p in people
    ]
    days = visible_days(sprint)
    return DailyScrum(
        sprint=sprint,
        day=day,
        days=days,
        previous_day=day - timedelta(days=1) if day > sprint.starts_on else None,
        next_day=day + timedelta(days=1) if days and day < days[-1] else None,
        participants=participants,
        seats=accountability,
        open_impediments=open_impediments(org, sprint.team),
        resolved_impediments=recently_resolved(org, sprint.team),
    )


def my_entry(
    org: Organization, sprint: Sprint, membership: Membership, day: date
) -> DailyScrumEntry | None:
    rows = DailyScrumEntry.objects.for_org(org).filter(sprint=sprint, membership=membership)
    return rows.filter(day=day).first()


# --- Impediments --------------------------------------------------------------------------------


def _impediments(org: Organization) -> QuerySet[Impediment]:
    return Impediment.objects.for_org(org).select_related(
        "team", "sprint", "raised_by__user", "resolved_by__user"
    )


def open_impediments(org: Organization, team: Team) -> list[Impediment]:
    """The team's unresolved impediments, across sprints, the oldest first."""
    rows = _impediments(org).filter(team=team, resolved_at__isnull=True)
    return list(rows.order_by("raised_at", "id"))


def recently_resolved(org: Organization, team: Team) -> list[Impediment]:
    rows = _impediments(org).filter(team=team, resolved_at__isnull=False)
    return list(rows.order_by("-resolved_at", "-id")[:RECENTLY_RESOLVED])


def impediments_page(
    org: Organization,
    team: Team,
    *,
    resolved: bool | None,
    limit: int | None,
    cursor: str | None,
) -> Page[Impediment]:
    """The team's impediments in the order they were raised; open, resolved or both."""
    rows = _impediments(org).filter(team=team)
    if resolved is not None:
        rows = rows.filter(resolved_at__isnull=not resolved)
    return paginate(rows, order=["id"], limit=limit, cursor=cursor)


def entry_with_impediments(org: Organization, entry_id: int) -> DailyScrumEntry:
    """The entry, with the open impediments it raised (in the order raised) prefetched."""
    raised = _impediments(org).filter(resolved_at__isnull=True).order_by("raised_at", "id")
    rows = DailyScrumEntry.objects.select_related("membership__user").prefetch_related(
        Prefetch("impediments", queryset=raised)
    )
    return get_for_org(rows, org, entry_id)


def impediment(org: Organization, impediment_id: int) -> Impediment:
    return get_for_org(_impediments(org), org, impediment_id)


def impediment_for_update(org: Organization, impediment_id: int) -> Impediment:
    rows = Impediment.objects.select_related("team", "organization")
    return get_for_org(rows.select_for_update(of=("self",)), org, impediment_id)


# --- The burndown -------------------------------------------------------------------------------


def burndown(org: Organization, sprint: Sprint) -> maths.Burndown | None:
    """The sprint's burndown up to today; None for a sprint that has not started."""
    if sprint.started_at is None:
        return None
    committed = dict(
        SprintCommitment.objects.for_org(org)
        .filter(sprint=sprint)
        .values_list("item_id", "estimate")
    )
    events = ItemEvent.objects.for_org(org).filter(field__in=TRACKED, at__gt=sprint.started_at)
    if sprint.closed_at is not None:
        events = events.filter(at__lt=sprint.closed_at)  # closing sends unfinished items on
    # Every item that was ever in the sprint: committed, or moved in or out since the start.
    entered = events.filter(sprint=sprint, field=ItemField.SPRINT).values("item_id")
    rows = events.filter(item_id__in=list(committed)) | events.filter(item_id__in=entered)
    history = [
        maths.ItemChange(e.item_id, e.at, e.field, e.from_value, e.to_value)
        for e in rows.only("item_id", "at", "field", "from_value", "to_value").order_by("at", "id")
    ]
    ids = set(committed) | {c.item_id for c in history}
    items_now = {
        pk: maths.ItemNow(estimate, status)
        for pk, estimate, status in BacklogItem.objects.for_org(org)
        .filter(pk__in=ids)
        .values_list("pk", "estimate", "status")
    }
    start, moves = maths.changes(sprint.pk, committed, history, items_now)
    # A closed sprint shows all its days; a running one the days until today.
    until = sprint.ends_on if sprint.closed_at else today()
    return maths.burndown(
        starts_on=sprint.starts_on,
        ends_on=sprint.ends_on,
        committed=sprint.committed_points or Decimal(0),
        start=start,
        moves=moves,
        today=until,
        tz=timezone.get_current_timezone(),
    )
