"""JSON handlers of the daily scrum: entries, impediments, the burndown."""

from __future__ import annotations

from ninja import Router

from okrum.accounts.auth import api_auth

router = Router(tags=["daily scrum"], auth=api_auth())
