"""Reads of the OKR review: every objective of a cycle with its grades, scores and summaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch

from okrum.okrs import grading, scoring
from okrum.okrs.models import Cycle, Goal, Grade, KeyResult, Objective
from okrum.tenancy.models import Organization
from okrum.tenancy.scoping import get_for_org


@dataclass
class KeyResultReview:
    """A key result at review: its suggested grade and, once graded, the grade given."""

    key_result: KeyResult
    suggested: Decimal
    grade: Grade | None

    @property
    def graded(self) -> bool:
        return self.grade is not None

    @property
    def score(self) -> Decimal:
        """The grade given, else the suggestion (what the objective's score counts)."""
        return self.grade.score if self.grade is not None else self.suggested

    @property
    def band(self) -> scoring.Band:
        return scoring.band(self.score)

    @property
    def overridden(self) -> bool:
        return self.grade is not None and self.grade.score != self.grade.suggested


@dataclass
class ObjectiveReview:
    objective: Objective
    key_results: list[KeyResultReview]
    score: Decimal | None
    met_bar: bool | None
    # True while some key result counts with its suggestion because nobody graded it yet.
    uses_suggestions: bool

    @property
    def bar(self) -> Decimal:
        return grading.bar_of(self.objective.kind)

    @property
    def band(self) -> scoring.Band | None:
        return scoring.band(self.score) if self.score is not None else None


@dataclass
class GoalReview:
    goal: Goal
    summary: grading.GoalSummary


@dataclass
class Review:
    cycle: Cycle
    objectives: list[ObjectiveReview]
    distribution: dict[scoring.Band, int]
    goals: list[GoalReview]
    without_goal: grading.GoalSummary
    graded: int
    total: int
    by_key_result: dict[int, KeyResultReview] = field(default_factory=dict)

    @property
    def company(self) -> list[ObjectiveReview]:
        return [o for o in self.objectives if o.objective.team_id is None]

    @property
    def by_team(self) -> dict[str, list[ObjectiveReview]]:
        teams: dict[str, list[ObjectiveReview]] = {}
        for o in self.objectives:
            if o.objective.team is not None:
                teams.setdefault(o.objective.team.name, []).append(o)
        return teams

    def objective(self, objective_id: int) -> ObjectiveReview:
        return next(o for o in self.objectives if o.objective.pk == objective_id)


def _grade_of(kr: KeyResult) -> Grade | None:
    try:
        return kr.grade
    except Grade.DoesNotExist:
        return None


def _objective_review(objective: Objective) -> ObjectiveReview:
    rows = [
        KeyResultReview(kr, scoring.suggested_grade(kr.progress), _grade_of(kr))
        for kr in objective.key_results.all()
    ]
    score = grading.objective_score(
        [grading.Scored(row.score, row.key_result.weight) for row in rows]
    )
    return ObjectiveReview(
        objective=objective,
        key_results=rows,
        score=score,
        met_bar=grading.bar_met(score, kind=objective.kind),
        uses_suggestions=any(not row.graded for row in rows),
    )


def review(org: Organization, cycle: Cycle) -> Review:
    """The whole review of a cycle in two queries: company objectives first, then each team's."""
    _key_results = KeyResult.objects.select_related("owner__user", "grade__graded_by").order_by(
        "position", "id"
    )
    objectives = (
        Objective.objects.for_org(org)
        .filter(cycle=cycle)
        .select_related("team", "goal", "cycle")
        .prefetch_related(Prefetch("key_results", queryset=_key_results))
        .order_by(F("team__name").asc(nulls_first=True), "team_id", "id")
    )
    reviews = [_objective_review(o) for o in objectives]
    rows = [row for o in reviews for row in o.key_results]
    by_goal: dict[int, list[ObjectiveReview]] = {}
    goals: dict[int, Goal] = {}
    for o in reviews:
        if o.objective.goal is not None:
            goals[o.objective.goal.pk] = o.objective.goal
            by_goal.setdefault(o.objective.goal.pk, []).append(o)
    return Review(
        cycle=cycle,
        objectives=reviews,
        distribution=grading.distribution(row.score for row in rows),
        goals=[
            GoalReview(goals[pk], grading.goal_summary((o.score, o.met_bar) for o in items))
            for pk, items in sorted(
                by_goal.items(), key=lambda kv: (goals[kv[0]].kind != "vision", kv[0])
            )
        ],
        without_goal=grading.goal_summary(
            (o.score, o.met_bar) for o in reviews if o.objective.goal_id is None
        ),
        graded=sum(1 for row in rows if row.graded),
        total=len(rows),
        by_key_result={row.key_result.pk: row for row in rows},
    )


def key_result_to_grade(org: Organization, key_result_id: int) -> KeyResult:
    """A key result with what grading reads: its objective, cycle, grade and grader."""
    rows = KeyResult.objects.select_related(
        "objective__cycle", "objective__team", "organization", "grade__graded_by"
    )
    return get_for_org(rows, org, key_result_id)


def key_result_to_grade_for_update(org: Organization, key_result_id: int) -> KeyResult:
    """The key result row locked until the transaction ends, so two graders do not race."""
    rows = KeyResult.objects.select_for_update(of=("self",)).select_related(
        "objective__cycle", "objective__team", "organization"
    )
    return get_for_org(rows, org, key_result_id)


def grade(org: Organization, key_result_id: int) -> Grade | None:
    """The grade of a key result of the organization, None if it has none yet."""
    return _grade_of(key_result_to_grade(org, key_result_id))
