"""JSON shapes of the OKR review: grades, objective scores, distribution and goal summaries."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from okrum.core.schemas import DecimalOut
from okrum.okrs.models import CycleState, Grade, ObjectiveKind
from okrum.okrs.queries.review import GoalReview, KeyResultReview, ObjectiveReview, Review
from okrum.okrs.scoring import Band, band
from okrum.tenancy.schemas import PersonOut


class GradeIn(Schema):
    score: Decimal = Field(description="0.0 to 1.0 in steps of 0.1")
    reason: str = Field(default="", description="Needed when the score differs from the suggested")


class GradeOut(Schema):
    key_result: int
    suggested: DecimalOut = Field(description="Progress rounded to one decimal (DESIGN §3)")
    score: DecimalOut
    band: Band
    reason: str
    graded_by: PersonOut | None
    graded_at: datetime
    version: int

    @staticmethod
    def resolve_key_result(obj: Grade) -> int:
        return obj.key_result_id

    @staticmethod
    def resolve_band(obj: Grade) -> Band:
        return band(obj.score)


class KeyResultReviewOut(Schema):
    id: int
    title: str
    weight: DecimalOut
    progress: DecimalOut
    suggested: DecimalOut
    score: DecimalOut = Field(description="The grade given, else the suggested one")
    graded: bool
    band: Band
    grade: GradeOut | None

    @staticmethod
    def data(row: KeyResultReview) -> dict[str, Any]:
        kr = row.key_result
        return {
            "id": kr.pk,
            "title": kr.title,
            "weight": kr.weight,
            "progress": kr.progress,
            "suggested": row.suggested,
            "score": row.score,
            "graded": row.graded,
            "band": row.band,
            "grade": row.grade,
        }


class TeamRef(Schema):
    id: int
    name: str


class ObjectiveReviewOut(Schema):
    id: int
    title: str
    kind: ObjectiveKind
    team: TeamRef | None = Field(description="None for a company objective")
    goal: int | None
    score: DecimalOut | None = Field(description="Weighted mean of its key results' scores")
    uses_suggestions: bool = Field(description="Some key results count with their suggested grade")
    bar: DecimalOut = Field(description="1.0 for committed, 0.7 for aspirational objectives")
    met_bar: bool | None
    band: Band | None
    key_results: list[KeyResultReviewOut]

    @staticmethod
    def data(row: ObjectiveReview) -> dict[str, Any]:
        o = row.objective
        return {
            "id": o.pk,
            "title": o.title,
            "kind": o.kind,
            "team": {"id": o.team.pk, "name": o.team.name} if o.team is not None else None,
            "goal": o.goal_id,
            "score": row.score,
            "uses_suggestions": row.uses_suggestions,
            "bar": row.bar,
            "met_bar": row.met_bar,
            "band": row.band,
            "key_results": [KeyResultReviewOut.data(kr) for kr in row.key_results],
        }


class DistributionOut(Schema):
    red: int = Field(description="Grades 0.0 to 0.3")
    yellow: int = Field(description="Grades 0.4 to 0.6")
    green: int = Field(description="Grades 0.7 to 1.0")


class GoalReviewOut(Schema):
    id: int
    kind: str
    title: str
    objectives: int
    mean_score: DecimalOut | None
    met_bar: int = Field(description="How many of its objectives met their bar")

    @staticmethod
    def data(row: GoalReview) -> dict[str, Any]:
        return {
            "id": row.goal.pk,
            "kind": row.goal.kind,
            "title": row.goal.title,
            "objectives": row.summary.objectives,
            "mean_score": row.summary.mean_score,
            "met_bar": row.summary.met_bar,
        }


class ReviewCycleOut(Schema):
    id: int
    name: str
    state: CycleState


class ReviewOut(Schema):
    cycle: ReviewCycleOut
    grading_open: bool = Field(description="True while the cycle is in review")
    graded: int
    total: int
    distribution: DistributionOut
    objectives: list[ObjectiveReviewOut] = Field(description="Company objectives first, then teams")
    goals: list[GoalReviewOut]

    @staticmethod
    def data(review: Review) -> dict[str, Any]:
        """The review as the response validates it (grades stay rows, read by GradeOut)."""
        cycle = review.cycle
        return {
            "cycle": {"id": cycle.pk, "name": cycle.name, "state": cycle.state},
            "grading_open": cycle.state == CycleState.REVIEW,
            "graded": review.graded,
            "total": review.total,
            "distribution": {band.value: count for band, count in review.distribution.items()},
            "objectives": [ObjectiveReviewOut.data(o) for o in review.objectives],
            "goals": [GoalReviewOut.data(g) for g in review.goals],
        }


class AcceptedOut(Schema):
    accepted: int = Field(description="How many key results were graded with their suggestion")
    graded: int
    total: int
