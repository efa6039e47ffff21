"""The glossary: the words of OKRs and Scrum as Okrum uses them, and where each one lives."""

# Screens are written as menu paths joined by a right-pointing angle quote, as in the guide.
# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    id: str  # the page's anchor, e.g. /glossary/#sprint-goal; never change a published one
    name: str
    text: str
    where: str  # the screen, as the menus name it
    guide: str = ""  # the section of the user guide that shows it in use


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    terms: tuple[Term, ...]


DIRECTION = Section(
    id="okr-words",
    title="Steering: OKR words",
    terms=(
        Term(
            "okr",
            "OKR",
            "Objectives and Key Results: a way to steer in which you say what you want to achieve "
            "(the objective) and how you will know you achieved it (the key results).",
            "OKRs in the menu",
            "getting-started",
        ),
        Term(
            "vision",
            "Vision",
            "The long-term direction of the whole organization, stated in one sentence. It stays "
            "the same over many cycles and heads every OKR page.",
            "OKRs › Goals",
            "step-1-reorient-the-team",
        ),
        Term(
            "focus",
            "Focus",
            "An area the organization concentrates on for now on the way to its vision, such as "
            "improving the checkout. An objective may name the focus it serves.",
            "OKRs › Goals",
            "step-1-reorient-the-team",
        ),
        Term(
            "cycle",
            "Cycle",
            "The period an organization sets objectives for, usually a quarter. It moves from "
            "planning to active to review to closed; a closed cycle can be read but not changed.",
            "OKRs › Cycles",
            "okr-planning",
        ),
        Term(
            "objective",
            "Objective",
            "What the organization or a team wants to achieve in a cycle, in words that inspire. "
            "It belongs to the company or to one team and is measured by its key results.",
            "OKRs, and each objective's own page",
            "okr-planning",
        ),
        Term(
            "committed-objective",
            "Committed objective",
            "An objective the owner promises to reach in full: anything short of a grade of 1.0 "
            "misses it.",
            "The objective's form (Kind) and the OKR review",
            "okr-review",
        ),
        Term(
            "aspirational-objective",
            "Aspirational objective",
            "A deliberately ambitious objective: reaching 0.7 already counts as success, and "
            "falling short of 1.0 is expected.",
            "The objective's form (Kind) and the OKR review",
            "okr-review",
        ),
        Term(
            "objective-status",
            "Draft, proposed, published",
            "The path of an objective through OKR planning: a draft is being written, a proposed "
            "one waits for approval, a published one is what the teams deliver on.",
            "A cycle's OKR planning",
            "okr-planning",
        ),
        Term(
            "key-result",
            "Key result",
            "A measurable result that shows how far an objective is reached: a number with a "
            "start, a target and an owner. It measures an outcome, not a task.",
            "The objective's page, and each key result's own page",
            "okr-planning",
        ),
        Term(
            "key-result-kinds",
            "Kinds of key result",
            "Increase to and decrease to move a number from its start to its target; stay above, "
            "stay below and stay within count the share of check-ins on the right side of a "
            "bound; a milestone is done or not.",
            "The key result's form (Kind)",
            "okr-planning",
        ),
        Term(
            "weight",
            "Weight",
            "How much a key result counts in its objective's progress and score. A weight of 0 "
            "keeps a key result in view without counting it.",
            "The key result's form",
        ),
        Term(
            "progress",
            "Progress",
            "How far a key result has come from its start towards its target, from 0 to 100 %. "
            "An objective's progress is the weighted average of its key results'.",
            "Progress bars on OKRs, the dashboard and every key result",
            "okr-check-ins",
        ),
        Term(
            "expected-pace",
            "Expected pace",
            "How far through the cycle today is: half-way through a quarter the expected progress "
            "is 50 %. Every status compares progress with it.",
            "The dashboard and each key result's chart (dashed line)",
            "dashboard",
        ),
        Term(
            "status",
            "Status",
            "On track (at most 10 points behind the expected pace), at risk (at most 25 behind), "
            "off track (further behind) or achieved (100 %). Always shown as a word, never only as "
            "a colour.",
            "OKRs, the dashboard and each key result",
            "dashboard",
        ),
        Term(
            "check-in",
            "Check-in",
            "A key result's value at a moment, with a confidence and a short note. Every check-in "
            "updates the progress and status of the key result and of its objectives.",
            "A cycle's Check-in session, My check-ins, and each key result's page",
            "okr-check-ins",
        ),
        Term(
            "cadence",
            "Cadence",
            "How often a cycle expects check-ins: every week, every two weeks or once per sprint.",
            "OKRs › Cycles › Edit cycle",
            "okr-check-ins",
        ),
        Term(
            "confidence",
            "Confidence",
            "How sure the owner is, from 0 to 10, that the key result will reach its target by the "
            "end of the cycle. A falling confidence is an early warning.",
            "Every check-in; the OKR review charts it by week",
            "okr-check-ins",
        ),
        Term(
            "stale",
            "Stale",
            "A key result with no check-in within the cycle's cadence. It is flagged wherever it "
            "appears, and its owner gets a reminder.",
            "The check-in session, My check-ins and the dashboard",
            "okr-check-ins",
        ),
        Term(
            "grade",
            "Grade",
            "The score a key result gets at the OKR review, from 0.0 to 1.0, suggested from its "
            "progress; changing the suggestion needs a reason. An objective's score is the "
            "weighted average of its key results' grades.",
            "A cycle's OKR review",
            "okr-review",
        ),
        Term(
            "bar",
            "Bar",
            "The score an objective needs to count as met: 1.0 for a committed objective, 0.7 for "
            "an aspirational one.",
            "A cycle's OKR review",
            "okr-review",
        ),
        Term(
            "alignment",
            "Alignment",
            "How the work connects to the direction: a team objective may roll up into a company "
            "objective (its parent) or support another team's; backlog items and sprint goals "
            "name the key results they serve.",
            "The objective's page, and Home › Alignment report",
            "alignment-report",
        ),
        Term(
            "carry-forward",
            "Carry-forward",
            "The decision, at the OKR retrospective, about each objective not achieved: close it, "
            "drop it, or extend it into the next cycle as a draft copy whose key results start "
            "where these ended.",
            "A cycle's OKR retrospective",
            "okr-retrospective",
        ),
    ),
)

DELIVERY = Section(
    id="scrum-words",
    title="Delivering: Scrum words",
    terms=(
        Term(
            "scrum",
            "Scrum",
            "A way for a small team to deliver in short, fixed periods called sprints, inspecting "
            "the result and adapting the plan at every step.",
            "Scrum in the menu",
            "getting-started",
        ),
        Term(
            "product-goal",
            "Product goal",
            "The team's longer-term objective for its product; a team pursues one at a time. It "
            "heads the backlog and may point at the OKR objective it serves.",
            "Scrum › a team › Backlog",
            "step-2-set-objectives-before-sprint-planning",
        ),
        Term(
            "product-backlog",
            "Product backlog",
            "The team's ordered list of everything that might go into the product: the item at "
            "the top is done first. The Product Owner keeps it in order.",
            "Scrum › a team › Backlog",
            "step-3-read-key-results-and-backlog-together",
        ),
        Term(
            "backlog-item",
            "Backlog item",
            "One piece of work in the backlog (a story, bug, task or spike) with a key such as "
            "CHK-42, a status, an estimate and the key results it is meant to move.",
            "Scrum › a team › Backlog, and each item's page",
            "step-3-read-key-results-and-backlog-together",
        ),
        Term(
            "estimate",
            "Estimate",
            "The team's guess of an item's size in points, on the team's scale (Fibonacci, "
            "T-shirt sizes or its own list). Points add up to capacity, velocity and forecasts.",
            "Each item's page; the scale under Backlog settings",
            "sprint-planning",
        ),
        Term(
            "sprint",
            "Sprint",
            "A fixed period of at most four weeks in which the team turns backlog items into a "
            "done increment. It is planned, then active, then closed.",
            "Scrum › a team › Sprints",
            "sprint-planning",
        ),
        Term(
            "sprint-goal",
            "Sprint goal",
            "The one sentence that says why the sprint is worth doing. In Okrum it names the key "
            "results it serves, so every sprint pushes the OKRs forward.",
            "Sprint planning, the sprint board and every sprint event",
            "sprint-planning",
        ),
        Term(
            "goal-key-results",
            "Goal key results",
            "The key results a sprint goal serves. Their values are stored when the sprint starts, "
            "so the sprint review can show how far they moved.",
            "Sprint planning (under the Sprint Goal) and the sprint review",
            "step-4-measure-key-results-at-the-sprint-review",
        ),
        Term(
            "capacity",
            "Capacity",
            "How much the team can take on in a sprint, from the days each member is available.",
            "Sprint planning › Capacity and forecast",
            "sprint-planning",
        ),
        Term(
            "velocity",
            "Velocity",
            "The points a team finished in a sprint. The last sprints' velocity shows what the "
            "team can usually do.",
            "Scrum › a team › Sprints (velocity chart)",
            "charts",
        ),
        Term(
            "forecast",
            "Forecast",
            "An estimate of what is likely, drawn from the past: at sprint planning, the points "
            "the team will probably finish; for a key result, where its trend leads and the "
            "chance its linked work is done by the cycle's end.",
            "Sprint planning and each key result's page",
            "forecasts",
        ),
        Term(
            "burndown",
            "Burndown",
            "A chart of the points still to do in the sprint, day by day, against an even pace "
            "down to zero.",
            "The sprint's Daily scrum and the sprint page",
            "daily-scrum",
        ),
        Term(
            "burnup",
            "Burnup",
            "A chart of the points done rising towards the sprint's scope; a change of scope shows "
            "as a step in the scope line.",
            "The sprint page",
            "charts",
        ),
        Term(
            "increment",
            "Increment",
            "The work done in a sprint that meets the Definition of Done: what the team shows at "
            "the sprint review.",
            "The sprint review",
            "sprint-review",
        ),
        Term(
            "definition-of-done",
            "Definition of Done",
            "The team's checklist every item must meet before it counts as done. It is versioned, "
            "so you can see how it changed.",
            "Scrum › a team › Backlog settings, and beside the sprint board",
            "sprint-retrospective",
        ),
        Term(
            "sprint-board",
            "Sprint board",
            "The active sprint's items in columns by status, with the Sprint Goal and its key "
            "results on top.",
            "Scrum › a team › Sprint board",
            "daily-scrum",
        ),
        Term(
            "impediment",
            "Impediment",
            "Anything that blocks the team. It is raised at the daily scrum and stays listed, "
            "across sprints, until someone resolves it.",
            "The sprint's Daily scrum",
            "daily-scrum",
        ),
        Term(
            "scope-change",
            "Scope change",
            "An item added to or removed from a sprint after it started, or estimated again. "
            "The sprint page lists them and the burndown and burnup show them.",
            "The sprint page",
            "charts",
        ),
    ),
)

EVENTS = Section(
    id="events",
    title="The eight events",
    terms=(
        Term(
            "okr-planning",
            "OKR planning",
            "Before a cycle starts, leaders and teams draft objectives and key results, propose "
            "them, and approve and publish the ones they commit to.",
            "A cycle's OKR planning",
            "okr-planning",
        ),
        Term(
            "okr-check-in",
            "OKR check-in",
            "The regular moment, on the cycle's cadence, when a team gives every key result its "
            "current value, confidence and note, all on one screen.",
            "A cycle's Check-in session",
            "okr-check-ins",
        ),
        Term(
            "okr-review",
            "OKR review",
            "At the end of a cycle every key result is graded and each objective scored, to see "
            "whether the organization came closer to its vision.",
            "A cycle's OKR review",
            "okr-review",
        ),
        Term(
            "okr-retrospective",
            "OKR retrospective",
            "A look back at how the cycle's objectives were set and pursued, with actions and a "
            "carry-forward decision for every objective not achieved.",
            "A cycle's OKR retrospective",
            "okr-retrospective",
        ),
        Term(
            "sprint-planning",
            "Sprint planning",
            "The team agrees on a sprint goal that serves its key results and pulls in the backlog "
            "items that reach it, within its capacity.",
            "The sprint's Sprint planning",
            "sprint-planning",
        ),
        Term(
            "daily-scrum",
            "Daily scrum",
            "A 15-minute event each working day in which the developers check their progress "
            "towards the sprint goal and adapt their plan for the next day.",
            "The sprint's Daily scrum",
            "daily-scrum",
        ),
        Term(
            "sprint-review",
            "Sprint review",
            "At the end of a sprint the team and its stakeholders inspect the increment, see how "
            "far the goal key results moved, and adapt the backlog.",
            "The sprint's Sprint review",
            "sprint-review",
        ),
        Term(
            "sprint-retrospective",
            "Sprint retrospective",
            "The team looks at how it worked during the sprint and agrees on a few improvements; "
            "an action can become a backlog item.",
            "The sprint's Sprint retrospective",
            "sprint-retrospective",
        ),
        Term(
            "retrospective",
            "Retrospective board",
            "The board both retrospectives share: cards under went well, to improve and actions, "
            "one vote per person per card, and actions with an owner and a due date.",
            "The OKR and sprint retrospectives",
            "sprint-retrospective",
        ),
    ),
)

INSIGHTS = Section(
    id="insight-words",
    title="Seeing outcome beside output",
    terms=(
        Term(
            "outcome-and-output",
            "Outcome and output",
            "Output is the work delivered (backlog items done); outcome is the change it brings "
            "(key results moving). Okrum shows them side by side.",
            "Home (the dashboard) and each key result's page",
            "insights",
        ),
        Term(
            "dashboard",
            "Dashboard",
            "The organization's home while a cycle runs: the vision, every objective with its "
            "progress and status, the key results most behind, check-ins owed and each team's "
            "sprint.",
            "Home",
            "dashboard",
        ),
        Term(
            "alignment-report",
            "Alignment report",
            "Shows how much of each team's finished work served a key result, which sprint goals "
            "serve none, and which key results have no work behind them.",
            "Home › Alignment report, or a cycle's event links",
            "alignment-report",
        ),
        Term(
            "trend",
            "Trend",
            "A straight line through a key result's check-ins, carried on to the cycle's end, to "
            "show where the key result is heading.",
            "Each key result's page",
            "forecasts",
        ),
    ),
)

PEOPLE = Section(
    id="people",
    title="People: roles and accountabilities",
    terms=(
        Term(
            "organization",
            "Organization",
            "A company or group using Okrum: its own members, teams and OKRs, kept apart from "
            "every other organization.",
            "The organization menu at the top left",
            "getting-started",
        ),
        Term(
            "team",
            "Team",
            "A Scrum team inside the organization, with its own objectives, backlog and sprints.",
            "Teams",
            "roles",
        ),
        Term(
            "role",
            "Role",
            "What a person may do in the organization: owner, admin, member or viewer.",
            "Members",
            "roles",
        ),
        Term(
            "owner",
            "Owner",
            "May do everything, including making other owners. An organization always keeps at "
            "least one.",
            "Members",
            "roles",
        ),
        Term(
            "admin",
            "Admin",
            "Manages members, teams, goals, cycles and company objectives, and may do what a "
            "member does in every team.",
            "Members",
            "roles",
        ),
        Term(
            "member",
            "Member",
            "Works in the teams they belong to: writes objectives, checks in, keeps the backlog "
            "and runs the sprint events.",
            "Members",
            "roles",
        ),
        Term(
            "viewer",
            "Viewer",
            "Reads everything and changes nothing: the role for stakeholders who follow along.",
            "Members",
            "roles",
        ),
        Term(
            "accountability",
            "Accountability",
            "What a person answers for inside a Scrum team: Product Owner, Scrum Master or "
            "developer (a stakeholder follows the team without one).",
            "Teams › a team",
            "roles",
        ),
        Term(
            "product-owner",
            "Product Owner",
            "Answers for the value of the product: keeps the backlog in order, sets the product "
            "goal and approves the team's objectives.",
            "Teams › a team",
            "roles",
        ),
        Term(
            "scrum-master",
            "Scrum Master",
            "Answers for the team's use of Scrum: helps the events happen and gets impediments "
            "out of the way.",
            "Teams › a team",
            "roles",
        ),
        Term(
            "developer",
            "Developer",
            "Does the work of the sprint: plans it, posts to the daily scrum and checks in on the "
            "key results they own.",
            "Teams › a team",
            "roles",
        ),
        Term(
            "stakeholder",
            "Stakeholder",
            "Someone outside the team with an interest in its product, invited above all to the "
            "sprint review to give feedback.",
            "Teams › a team, and the sprint review",
            "roles",
        ),
    ),
)

SECTIONS = (DIRECTION, DELIVERY, EVENTS, INSIGHTS, PEOPLE)
