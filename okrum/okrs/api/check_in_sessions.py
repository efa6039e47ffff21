"""JSON handlers of the check-in session: every key result of a team at once, and what is owed."""

from __future__ import annotations

from ninja import Router

from okrum.accounts.auth import api_auth

router = Router(tags=["okr check-ins"], auth=api_auth())
