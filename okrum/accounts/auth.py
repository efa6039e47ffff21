"""API authentication: a Bearer token or the browser session (with CSRF), then the org policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.security.base import AuthBase

from okrum.accounts import services
from okrum.accounts.models import ApiToken, TokenScope, User
from okrum.core.errors import Forbidden
from okrum.tenancy import access
from okrum.tenancy.roles import Role
from okrum.tenancy.scoping import membership_by_slug

if TYPE_CHECKING:
    from okrum.tenancy.models import Membership, Organization


@dataclass(frozen=True)
class Principal:
    """Who is calling; for routes under /orgs/{org_slug}/ also as which member."""

    user: User
    token: ApiToken | None = None
    membership: Membership | None = None

    @property
    def org(self) -> Organization:
        assert self.membership is not None, "route has no {org_slug}"
        return self.membership.organization

    @property
    def member(self) -> Membership:
        assert self.membership is not None, "route has no {org_slug}"
        return self.membership


def principal(request: HttpRequest) -> Principal:
    found: Principal = request.auth  # type: ignore[attr-defined]
    return found


def _check_scope(token: ApiToken | None, method: str) -> None:
    if token is not None and token.scope == TokenScope.READ and method not in access.SAFE_METHODS:
        raise Forbidden("This API token is read-only; create a write token to make changes.")


def _admit(
    request: HttpRequest, user: User, token: ApiToken | None, policy: access.Policy
) -> Principal:
    method = request.method or "GET"
    match = request.resolver_match
    slug = match.kwargs.get("org_slug") if match else None
    if slug is None:
        # Routes outside an org write too (accepting an invitation): a read token may not.
        _check_scope(token, method)
        return Principal(user=user, token=token)
    if token is not None:
        if token.organization.slug != slug:
            raise Http404("No such organization.")
        membership = token.membership
    else:
        found = membership_by_slug(user.pk, slug)
        if found is None:
            raise Http404("No such organization.")
        membership = found
    _check_scope(token, method)
    access.check(membership, method=method, policy=policy)
    return Principal(user=user, token=token, membership=membership)


class BearerToken(HttpBearer):
    def __init__(self, policy: access.Policy) -> None:
        super().__init__()
        self.policy = policy

    def authenticate(self, request: HttpRequest, token: str) -> Principal | None:
        found = services.authenticate_token(token)
        if found is None:
            return None
        return _admit(request, found.membership.user, found, self.policy)


class Session(APIKeyCookie):
    """The browser's session; writes need the CSRF token like any form would."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, policy: access.Policy) -> None:
        super().__init__(csrf=True)
        self.policy = policy

    def authenticate(self, request: HttpRequest, key: str | None) -> Principal | None:
        user = request.user
        if not user.is_authenticated:
            return None
        return _admit(request, user, None, self.policy)


def api_auth(*, read: Role = Role.VIEWER, write: Role = Role.MEMBER) -> list[AuthBase]:
    """Auth for one operation or router: who is calling and what their role lets them do."""
    policy = access.Policy(read=read, write=write)
    return [BearerToken(policy), Session(policy)]
