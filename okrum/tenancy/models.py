"""The tenant and who belongs to it: Organization, Membership, Invitation, AuditEvent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models

from okrum.core.time import now
from okrum.tenancy.roles import Role
from okrum.tenancy.scoping import OrgManager


class Plan(models.TextChoices):
    TRIAL = "trial", "Free trial"
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"


class Organization(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    plan = models.CharField(max_length=10, choices=Plan.choices, default=Plan.TRIAL)
    trial_ends_at = models.DateTimeField()
    created_at = models.DateTimeField(default=now)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.name

    @property
    def effective_plan(self) -> str:
        """The plan as users see it: a trial past its end is expired even before a job says so."""
        if self.plan == Plan.TRIAL and self.trial_ends_at <= now():
            return Plan.EXPIRED
        return self.plan

    @property
    def is_read_only(self) -> bool:
        return self.effective_plan == Plan.EXPIRED

    @property
    def trial_days_left(self) -> int | None:
        if self.plan != Plan.TRIAL:
            return None
        seconds = (self.trial_ends_at - now()).total_seconds()
        return max(0, int(-(-seconds // 86400)))


class Membership(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=now)

    objects = OrgManager["Membership"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.organization_id}:{self.role}"


class Invitation(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = OrgManager["Invitation"]()

    def __str__(self) -> str:
        return f"{self.email} → {self.organization_id}"

    def is_open(self, at: datetime | None = None) -> bool:
        moment = at or now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > moment


class AuditEvent(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)

    objects = OrgManager["AuditEvent"]()

    class Meta:
        indexes = [models.Index(fields=["organization", "-created_at", "-id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"

    def changes(self) -> dict[str, tuple[Any, Any]]:
        """Fields whose value differs between before and after."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return {k: (before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)}
