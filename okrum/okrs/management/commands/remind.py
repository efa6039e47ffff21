"""`okrum remind`: email each owner of stale key results once per cadence period (cron-safe)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from okrum.okrs.queries import check_in_sessions as queries
from okrum.okrs.services import reminders
from okrum.tenancy import queries as tenancy


class Command(BaseCommand):
    help = (
        "Email every owner of stale key results in active cycles, once per cadence period. "
        "Safe to run every hour: a reminder already sent for the period is not sent again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = already = expired = 0
        for org in tenancy.all_organizations():
            if org.is_read_only:
                expired += 1
                continue
            for due in queries.due_reminders(org):
                # One transaction per email: a failed send leaves the others sent and recorded.
                with transaction.atomic():
                    if reminders.send_check_in_reminder(due=due):
                        sent += 1
                    else:
                        already += 1
        skipped = f", {expired} organization{'s' if expired != 1 else ''} skipped (trial ended)"
        self.stdout.write(
            f"Check-in reminders: {sent} sent"
            + (f", {already} already sent this period" if already else "")
            + (skipped if expired else "")
            + "."
        )
