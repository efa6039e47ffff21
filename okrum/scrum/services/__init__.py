"""Writes of the Scrum domain; each audited, each leaving the commit to its caller."""

from __future__ import annotations

from okrum.scrum.services.daily import raise_impediment, record_entry, resolve_impediment
from okrum.scrum.services.items import (
    BOTTOM,
    ITEM_FIELDS,
    MAX_BATCH,
    TOP,
    ItemSpec,
    create_item,
    create_items,
    delete_item,
    move_item,
    update_item,
)
from okrum.scrum.services.planning import set_capacity
from okrum.scrum.services.review import open_review, update_review
from okrum.scrum.services.sprints import (
    BACKLOG,
    SPRINT_FIELDS,
    assign_items,
    close_sprint,
    create_sprint,
    start_sprint,
    update_sprint,
)
from okrum.scrum.services.team_settings import (
    GOAL_FIELDS,
    create_product_goal,
    set_definition_of_done,
    set_estimate_scale,
    update_product_goal,
)

__all__ = [
    "BACKLOG",
    "BOTTOM",
    "GOAL_FIELDS",
    "ITEM_FIELDS",
    "MAX_BATCH",
    "SPRINT_FIELDS",
    "TOP",
    "ItemSpec",
    "assign_items",
    "close_sprint",
    "create_item",
    "create_items",
    "create_product_goal",
    "create_sprint",
    "delete_item",
    "move_item",
    "open_review",
    "raise_impediment",
    "record_entry",
    "resolve_impediment",
    "set_capacity",
    "set_definition_of_done",
    "set_estimate_scale",
    "start_sprint",
    "update_item",
    "update_product_goal",
    "update_review",
    "update_sprint",
]
