"""JSON handlers of OKR planning: comments, propose, approve, send back."""

from __future__ import annotations

from ninja import Router

from okrum.accounts.auth import api_auth

router = Router(tags=["okr planning"], auth=api_auth())
