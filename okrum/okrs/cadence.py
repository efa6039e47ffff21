"""The check-in cadence: when a key result's last check-in is too old, and the reminder periods.

A key result of an active cycle is **stale** when it has no check-in within the cadence: the
last 7 days (weekly), the last 14 days (every two weeks), or since the team's active sprint
started (per sprint; 14 days for company key results and teams without a running sprint).
Reminders go out once per period: the cycle is cut into periods of the cadence's length from
its first day (per sprint: the period starts when the sprint started).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

DAYS = {"weekly": 7, "biweekly": 14, "per_sprint": 14}


def window_start(cadence: str, at: datetime, sprint_started_at: datetime | None = None) -> datetime:
    """The earliest moment a check-in may be from and still count as current at `at`."""
    if cadence == "per_sprint" and sprint_started_at is not None:
        return sprint_started_at
    return at - timedelta(days=DAYS[cadence])


def is_stale(
    *,
    cycle_state: str,
    cadence: str,
    last_check_in_at: datetime | None,
    at: datetime,
    sprint_started_at: datetime | None = None,
) -> bool:
    """Whether a key result owes a check-in: only while its cycle is active."""
    if cycle_state != "active":
        return False
    if last_check_in_at is None:
        return True
    return last_check_in_at < window_start(cadence, at, sprint_started_at)


def period_start(
    cadence: str, cycle_starts_on: date, today: date, sprint_started_on: date | None = None
) -> date:
    """The first day of the cadence period that holds `today`."""
    if cadence == "per_sprint" and sprint_started_on is not None:
        return sprint_started_on
    length = DAYS[cadence]
    elapsed = max(0, (today - cycle_starts_on).days)
    return cycle_starts_on + timedelta(days=elapsed // length * length)
