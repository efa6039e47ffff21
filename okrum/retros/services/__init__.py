"""Writes of retrospectives: open a board, cards, votes, actions into the backlog, carry-forward."""

from __future__ import annotations

from okrum.retros.services.backlog_items import turn_into_backlog_item
from okrum.retros.services.boards import open_cycle_retro, open_sprint_retro
from okrum.retros.services.cards import CARD_FIELDS, MAX_BODY, add_card, delete_card, update_card
from okrum.retros.services.carry_forward import MAX_NOTE, decide_carry_forward
from okrum.retros.services.permissions import (
    RETRO_CYCLE_STATES,
    RETRO_SPRINT_STATES,
    cycle_retro_opens,
    may_open_cycle_retro,
    may_open_sprint_retro,
    may_write,
    team_of,
)
from okrum.retros.services.votes import unvote, vote

__all__ = [
    "CARD_FIELDS",
    "MAX_BODY",
    "MAX_NOTE",
    "RETRO_CYCLE_STATES",
    "RETRO_SPRINT_STATES",
    "add_card",
    "cycle_retro_opens",
    "decide_carry_forward",
    "delete_card",
    "may_open_cycle_retro",
    "may_open_sprint_retro",
    "may_write",
    "open_cycle_retro",
    "open_sprint_retro",
    "team_of",
    "turn_into_backlog_item",
    "unvote",
    "update_card",
    "vote",
]
