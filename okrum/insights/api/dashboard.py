"""JSON handlers of insights: the dashboard."""

from __future__ import annotations

from ninja import Router

from okrum.accounts.auth import api_auth

router = Router(tags=["insights"], auth=api_auth())
