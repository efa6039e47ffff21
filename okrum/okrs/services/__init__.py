"""Writes of the OKR domain; each audited, each leaving the commit to its caller."""

from __future__ import annotations

from okrum.okrs.services._common import clean_value
from okrum.okrs.services.check_in_sessions import CheckInRow, record_check_ins
from okrum.okrs.services.check_ins import record_check_in
from okrum.okrs.services.cycles import change_cycle_state, create_cycle, update_cycle
from okrum.okrs.services.goals import create_goal, update_goal
from okrum.okrs.services.grading import accept_suggested_grades, grade_key_result
from okrum.okrs.services.key_results import (
    DEFINITION_FIELDS,
    KR_FIELDS,
    KeyResultSpec,
    add_key_result,
    delete_key_result,
    update_key_result,
)
from okrum.okrs.services.objectives import (
    OBJECTIVE_FIELDS,
    create_objective,
    set_supports,
    update_objective,
)
from okrum.okrs.services.planning import (
    approve_objective,
    comment_on_objective,
    propose_objective,
    send_back_objective,
    set_planning_notes,
)

__all__ = [
    "DEFINITION_FIELDS",
    "KR_FIELDS",
    "OBJECTIVE_FIELDS",
    "CheckInRow",
    "KeyResultSpec",
    "accept_suggested_grades",
    "add_key_result",
    "approve_objective",
    "change_cycle_state",
    "clean_value",
    "comment_on_objective",
    "create_cycle",
    "create_goal",
    "create_objective",
    "delete_key_result",
    "grade_key_result",
    "propose_objective",
    "record_check_in",
    "record_check_ins",
    "send_back_objective",
    "set_planning_notes",
    "set_supports",
    "update_cycle",
    "update_goal",
    "update_key_result",
    "update_objective",
]
