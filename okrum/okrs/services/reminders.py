"""Reminder emails to owners of stale key results: one per owner, cycle and cadence period."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from okrum.okrs.models import CheckInReminder
from okrum.okrs.queries.check_in_sessions import DueReminder
from okrum.tenancy import audit


def _session_link(due: DueReminder, team_id: int | None) -> str:
    org = due.cycle.organization
    path = reverse("okrs:check_in_session", args=[org.slug, due.cycle.pk])
    return settings.BASE_URL + path + (f"?team={team_id}" if team_id else "")


def send_check_in_reminder(*, due: DueReminder) -> bool:
    """Record the reminder, then email it; False when this period's reminder already exists.

    The row is written first so that a second run (or a concurrent one) meets the unique
    constraint and sends nothing; a failed send raises, and the caller's rollback lets the next
    run try again.
    """
    org = due.cycle.organization
    try:
        with transaction.atomic():
            reminder = CheckInReminder.objects.create(
                organization=org,
                cycle=due.cycle,
                membership=due.membership,
                period_start=due.period_start,
                key_results=len(due.key_results),
            )
    except IntegrityError:
        return False
    sessions = [
        (team, krs, _session_link(due, team.pk if team else None))
        for team, krs in due.by_session().items()
    ]
    context = {
        "org": org,
        "cycle": due.cycle,
        "person": due.membership.user,
        "count": len(due.key_results),
        "sessions": sessions,
        "owed_link": settings.BASE_URL + reverse("okrs:owed", args=[org.slug]),
    }
    subject = render_to_string("okrs/email/check_in_reminder_subject.txt", context)
    body = render_to_string("okrs/email/check_in_reminder_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [due.membership.user.email])
    audit.record(
        org=org,
        actor=None,
        action="check_in_reminder.sent",
        obj=reminder,
        after={
            "membership": due.membership.pk,
            "cycle": due.cycle.pk,
            "period_start": due.period_start.isoformat(),
            "key_results": [kr.pk for kr in due.key_results],
        },
    )
    return True
