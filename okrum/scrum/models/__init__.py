"""Scrum's models: the backlog and sprints, and the records of the Scrum events."""

from __future__ import annotations

from okrum.scrum.models.backlog import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    Backlog,
    BacklogItem,
    BacklogItemKeyResult,
    DefinitionOfDone,
    EstimateScale,
    ItemEvent,
    ItemField,
    ItemKind,
    ItemStatus,
    ProductGoal,
    ProductGoalStatus,
    RankField,
    Sprint,
    SprintCommitment,
    SprintKeyResult,
    SprintState,
)
from okrum.scrum.models.events import DailyScrumEntry, Impediment, SprintCapacity, SprintReview

__all__ = [
    "FINISHED_STATUSES",
    "OPEN_STATUSES",
    "Backlog",
    "BacklogItem",
    "BacklogItemKeyResult",
    "DailyScrumEntry",
    "DefinitionOfDone",
    "EstimateScale",
    "Impediment",
    "ItemEvent",
    "ItemField",
    "ItemKind",
    "ItemStatus",
    "ProductGoal",
    "ProductGoalStatus",
    "RankField",
    "Sprint",
    "SprintCapacity",
    "SprintCommitment",
    "SprintKeyResult",
    "SprintReview",
    "SprintState",
]
