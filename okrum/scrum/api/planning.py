"""JSON handlers of sprint planning: the planning data and member capacity."""

from __future__ import annotations

from ninja import Router

from okrum.accounts.auth import api_auth

router = Router(tags=["sprint planning"], auth=api_auth())
