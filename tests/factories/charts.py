"""Factories for the insights charts: check-ins on given days, closed sprints in bulk."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from okrum.okrs.models import CheckIn, KeyResult
from okrum.scrum.models import Sprint, SprintState
from okrum.teams.models import Team
from tests.factories.okrs import check_in


def check_in_on(kr: KeyResult, day: date, value: Any, confidence: int = 7) -> CheckIn:
    """A check-in recorded through the service, then dated at noon on `day`."""
    row = check_in(kr, Decimal(value), confidence=confidence)
    at = timezone.make_aware(datetime.combine(day, time(12)))
    CheckIn.objects.filter(pk=row.pk).update(created_at=at)
    row.created_at = at
    return row


def closed_sprints(team: Team, n: int, first_day: date, start_number: int = 1) -> list[Sprint]:
    """`n` closed two-week sprints in a row; sprint k commits 10 + k points and finishes 8 + k."""
    rows = [
        Sprint(
            organization=team.organization,
            team=team,
            number=start_number + k,
            name=f"Sprint {start_number + k}",
            starts_on=first_day + timedelta(days=14 * k),
            ends_on=first_day + timedelta(days=14 * k + 13),
            state=SprintState.CLOSED,
            committed_points=Decimal(10 + k),
            done_points=Decimal(8 + k),
        )
        for k in range(n)
    ]
    return Sprint.objects.bulk_create(rows)
