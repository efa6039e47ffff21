"""Puts the current organization (and the user's other ones) into every template."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from okrum.tenancy import queries


def organization(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    if membership is None or not request.user.is_authenticated:
        return {}
    return {
        "org": membership.organization,
        "membership": membership,
        "my_memberships": queries.memberships_of(request.user),
    }
