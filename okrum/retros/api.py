"""JSON handlers of retrospectives: boards, cards, votes, actions, carry-forward decisions."""

from __future__ import annotations

from ninja import Router

from okrum.accounts.auth import api_auth

router = Router(tags=["retrospectives"], auth=api_auth())
