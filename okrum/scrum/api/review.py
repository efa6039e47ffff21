"""JSON handlers of the sprint review: the increment, key-result movement, feedback."""

from __future__ import annotations

from ninja import Router

from okrum.accounts.auth import api_auth

router = Router(tags=["sprint review"], auth=api_auth())
