"""Writes of teams and their members; each audited."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction

from okrum.core.errors import Conflict, Forbidden, Invalid
from okrum.teams import queries
from okrum.teams.models import KEY_PATTERN, Accountability, Team, TeamMember
from okrum.tenancy import audit
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.roles import Role, role_at_least


def _clean(name: str, key: str, description: str) -> tuple[str, str, str]:
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    key = key.strip().upper()
    if not name:
        errors["name"] = "Name the team."
    elif len(name) > 80:
        errors["name"] = "Keep the name under 80 characters."
    if not re.match(KEY_PATTERN, key):
        errors["key"] = "Use 2 to 10 capital letters or digits, starting with a letter (e.g. CHK)."
    if errors:
        raise Invalid(errors)
    return name, key, description.strip()


def _require_admin(by: Membership) -> None:
    if not role_at_least(by.role, Role.ADMIN):
        raise Forbidden("Only owners and admins manage teams.")


def _save(team: Team) -> None:
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError as exc:
        raise Conflict(
            "Another team already uses this name or key.",
            {"key": "Name and key must be unique in the organization."},
        ) from exc


def create_team(
    *, org: Organization, by: Membership, name: str, key: str, description: str = ""
) -> Team:
    _require_admin(by)
    name, key, description = _clean(name, key, description)
    team = Team(organization=org, name=name, key=key, description=description)
    _save(team)
    audit.record(
        org=org, actor=by.user, action="team.created", obj=team, after={"name": name, "key": key}
    )
    return team


def update_team(*, team: Team, by: Membership, name: str, key: str, description: str = "") -> Team:
    _require_admin(by)
    before = {"name": team.name, "key": team.key, "description": team.description}
    team.name, team.key, team.description = _clean(name, key, description)
    team.version += 1
    _save(team)
    after = {"name": team.name, "key": team.key, "description": team.description}
    audit.record(
        org=team.organization,
        actor=by.user,
        action="team.updated",
        obj=team,
        before=before,
        after=after,
    )
    return team


def add_team_member(
    *, team: Team, by: Membership, membership: Membership, accountability: str
) -> TeamMember:
    _require_admin(by)
    if accountability not in Accountability.values:
        raise Invalid({"accountability": f"Choose one of: {', '.join(Accountability.values)}."})
    if membership.organization_id != team.organization_id:
        raise Invalid({"membership": "Only members of the organization can join its teams."})
    if queries.seat(team, membership) is not None:
        raise Conflict("Already in this team.", {"membership": "Already in this team."})
    seat = TeamMember.objects.create(
        organization=team.organization,
        team=team,
        membership=membership,
        accountability=accountability,
    )
    audit.record(
        org=team.organization,
        actor=by.user,
        action="team.member_added",
        obj=seat,
        after={"team": team.key, "user": membership.user.email, "accountability": accountability},
    )
    return seat


def change_accountability(*, seat: TeamMember, by: Membership, accountability: str) -> TeamMember:
    _require_admin(by)
    if accountability not in Accountability.values:
        raise Invalid({"accountability": f"Choose one of: {', '.join(Accountability.values)}."})
    before = seat.accountability
    seat.accountability = accountability
    seat.save(update_fields=["accountability"])
    audit.record(
        org=seat.organization,
        actor=by.user,
        action="team.accountability_changed",
        obj=seat,
        before={"accountability": before},
        after={"accountability": accountability},
    )
    return seat


def remove_team_member(*, seat: TeamMember, by: Membership) -> None:
    _require_admin(by)
    audit.record(
        org=seat.organization,
        actor=by.user,
        action="team.member_removed",
        obj=seat,
        before={"team": seat.team.key, "user": seat.membership.user.email},
    )
    seat.delete()
