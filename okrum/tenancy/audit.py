"""The audit trail: every service write records who changed what, in the same transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from okrum.tenancy.models import AuditEvent, Organization

if TYPE_CHECKING:
    from okrum.accounts.models import User


def record(
    *,
    org: Organization,
    actor: User | None,
    action: str,
    obj: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        organization=org,
        actor=actor,
        action=action,
        object_type=type(obj).__name__,
        object_id=str(obj.pk),
        before=before,
        after=after,
    )
