"""Who may read and write what in an organization: one policy for HTML views and the API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from okrum.core.errors import Forbidden, ReadOnly
from okrum.tenancy.models import Membership
from okrum.tenancy.roles import Role, role_at_least

if TYPE_CHECKING:
    from django.http import HttpRequest

    from okrum.tenancy.models import Organization

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

F = TypeVar("F", bound=Callable[..., object])


@dataclass(frozen=True)
class Policy:
    """The least role that may read, and that may write, through one route."""

    read: Role = Role.VIEWER
    write: Role = Role.MEMBER


DEFAULT_POLICY = Policy()


def check(membership: Membership, *, method: str, policy: Policy) -> None:
    """Refuse a request the member's role or the organization's plan does not allow."""
    writing = method.upper() not in SAFE_METHODS
    needed = policy.write if writing else policy.read
    if not role_at_least(membership.role, needed):
        verb = "change" if writing else "see"
        raise Forbidden(f"Your role ({membership.role}) may not {verb} this; ask an admin.")
    if writing and membership.organization.is_read_only:
        raise ReadOnly(
            f"The free trial of {membership.organization.name} has ended, so it is read-only. "
            "Nothing was deleted: activate a plan to make changes again."
        )


def roles(*, read: Role = Role.VIEWER, write: Role = Role.MEMBER) -> Callable[[F], F]:
    """Declare the roles an HTML view needs; the org middleware enforces them."""

    def mark(view: F) -> F:
        view.okrum_policy = Policy(read=read, write=write)  # type: ignore[attr-defined]
        return view

    return mark


class OrgRequest:
    """What the org middleware attaches to a request under /o/<slug>/ (for type checking)."""

    org: Organization
    membership: Membership


def org_of(request: HttpRequest) -> tuple[Organization, Membership]:
    """The organization and membership the middleware resolved for this request."""
    membership: Membership = request.membership  # type: ignore[attr-defined]
    return membership.organization, membership


def may_write(request: HttpRequest, role: Role = Role.MEMBER) -> bool:
    """Whether the member may change things needing `role` now (an expired trial reads only)."""
    org, membership = org_of(request)
    return not org.is_read_only and role_at_least(membership.role, role)
