"""HTML forms of the Scrum pages; the services decide what is valid, forms parse the input."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms

from okrum.core.forms import ObjectChoiceField, ObjectMultipleChoiceField
from okrum.okrs.models import KeyResult, Objective
from okrum.scrum import estimates
from okrum.scrum.models import (
    EstimateScale,
    ItemKind,
    ItemStatus,
    ProductGoalStatus,
    Sprint,
)
from okrum.scrum.queries import NONE, OPEN
from okrum.tenancy.models import Membership

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ANY = "any"


def points_text(value: Decimal) -> str:
    """Points as a form sends them: 3, 0.5 (never 3.0)."""
    return format(value.normalize(), "f")


def estimate_choices(scale: str, points: Sequence[Decimal]) -> list[tuple[str, str]]:
    """The team's scale as select options; T-shirt sizes show their size and points."""
    options = [("", "Not estimated")]
    for p in points:
        label = estimates.label(scale, p)
        shown = f"{label} ({points_text(p)} points)" if label != points_text(p) else label
        options.append((points_text(p), shown))
    return options


def member_label(m: Membership) -> str:
    return m.user.name


def grouped_key_results(key_results: Sequence[KeyResult]) -> list[tuple[str, list[Any]]]:
    """Key results as select options under their objective (cycle · owner: objective)."""
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    for kr in key_results:
        o = kr.objective
        if o.pk not in groups:
            owner = o.team.name if o.team else "Company"
            groups[o.pk] = (f"{o.cycle.name} · {owner}: {o.title}", [])
        groups[o.pk][1].append((str(kr.pk), kr.title))
    return list(groups.values())


def _set_key_results(field: forms.Field, key_results: Sequence[KeyResult]) -> None:
    field.set_objects(key_results)  # type: ignore[attr-defined]
    field.choices = grouped_key_results(key_results)  # type: ignore[attr-defined]


def _estimate_field(label: str = "Estimate") -> forms.CharField:
    # A plain field with a select: the service checks the scale and says which values it allows.
    return forms.CharField(label=label, required=False, widget=forms.Select())


class NewItemForm(forms.Form):
    title = forms.CharField(label="New item", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=ItemKind.choices, initial=ItemKind.STORY)
    estimate = _estimate_field()

    def __init__(self, *args: Any, scale: str, points: Sequence[Decimal], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["estimate"].widget.choices = estimate_choices(scale, points)


class ItemForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    acceptance_criteria = forms.CharField(
        label="Acceptance criteria",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How the team and the Product Owner will know it does what it should.",
    )
    kind = forms.ChoiceField(label="Kind", choices=ItemKind.choices)
    status = forms.ChoiceField(label="Status", choices=ItemStatus.choices)
    estimate = _estimate_field()
    assignee = ObjectChoiceField(label="Assignee", blank="— nobody —")
    sprint = ObjectChoiceField(label="Sprint", blank="— none (product backlog) —")
    key_results = ObjectMultipleChoiceField(
        label="Moves the key results",
        help_text="The key results this item is meant to move (hold Ctrl or ⌘ to pick several).",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(
        self,
        *args: Any,
        scale: str,
        points: Sequence[Decimal],
        members: Sequence[Membership],
        sprints: Sequence[Sprint],
        key_results: Sequence[KeyResult],
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["estimate"].widget.choices = estimate_choices(scale, points)
        self.fields["assignee"].set_objects(members, member_label)  # type: ignore[attr-defined]
        self.fields["sprint"].set_objects(sprints, _sprint_label)  # type: ignore[attr-defined]
        _set_key_results(self.fields["key_results"], key_results)


def _sprint_label(sprint: Sprint) -> str:
    return f"{sprint.name} ({sprint.get_state_display().lower()})"


class FilterForm(forms.Form):
    """The backlog's filters (GET)."""

    text = forms.CharField(label="Search", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "Any kind"), *ItemKind.choices], required=False
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[(OPEN, "Open (not done)"), (ANY, "Any status"), *ItemStatus.choices],
        required=False,
    )
    assignee = ObjectChoiceField(label="Assignee", blank="Anyone")
    key_result = forms.ChoiceField(label="Key result", required=False)

    def __init__(
        self,
        *args: Any,
        members: Sequence[Membership],
        key_results: Sequence[KeyResult],
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["text"].widget.attrs["placeholder"] = "Title or key, e.g. CHK-42"
        self.fields["assignee"].set_objects(members, member_label)  # type: ignore[attr-defined]
        self.key_results = {str(kr.pk): kr for kr in key_results}
        self.fields["key_result"].choices = [  # type: ignore[attr-defined]
            ("", "Any key result"),
            (NONE, "No key result"),
            *grouped_key_results(key_results),
        ]

    def statuses(self) -> str | None:
        """The status filter as queries.statuses_of reads it (open unless chosen otherwise)."""
        value = self.cleaned_data.get("status") or OPEN
        return None if value == ANY else value

    def chosen_key_result(self) -> KeyResult | str | None:
        value = self.cleaned_data.get("key_result") or ""
        if value == NONE:
            return NONE
        return self.key_results.get(value)


class ProductGoalForm(forms.Form):
    title = forms.CharField(
        label="Product goal",
        max_length=200,
        help_text="The long-term objective of the product the backlog works towards.",
    )
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    objective = ObjectChoiceField(
        label="Serves the objective", blank="— none —", help_text="Optional: an OKR objective."
    )
    status = forms.ChoiceField(label="Status", choices=ProductGoalStatus.choices)

    def __init__(self, *args: Any, objectives: Sequence[Objective], editing: bool, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["objective"].set_objects(objectives, _objective_label)  # type: ignore[attr-defined]
        if not editing:
            del self.fields["status"]


def _objective_label(objective: Objective) -> str:
    owner = objective.team.name if objective.team else "Company"
    return f"{owner}: {objective.title}"


class SprintForm(forms.Form):
    name = forms.CharField(
        label="Name (optional)", max_length=80, required=False, help_text="Empty: “Sprint N”."
    )
    goal = forms.CharField(
        label="Sprint Goal",
        max_length=300,
        required=False,
        help_text="One sentence: why this sprint is worth doing. Needed to start it.",
    )
    starts_on = forms.DateField(label="Starts on", widget=DATE)
    ends_on = forms.DateField(label="Ends on", widget=DATE, help_text="At most 4 weeks later.")
    capacity = forms.DecimalField(
        label="Capacity in points (optional)",
        required=False,
        help_text="What the team expects to manage; compared with the plan.",
    )
    goal_key_results = ObjectMultipleChoiceField(
        label="Key results the Sprint Goal serves",
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text="Hold Ctrl or ⌘ to pick several.",
    )

    def __init__(self, *args: Any, key_results: Sequence[KeyResult], **kw: Any) -> None:
        super().__init__(*args, **kw)
        _set_key_results(self.fields["goal_key_results"], key_results)


class ItemsForm(forms.Form):
    """Items chosen by checkbox (added to a sprint)."""

    items = ObjectMultipleChoiceField(label="Items", widget=forms.CheckboxSelectMultiple())

    def __init__(self, *args: Any, items: Sequence[Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["items"].set_objects(items)  # type: ignore[attr-defined]


class ItemChoiceForm(forms.Form):
    item = ObjectChoiceField()

    def __init__(self, *args: Any, items: Sequence[Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["item"].set_objects(items)  # type: ignore[attr-defined]


class CloseSprintForm(forms.Form):
    """Where the unfinished items go: one choice for all, and optionally one per item."""

    unfinished_to = forms.ChoiceField(label="Unfinished items go to")

    def __init__(
        self, *args: Any, planned: Sequence[Sprint], unfinished: Sequence[Any], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.planned = {str(s.pk): s for s in planned}
        places = [
            ("backlog", "The product backlog"),
            *((k, s.name) for k, s in self.planned.items()),
        ]
        self.fields["unfinished_to"].choices = places  # type: ignore[attr-defined]
        self.unfinished = list(unfinished)
        if self.planned:
            for item in self.unfinished:
                self.fields[f"move_{item.pk}"] = forms.ChoiceField(
                    label=f"{item.key} {item.title}",
                    choices=[("", "As chosen above"), *places],
                    required=False,
                )

    def _place(self, value: str) -> Sprint | str:
        return self.planned.get(value, "backlog")

    def destination(self) -> Sprint | str:
        return self._place(self.cleaned_data["unfinished_to"])

    def moves(self) -> dict[int, Sprint | str]:
        chosen = {}
        for item in self.unfinished:
            value = self.cleaned_data.get(f"move_{item.pk}")
            if value:
                chosen[item.pk] = self._place(value)
        return chosen

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"move_{item.pk}"] for item in self.unfinished if self.planned]


class MoveForm(forms.Form):
    """Where an item goes in the backlog: between neighbours (ids), or to the top or bottom."""

    before = forms.IntegerField(required=False, min_value=1)
    after = forms.IntegerField(required=False, min_value=1)
    to = forms.ChoiceField(choices=[("", ""), ("top", "top"), ("bottom", "bottom")], required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ItemStatus.choices)


class DefinitionOfDoneForm(forms.Form):
    checklist = forms.CharField(
        label="Criteria, one per line",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One criterion per line. Every item must meet all of them to be done.",
    )

    def lines(self) -> list[str]:
        return str(self.cleaned_data["checklist"]).splitlines()


class EstimateScaleForm(forms.Form):
    scale = forms.ChoiceField(
        label="Estimate with", choices=EstimateScale.choices, widget=forms.RadioSelect()
    )
    custom_points = forms.CharField(
        label="Custom points",
        required=False,
        help_text="For a custom list: the values, separated by commas, e.g. 1, 2, 4, 8.",
    )

    def points(self) -> list[str]:
        raw = self.cleaned_data.get("custom_points") or ""
        return [p.strip() for p in raw.split(",") if p.strip()]
