"""The demo's Scrum history: backlogs, four closed sprints and an active one per team."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

from okrum.demo import scrum_story, story
from okrum.retros.models import Column
from okrum.retros.services.backlog_items import turn_into_backlog_item
from okrum.retros.services.boards import open_sprint_retro
from okrum.retros.services.cards import add_card
from okrum.retros.services.votes import vote
from okrum.scrum.models import BacklogItem, Sprint
from okrum.scrum.services.daily import record_entry
from okrum.scrum.services.items import ItemSpec, create_items, update_item
from okrum.scrum.services.review import open_review, update_review
from okrum.scrum.services.sprints import assign_items, close_sprint, create_sprint, start_sprint

if TYPE_CHECKING:
    from okrum.demo.builder import Timeline, World
    from okrum.demo.okr_history import Calendar
    from okrum.tenancy.models import Membership

SPRINT_DAYS = 14
WORKING_DAYS = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11]  # offsets from the sprint's Monday
VELOCITY = {"CHK": 20, "PAY": 16, "GRO": 14}
ACTIVE_IMPEDIMENT = "Waiting for the payment provider's sandbox keys for one-click orders"


@dataclass
class SprintPlan:
    team_key: str
    index: int  # 0-based
    starts_on: date
    goal: str
    goal_tags: tuple[str, ...]
    last: bool
    sprint: Sprint | None = None
    items: list[BacklogItem] | None = None

    @property
    def ends_on(self) -> date:
        return self.starts_on + timedelta(days=11)


def _seat(team_key: str) -> story.TeamStory:
    return next(t for t in story.TEAMS if t.key == team_key)


def _backlog(world: World, team_key: str) -> None:
    team = world.teams[team_key]
    seat = _seat(team_key)
    specs = [
        ItemSpec(
            title=item.title,
            kind=item.kind,
            estimate=item.estimate,
            status="ready" if item.estimate is not None else "new",
            key_results=[world.krs[tag] for tag in item.krs],
            description=f"Serves: {', '.join(world.krs[t].title for t in item.krs)}."
            if item.krs
            else "",
        )
        for item in scrum_story.BACKLOG[team_key]
    ]
    create_items(team=team, by=world.people[seat.product_owner], specs=specs)


def _next_items(world: World, team_key: str) -> list[BacklogItem]:
    """The top of the backlog until the team's usual velocity is reached."""
    candidates = (
        BacklogItem.objects.filter(team=world.teams[team_key], sprint__isnull=True)
        .exclude(status__in=["done", "wont_do"])
        .exclude(estimate__isnull=True)
        .order_by("rank")
    )
    chosen: list[BacklogItem] = []
    points = Decimal(0)
    for item in candidates:
        if points >= VELOCITY[team_key]:
            break
        chosen.append(item)
        points += item.estimate or 0
    return chosen


def _plan_sprint(world: World, plan: SprintPlan) -> None:
    seat = _seat(plan.team_key)
    sm = world.people[seat.scrum_master]
    team = world.teams[plan.team_key]
    sprint = create_sprint(
        team=team,
        by=sm,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        goal=plan.goal,
        capacity=Decimal(VELOCITY[plan.team_key]),
        goal_key_results=[world.krs[tag] for tag in plan.goal_tags],
    )
    items = _next_items(world, plan.team_key)
    assign_items(sprint=sprint, items=items, by=sm, team=team)
    plan.sprint = start_sprint(sprint=sprint, by=sm)
    plan.items = [BacklogItem.objects.get(pk=i.pk) for i in items]


def _developers(world: World, team_key: str) -> list[Membership]:
    return [world.people[key] for key in _seat(team_key).developers]


def _work_day(world: World, plan: SprintPlan, offset: int) -> None:
    """A daily scrum, then progress: items start and finish across the sprint."""
    assert plan.sprint is not None
    assert plan.items is not None
    items = plan.items
    devs = _developers(world, plan.team_key)
    # All but the last item are done by the sprint's last day; one is carried back.
    finishing = items[:-1] if len(items) > 1 else items
    done_on = {
        item.pk: WORKING_DAYS[min(9, 2 + (i * 8) // max(1, len(finishing)))]
        for i, item in enumerate(finishing)
    }
    day = plan.starts_on + timedelta(days=offset)
    for n, dev in enumerate(devs):
        mine = [item for k, item in enumerate(items) if k % len(devs) == n] or items[:1]
        current = next((i for i in mine if done_on.get(i.pk, 99) >= offset), mine[-1])
        finished = [i.title for i in mine if done_on.get(i.pk) == offset - 1]
        impediments = []
        if plan.last and n == 0 and offset == WORKING_DAYS[1]:
            impediments = [ACTIVE_IMPEDIMENT]
        record_entry(
            sprint=plan.sprint,
            by=dev,
            day=day,
            done=f"Finished “{finished[0]}”." if finished else f"Worked on “{current.title}”.",
            plan=f"Continue with “{current.title}”.",
            impediments=impediments,
        )
    for k, item in enumerate(items):
        dev = devs[k % len(devs)]
        if offset == WORKING_DAYS[1] and item.status != "in_progress":
            items[k] = item = update_item(item=item, by=dev, status="in_progress", assignee=dev)
        if done_on.get(item.pk) == offset:
            items[k] = update_item(item=item, by=dev, status="done")


def _review(world: World, plan: SprintPlan) -> None:
    assert plan.sprint is not None
    po = world.people[_seat(plan.team_key).product_owner]
    review, _ = open_review(sprint=plan.sprint, by=po)
    feedback = scrum_story.REVIEW_FEEDBACK[plan.index % len(scrum_story.REVIEW_FEEDBACK)]
    update_review(review=review, by=po, feedback=feedback, notes="Demo of the increment.")


def _retro(world: World, plan: SprintPlan) -> None:
    assert plan.sprint is not None
    seat = _seat(plan.team_key)
    sm = world.people[seat.scrum_master]
    retro, _ = open_sprint_retro(sprint=plan.sprint, by=sm)
    went_well, to_improve, action = scrum_story.RETRO_CARDS[
        plan.index % len(scrum_story.RETRO_CARDS)
    ]
    voters = [world.people[k] for k in (seat.product_owner, *seat.developers)]
    for column, bodies in ((Column.WENT_WELL, went_well), (Column.TO_IMPROVE, to_improve)):
        for n, body in enumerate(bodies):
            card = add_card(
                retrospective=retro, by=voters[n % len(voters)], column=column, body=body
            )
            for voter in voters[: 1 + (n + plan.index) % len(voters)]:
                vote(card=card, by=voter)
    card = add_card(
        retrospective=retro,
        by=sm,
        column=Column.ACTION,
        body=action,
        owner=world.people[seat.developers[0]],
        due_on=plan.ends_on + timedelta(days=14),
    )
    vote(card=card, by=sm)
    if plan.index == 1:
        turn_into_backlog_item(card=card, by=sm)


def _close(world: World, plan: SprintPlan) -> None:
    assert plan.sprint is not None
    sm = world.people[_seat(plan.team_key).scrum_master]
    close_sprint(sprint=Sprint.objects.get(pk=plan.sprint.pk), by=sm)


def _schedule_sprint(world: World, timeline: Timeline, plan: SprintPlan, today: date) -> None:
    timeline.add(world.at(plan.starts_on, 10), lambda: _plan_sprint(world, plan))
    for offset in WORKING_DAYS[1:]:
        day = plan.starts_on + timedelta(days=offset)
        if day < today:
            timeline.add(world.at(day, 9, 15), partial(_work_day, world, plan, offset))
    if plan.last:
        return
    timeline.add(world.at(plan.ends_on, 14), lambda: _review(world, plan))
    timeline.add(world.at(plan.ends_on, 15, 30), lambda: _retro(world, plan))
    timeline.add(world.at(plan.ends_on, 17), lambda: _close(world, plan))


def schedule(world: World, timeline: Timeline, cal: Calendar) -> None:
    """Backlogs before the first sprint; each team's sprints every two weeks until today."""
    first = cal.current_start - timedelta(days=7)
    backlog_day = {"CHK": first - timedelta(days=3), "PAY": first - timedelta(days=3)}
    # Growth's key results come from last quarter's retro, so its backlog follows it.
    backlog_day["GRO"] = cal.current_start - timedelta(days=3)
    for team_key, goals in scrum_story.SPRINT_GOALS.items():
        hour = 17 if team_key == "GRO" else 11
        timeline.add(world.at(backlog_day[team_key], hour, 30), partial(_backlog, world, team_key))
        start = first if team_key != "GRO" else cal.current_start + timedelta(days=7)
        count = (cal.active_sprint_start - start).days // SPRINT_DAYS + 1
        for index in range(count):
            goal, tags = goals[index % len(goals)]
            plan = SprintPlan(
                team_key,
                index,
                start + timedelta(days=SPRINT_DAYS * index),
                goal,
                tags,
                last=index == count - 1,
            )
            _schedule_sprint(world, timeline, plan, cal.today)
