"""THE one place where tenant filters are written: every org-owned query starts here.

A test (tests/test_architecture.py) fails when an organization filter appears anywhere else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from okrum.core.errors import NotFound

if TYPE_CHECKING:
    from okrum.tenancy.models import Membership, Organization

M = TypeVar("M", bound=models.Model)


class OrgQuerySet(models.QuerySet[M]):
    def for_org(self, org: Organization) -> Self:
        return self.filter(organization=org)


class OrgManager(models.Manager[M]):
    """Manager of every org-owned model: `Model.objects.for_org(org)`."""

    def get_queryset(self) -> OrgQuerySet[M]:
        return OrgQuerySet(self.model, using=self._db)

    def for_org(self, org: Organization) -> OrgQuerySet[M]:
        return self.get_queryset().for_org(org)


def get_for_org(queryset: models.QuerySet[M], org: Organization, pk: Any) -> M:
    """The object with `pk` in `org`; another tenant's object is as unknown as a missing one."""
    try:
        return queryset.filter(organization=org).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(f"No such {queryset.model._meta.verbose_name}.") from exc


def membership_by_slug(user_id: int, org_slug: str) -> Membership | None:
    """The user's membership of the organization with `org_slug`, or None if not a member."""
    from okrum.tenancy.models import Membership

    return (
        Membership.objects.select_related("organization", "user")
        .filter(organization__slug=org_slug, user_id=user_id)
        .first()
    )
