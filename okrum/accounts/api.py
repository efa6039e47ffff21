"""JSON handlers for signup, the caller, invitations being accepted, and API tokens."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Router
from ninja.throttling import AnonRateThrottle

from okrum.accounts import queries, services
from okrum.accounts.auth import api_auth, principal
from okrum.accounts.models import ApiToken, TokenScope
from okrum.accounts.schemas import MeOut, SignupIn, SignupOut, TokenCreatedOut, TokenIn, TokenPage
from okrum.core.pagination import Page
from okrum.tenancy import queries as tenancy_queries
from okrum.tenancy import services as tenancy_services
from okrum.tenancy.roles import Role
from okrum.tenancy.schemas import MemberOut

router = Router(tags=["accounts"])


@router.post("/signup", response={201: SignupOut}, auth=None, throttle=[AnonRateThrottle("20/m")])
def sign_up(request: HttpRequest, payload: SignupIn) -> dict[str, Any]:
    with transaction.atomic():
        user, org, membership = services.sign_up(
            name=payload.name,
            email=payload.email,
            password=payload.password,
            organization=payload.organization,
        )
        _, raw = services.create_api_token(
            membership=membership, name="Created at signup", scope=TokenScope.WRITE
        )
    return {"user": user, "organization": org, "token": raw}


@router.get("/me", response=MeOut, auth=api_auth())
def me(request: HttpRequest) -> dict[str, Any]:
    user = principal(request).user
    return {"user": user, "memberships": tenancy_queries.memberships_of(user)}


@router.post("/invitations/{token}/accept", response={201: MemberOut}, auth=api_auth())
def accept_invitation(request: HttpRequest, token: str) -> Any:
    with transaction.atomic():
        return tenancy_services.accept_invitation(raw_token=token, user=principal(request).user)


tokens = Router(tags=["tokens"], auth=api_auth(write=Role.VIEWER))


@tokens.get("/orgs/{org_slug}/tokens", response=TokenPage)
def list_tokens(
    request: HttpRequest, org_slug: str, limit: int | None = None, cursor: str | None = None
) -> Page[ApiToken]:
    return queries.tokens_page(principal(request).member, limit=limit, cursor=cursor)


@tokens.post("/orgs/{org_slug}/tokens", response={201: TokenCreatedOut})
def create_token(request: HttpRequest, org_slug: str, payload: TokenIn) -> Any:
    with transaction.atomic():
        token, raw = services.create_api_token(
            membership=principal(request).member,
            name=payload.name,
            scope=payload.scope,
            expires_at=payload.expires_at,
        )
    token.token = raw  # type: ignore[attr-defined]
    return token


@tokens.delete("/orgs/{org_slug}/tokens/{token_id}", response={204: None})
def revoke_token(request: HttpRequest, org_slug: str, token_id: int) -> None:
    who = principal(request)
    with transaction.atomic():
        token = queries.token_of(who.member, who.org, token_id)
        services.revoke_api_token(token=token, by=who.user)
