"""Reads about people and their tokens."""

from __future__ import annotations

from okrum.accounts.models import ApiToken, User
from okrum.core.pagination import Page, paginate
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.scoping import get_for_org


def email_taken(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def token_by_hash(token_hash: str) -> ApiToken | None:
    return (
        ApiToken.objects.select_related("membership__user", "membership__organization")
        .filter(token_hash=token_hash)
        .first()
    )


def tokens_of(membership: Membership) -> list[ApiToken]:
    return list(ApiToken.objects.filter(membership=membership).order_by("-id"))


def tokens_page(membership: Membership, *, limit: int | None, cursor: str | None) -> Page[ApiToken]:
    rows = ApiToken.objects.filter(membership=membership)
    return paginate(rows, order=["-id"], limit=limit, cursor=cursor)


def token_of(membership: Membership, org: Organization, token_id: int) -> ApiToken:
    """One of the member's own tokens; anyone else's is unknown."""
    return get_for_org(ApiToken.objects.filter(membership=membership), org, token_id)
