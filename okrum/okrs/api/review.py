"""JSON handlers of the OKR review: grades, objective scores, the grading summary."""

from __future__ import annotations

from ninja import Router

from okrum.accounts.auth import api_auth

router = Router(tags=["okr review"], auth=api_auth())
