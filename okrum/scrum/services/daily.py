"""Writes of the daily scrum: each developer's entry of the day, and impediments until resolved."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from okrum.core.cleaning import text
from okrum.core.errors import Conflict, Forbidden, Invalid
from okrum.core.time import now, today
from okrum.scrum import permissions
from okrum.scrum.models import DailyScrumEntry, Impediment, Sprint, SprintState
from okrum.teams import queries as teams
from okrum.teams.models import Accountability, Team
from okrum.tenancy import audit
from okrum.tenancy.models import Membership
from okrum.tenancy.roles import Role, role_at_least

ENTRY_LIMIT = 5_000
IMPEDIMENT_LIMIT = 1_000
MAX_IMPEDIMENTS = 20
# The Scrum Team: who takes part in its daily scrum (stakeholders do not).
SCRUM_TEAM = (Accountability.DEVELOPER, Accountability.SCRUM_MASTER, Accountability.PRODUCT_OWNER)


def may_post(membership: Membership, accountability: str | None) -> bool:
    """Whether a member with this seat in the team (None: none) may post a daily entry."""
    if role_at_least(membership.role, Role.ADMIN):
        return True
    return role_at_least(membership.role, Role.MEMBER) and accountability in SCRUM_TEAM


def _require_author(by: Membership, team: Team) -> None:
    """Members of the Scrum Team post their own entry; admins may post theirs too."""
    if not role_at_least(by.role, Role.MEMBER):
        raise Forbidden(f"Your role ({by.role}) may not change this; ask an admin.")
    seat = teams.seat(team, by)
    if not may_post(by, seat.accountability if seat else None):
        raise Forbidden(
            f"Only the developers, Scrum Master and Product Owner of {team.name} "
            "(or admins) post to its daily scrum."
        )


def _shown(day: date) -> str:
    return f"{day.day} {day:%b}"


def _check_day(sprint: Sprint, day: date) -> None:
    if sprint.state != SprintState.ACTIVE:
        raise Conflict(
            f"{sprint.name} is {sprint.state}; daily scrums are held while a sprint is active."
        )
    if not sprint.starts_on <= day <= sprint.ends_on:
        raise Invalid(
            {
                "day": f"Choose a day of {sprint.name}: {_shown(sprint.starts_on)} to "
                f"{_shown(sprint.ends_on)} {sprint.ends_on.year}."
            }
        )
    if day > today():
        raise Invalid({"day": "A daily scrum entry cannot be for a day still to come."})


def _prose(value: str, field: str, *, required: bool = False) -> str:
    """Text of several lines, trimmed, with its line breaks kept."""
    lines = [line.rstrip() for line in (value or "").replace("\r\n", "\n").split("\n")]
    cleaned = "\n".join(lines).strip()
    if required and not cleaned:
        raise Invalid({field: "This cannot be empty."})
    if len(cleaned) > ENTRY_LIMIT:
        raise Invalid({field: f"Keep it under {ENTRY_LIMIT:,} characters."})
    return cleaned


def _clean_lines(lines: Sequence[str]) -> list[str]:
    """The non-blank impediment lines, each tidied, without repeats."""
    kept: list[str] = []
    for index, line in enumerate(lines):
        cleaned = " ".join((line or "").split())
        if not cleaned:
            continue
        if len(cleaned) > IMPEDIMENT_LIMIT:
            message = f"Impediment {index + 1} is too long: keep it under 1,000 characters."
            raise Invalid({"impediments": message})
        if cleaned not in kept:
            kept.append(cleaned)
    if len(kept) > MAX_IMPEDIMENTS:
        raise Invalid({"impediments": f"Raise at most {MAX_IMPEDIMENTS} impediments at once."})
    return kept


def record_entry(
    *,
    sprint: Sprint,
    by: Membership,
    done: str,
    plan: str,
    day: date | None = None,
    impediments: Sequence[str] = (),
) -> DailyScrumEntry:
    """The member's entry for `day` (today by default); a second one the same day updates it.

    Each non-blank impediment line becomes an open Impediment of the team, unless the same
    entry already raised the same words.
    """
    _require_author(by, sprint.team)
    day = day or today()
    _check_day(sprint, day)
    done = _prose(done, "done")
    plan = _prose(plan, "plan")
    lines = _clean_lines(impediments)
    if not done and not plan and not lines:
        raise Invalid({"plan": "Say what you did, what you plan, or what blocks you."})
    entry = (
        DailyScrumEntry.objects.select_for_update()
        .filter(sprint=sprint, membership=by, day=day)
        .first()
    )
    before = None
    if entry is None:
        entry = DailyScrumEntry.objects.create(
            organization_id=sprint.organization_id,
            sprint=sprint,
            membership=by,
            day=day,
            done=done,
            plan=plan,
        )
    else:
        before = {"done": entry.done, "plan": entry.plan, "version": entry.version}
        entry.done, entry.plan = done, plan
        entry.version += 1
        entry.updated_at = now()
        entry.save(update_fields=["done", "plan", "version", "updated_at"])
    audit.record(
        org=sprint.organization,
        actor=by.user,
        action="daily_entry.recorded" if before is None else "daily_entry.updated",
        obj=entry,
        before=before,
        after={"day": day.isoformat(), "done": done, "plan": plan, "version": entry.version},
    )
    raised = set(
        Impediment.objects.filter(entry=entry, resolved_at__isnull=True).values_list(
            "description", flat=True
        )
    )
    for line in lines:
        if line not in raised:
            raise_impediment(team=sprint.team, by=by, description=line, sprint=sprint, entry=entry)
    return entry


def raise_impediment(
    *,
    team: Team,
    by: Membership,
    description: str,
    sprint: Sprint | None = None,
    entry: DailyScrumEntry | None = None,
) -> Impediment:
    """An open impediment of the team, raised in `sprint` (and at `entry`) if given."""
    permissions.require_team_work(by, team)
    description = text(description or "", "description", required=True, limit=IMPEDIMENT_LIMIT)
    if sprint is not None and sprint.team_id != team.pk:
        raise Invalid({"sprint": "Choose a sprint of the same team."})
    impediment = Impediment.objects.create(
        organization_id=team.organization_id,
        team=team,
        sprint=sprint,
        entry=entry,
        description=description,
        raised_by=by,
    )
    audit.record(
        org=team.organization,
        actor=by.user,
        action="impediment.raised",
        obj=impediment,
        after={
            "team": team.pk,
            "sprint": sprint.pk if sprint else None,
            "entry": entry.pk if entry else None,
            "description": description,
        },
    )
    return impediment


def resolve_impediment(*, impediment: Impediment, by: Membership, resolution: str) -> Impediment:
    """Close an open impediment, saying how it was removed."""
    permissions.require_team_work(by, impediment.team)
    if impediment.resolved_at is not None:
        raise Conflict("This impediment is already resolved.")
    resolution = _prose(resolution, "resolution", required=True)
    impediment.resolved_at = now()
    impediment.resolved_by = by
    impediment.resolution = resolution
    impediment.version += 1
    impediment.save(update_fields=["resolved_at", "resolved_by", "resolution", "version"])
    audit.record(
        org=impediment.organization,
        actor=by.user,
        action="impediment.resolved",
        obj=impediment,
        before={"resolved_at": None},
        after={"resolved_at": impediment.resolved_at.isoformat(), "resolution": resolution},
    )
    return impediment
