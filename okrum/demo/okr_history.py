"""The demo's OKR history: last quarter graded and retrospected, this quarter's weekly check-ins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING

from okrum.core.time import now
from okrum.demo import story
from okrum.okrs.models import Cycle, KeyResult, Objective
from okrum.okrs.services import grading, planning
from okrum.okrs.services.check_ins import record_check_in
from okrum.okrs.services.cycles import change_cycle_state, create_cycle
from okrum.okrs.services.goals import create_goal
from okrum.okrs.services.key_results import KeyResultSpec
from okrum.okrs.services.objectives import create_objective, update_objective
from okrum.retros.models import Column, Decision
from okrum.retros.services.boards import open_cycle_retro
from okrum.retros.services.cards import add_card
from okrum.retros.services.carry_forward import decide_carry_forward
from okrum.retros.services.votes import vote
from okrum.scrum.services.team_settings import create_product_goal

if TYPE_CHECKING:
    from okrum.demo.builder import Timeline, World

CYCLE_DAYS = 91  # thirteen weeks
BEHIND_NOTES = [
    "Traffic is flat; the new checkout is not on mobile yet.",
    "A campaign helped for a few days, then we were back where we were.",
    "We need the one-click order before this moves.",
]
ON_PACE_NOTES = ["", "", "Moving as planned.", "Slightly better than last week."]


@dataclass(frozen=True)
class Calendar:
    """The demo's dates, all relative to today so the demo always looks current."""

    current_start: date  # a Monday
    previous_start: date
    active_sprint_start: date
    today: date

    @classmethod
    def around(cls, today: date) -> Calendar:
        # The active sprint began 2 to 8 days ago, on a Monday; four sprints ran before it.
        back = today - timedelta(days=2)
        active = back - timedelta(days=back.weekday())
        current = active - timedelta(days=49)
        return cls(current, current - timedelta(days=CYCLE_DAYS), active, today)

    @property
    def current_end(self) -> date:
        return self.current_start + timedelta(days=CYCLE_DAYS - 1)

    @staticmethod
    def fridays(start: date, until: date) -> list[date]:
        """The Fridays of a cycle starting `start` strictly before `until`."""
        days = [start + timedelta(days=4 + 7 * week) for week in range(13)]
        return [d for d in days if d < until]


def _name(start: date) -> str:
    end = start + timedelta(days=CYCLE_DAYS - 1)
    return f"{start:%b} to {end:%b %Y}"


def _spec(world: World, kr: story.KrStory) -> KeyResultSpec:
    return KeyResultSpec(
        title=kr.title,
        kind=kr.kind,
        unit=kr.unit,
        start_value=kr.start,
        target_value=kr.target,
        owner=world.people[kr.owner],
    )


def _objective(
    world: World,
    cycle: Cycle,
    team_key: str | None,
    title: str,
    krs: list[story.KrStory],
    **changes: object,
) -> Objective:
    """Drafted by its owner, proposed, approved by the head of product: OKR planning."""
    team = world.teams[team_key] if team_key else None
    author = world.people[_product_owner(team_key)] if team_key else world.people["admin"]
    objective = create_objective(
        cycle=cycle,
        by=author,
        title=title,
        team=team,
        key_results=[_spec(world, kr) for kr in krs],
        **changes,
    )
    planning.propose_objective(objective=objective, by=author, note="Ready for review.")
    planning.approve_objective(objective=objective, by=world.people["admin"], note="Approved.")
    key_results = KeyResult.objects.filter(objective=objective).order_by("position")
    for kr_story, kr in zip(krs, key_results, strict=True):
        world.krs[kr_story.tag] = kr
    return objective


def _product_owner(team_key: str | None) -> str:
    return next(t.product_owner for t in story.TEAMS if t.key == team_key)


def _value(world: World, kr: KeyResult, pace: float, frac: float, places: int) -> Decimal:
    if kr.kind == "milestone":
        return Decimal(1 if frac * pace >= 0.3 else 0)
    assert kr.start_value is not None
    assert kr.target_value is not None
    share = min(1.0, max(0.0, frac * pace + world.rng.uniform(-0.04, 0.04)))
    span = kr.target_value - kr.start_value
    # Round towards the target, so whole numbers (steps, methods) do not lag behind the pace.
    rounding = ROUND_CEILING if span > 0 else ROUND_FLOOR
    value = kr.start_value + span * Decimal(str(round(share, 4)))
    return value.quantize(Decimal(1).scaleb(-places), rounding=rounding)


def _check_in(world: World, kr: KeyResult, kr_story: story.KrStory, frac: float) -> None:
    behind = kr_story.pace < 0.8
    value = _value(world, kr, kr_story.pace, frac, kr_story.places)
    confidence = world.rng.randint(3, 5) if behind else world.rng.randint(6, 9)
    note = world.rng.choice(BEHIND_NOTES if behind else ON_PACE_NOTES)
    by = kr.owner or world.people["admin"]
    record_check_in(key_result=kr, by=by, value=value, confidence=confidence, note=note)


def _weekly_check_ins(
    world: World, timeline: Timeline, start: date, until: datetime, tags: list[story.KrStory]
) -> None:
    """Every Friday at 16:00 before `until` (so on a Friday evening, today's are in too)."""
    for friday in Calendar.fridays(start, until.date() + timedelta(days=1)):
        if world.at(friday, 16) >= until:
            continue
        frac = (friday - start).days / (CYCLE_DAYS - 1)

        def step(frac: float = frac) -> None:
            for kr_story in tags:
                kr = KeyResult.objects.select_related("objective__cycle").get(
                    pk=world.krs[kr_story.tag].pk
                )
                _check_in(world, kr, kr_story, frac)

        timeline.add(world.at(friday, 16), step)


def _previous_cycle(world: World, timeline: Timeline, cal: Calendar) -> None:
    admin = world.people["admin"]
    start = cal.previous_start
    all_krs = [kr for _, _, _, krs in story.PREVIOUS_OBJECTIVES for kr in krs]

    def plan() -> None:
        cycle = create_cycle(
            org=world.org,
            by=admin,
            name=_name(start),
            starts_on=start,
            ends_on=start + timedelta(days=CYCLE_DAYS - 1),
        )
        world.cycles["previous"] = cycle
        for team_key, title, kind, krs in story.PREVIOUS_OBJECTIVES:
            goal = world.goals["focus"] if team_key is None else None
            world.objectives[title] = _objective(
                world, cycle, team_key, title, krs, kind=kind, goal=goal
            )

    def activate() -> None:
        change_cycle_state(cycle=world.cycles["previous"], by=admin, state="active")

    timeline.add(world.at(start - timedelta(days=7), 9), plan)
    timeline.add(world.at(start, 9), activate)
    _weekly_check_ins(world, timeline, start, world.at(cal.current_start, 0), all_krs)
    review_day = cal.current_start - timedelta(days=3)
    timeline.add(world.at(review_day, 16, 30), lambda: _review(world))
    timeline.add(world.at(review_day, 17), lambda: _retros(world))
    timeline.add(
        world.at(cal.current_start, 8, 30),
        lambda: change_cycle_state(cycle=world.cycles["previous"], by=admin, state="closed"),
    )


def _review(world: World) -> None:
    """OKR review: everyone accepts the suggested grades; the CEO grades one key result down."""
    cycle = world.cycles["previous"]
    change_cycle_state(cycle=cycle, by=world.people["admin"], state="review")
    grading.accept_suggested_grades(cycle=cycle, by=world.people["admin"])
    uptime = KeyResult.objects.get(pk=world.krs["uptime"].pk)
    grading.grade_key_result(
        key_result=uptime, by=world.people["owner"], score="0.6", reason=story.OVERRIDE_REASON
    )


def _retros(world: World) -> None:
    """OKR retros of the company and of Growth; Growth's objective is extended into this cycle."""
    cycle = world.cycles["previous"]
    admin, gus = world.people["admin"], world.people["gus"]
    company, _ = open_cycle_retro(cycle=cycle, team=None, by=admin)
    cards = [
        (Column.WENT_WELL, "Page speed work paid off: mobile conversion went up."),
        (Column.TO_IMPROVE, "Key results were checked in late in the first month."),
        (Column.ACTION, "Check in every Friday before the weekly meeting."),
    ]
    for column, body in cards:
        card = add_card(retrospective=company, by=admin, column=column, body=body)
        vote(card=card, by=world.people["owner"])
    fast = Objective.objects.get(pk=world.objectives[story.PREVIOUS_OBJECTIVES[0][1]].pk)
    if fast.progress < 1:
        decide_carry_forward(
            retrospective=company,
            objective=fast,
            decision=Decision.CLOSE,
            by=admin,
            note="Good enough: speed is now part of every team's Definition of Done.",
        )
    growth, _ = open_cycle_retro(cycle=cycle, team=world.teams["GRO"], by=gus)
    nora = world.people["nora"]
    growth_cards = [
        (Column.WENT_WELL, gus, "The cohort report showed who comes back, and why."),
        (
            Column.TO_IMPROVE,
            gus,
            "Returning customers still type their address and card every time.",
        ),
        (Column.TO_IMPROVE, nora, "We set the repeat-order target before we had a baseline."),
    ]
    for column, author, body in growth_cards:
        card = add_card(retrospective=growth, by=author, column=column, body=body)
        vote(card=card, by=nora if author == gus else gus)
    add_card(
        retrospective=growth,
        by=gus,
        column=Column.ACTION,
        body="Measure a baseline in the first week before setting a target.",
        owner=nora,
        due_on=cycle.ends_on + timedelta(days=14),
    )
    returning = Objective.objects.get(pk=world.objectives[story.EXTENDED].pk)
    decide_carry_forward(
        retrospective=growth,
        objective=returning,
        decision=Decision.EXTEND,
        by=gus,
        note="Still our biggest lever; the new checkout makes saved details possible.",
    )
    copy = Objective.objects.get(carried_from=returning)
    copy = update_objective(
        objective=copy, by=gus, parent=world.objectives[story.COMPANY_OBJECTIVE]
    )
    planning.propose_objective(objective=copy, by=gus, note="Carried over, aligned to checkout.")
    planning.approve_objective(objective=copy, by=admin, note="Approved.")
    world.objectives["extended"] = copy
    tags = [kr.tag for kr in story.PREVIOUS_OBJECTIVES[2][3]]
    for tag, kr in zip(
        tags, KeyResult.objects.filter(objective=copy).order_by("position"), strict=True
    ):
        world.krs[tag] = kr


def _current_cycle(world: World, timeline: Timeline, cal: Calendar) -> None:
    admin = world.people["admin"]
    start = cal.current_start

    def plan() -> None:
        cycle = create_cycle(
            org=world.org, by=admin, name=_name(start), starts_on=start, ends_on=cal.current_end
        )
        world.cycles["current"] = cycle
        company = _objective(
            world,
            cycle,
            None,
            story.COMPANY_OBJECTIVE,
            story.COMPANY_KRS,
            kind="committed",
            goal=world.goals["focus"],
        )
        world.objectives[story.COMPANY_OBJECTIVE] = company
        for team_key, (title, krs) in story.TEAM_OBJECTIVES.items():
            world.objectives[title] = _objective(
                world, cycle, team_key, title, krs, parent=company, goal=world.goals["focus"]
            )
        for t in story.TEAMS:
            create_product_goal(
                team=world.teams[t.key], by=world.people[t.product_owner], title=t.product_goal
            )

    timeline.add(world.at(start - timedelta(days=14), 10), plan)
    timeline.add(
        world.at(start, 9),
        lambda: change_cycle_state(cycle=world.cycles["current"], by=admin, state="active"),
    )
    team_krs = [kr for _, krs in story.TEAM_OBJECTIVES.values() for kr in krs]
    carried = [
        story.KrStory(kr.tag, kr.title, kr.kind, kr.unit, None, None, kr.owner, 1.15, kr.places)
        for kr in story.PREVIOUS_OBJECTIVES[2][3]
    ]
    everything = [*story.COMPANY_KRS, *team_krs, *carried]
    _weekly_check_ins(world, timeline, start, now(), everything)


def schedule(world: World, timeline: Timeline, cal: Calendar) -> None:
    """Goals at once; both cycles' events on the timeline."""
    admin = world.people["admin"]
    vision = create_goal(org=world.org, by=admin, kind="vision", title=story.VISION)
    focus = create_goal(org=world.org, by=admin, kind="focus", title=story.FOCUS, parent=vision)
    world.goals = {"vision": vision, "focus": focus}
    _previous_cycle(world, timeline, cal)
    _current_cycle(world, timeline, cal)
