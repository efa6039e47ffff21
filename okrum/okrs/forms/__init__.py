"""HTML forms of the OKR pages; the services decide what is valid, forms parse the input."""

from __future__ import annotations

from typing import Any

from django import forms

from okrum.core.forms import ObjectChoiceField, ObjectMultipleChoiceField
from okrum.okrs.models import (
    KR_KINDS,
    ROLL_UPS,
    Cadence,
    CycleState,
    Goal,
    GoalKind,
    KeyResult,
    Objective,
    ObjectiveKind,
    ObjectiveStatus,
)
from okrum.okrs.services import KeyResultSpec
from okrum.okrs.templatetags.okrs import num
from okrum.teams.models import Team
from okrum.tenancy.models import Membership

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _member_label(m: Membership) -> str:
    return m.user.name


class CycleForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=80, help_text="Usually a quarter, e.g. Q3 2025."
    )
    starts_on = forms.DateField(label="Starts on", widget=DATE)
    ends_on = forms.DateField(label="Ends on", widget=DATE)
    cadence = forms.ChoiceField(
        label="Check-in cadence",
        choices=Cadence.choices,
        initial=Cadence.WEEKLY,
        help_text="How often key-result owners record a new value.",
    )


class CycleEditForm(CycleForm):
    planning_notes = forms.CharField(
        label="Planning notes", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class CycleStateForm(forms.Form):
    state = forms.ChoiceField(choices=CycleState.choices)
    next = forms.CharField(required=False)


class GoalForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind",
        choices=GoalKind.choices,
        help_text="A vision is the long-term direction; a focus is an area to improve now.",
    )
    title = forms.CharField(label="Title", max_length=200)
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    parent = ObjectChoiceField(
        label="Serves the vision (focus only)", blank="— none —", help_text="Optional."
    )

    def __init__(self, *args: Any, visions: list[Goal], editing: bool = False, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["parent"].set_objects(visions)  # type: ignore[attr-defined]
        if editing:  # the kind of a goal is fixed once made
            del self.fields["kind"]


class ObjectiveForm(forms.Form):
    title = forms.CharField(
        label="Objective",
        max_length=200,
        help_text="Qualitative and inspiring: what you want to achieve.",
    )
    description = forms.CharField(
        label="Why it matters (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    team = ObjectChoiceField(label="Team")
    owner = ObjectChoiceField(
        label="Owner", blank="— nobody yet —", help_text="The person who answers for it."
    )
    goal = ObjectChoiceField(
        label="Serves the goal",
        blank="— none —",
        help_text="The vision or focus this moves us towards.",
    )
    parent = ObjectChoiceField(
        label="Contributes to (parent objective)",
        blank="— none: a top-level objective —",
        help_text="Its progress rolls up into the parent's.",
    )
    supports = ObjectMultipleChoiceField(
        label="Also supports",
        help_text="Other teams' objectives this one helps; shown, not rolled up.",
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=ObjectiveKind.choices,
        initial=ObjectiveKind.COMMITTED,
        help_text="Committed: we will do it (1.0 expected). "
        "Aspirational: a stretch (0.7 counts as success).",
    )
    status = forms.ChoiceField(
        label="Status", choices=ObjectiveStatus.choices, initial=ObjectiveStatus.DRAFT
    )
    roll_up = forms.ChoiceField(
        label="Progress comes from", choices=ROLL_UPS, initial="key_results"
    )

    def __init__(
        self,
        *args: Any,
        teams: list[Team],
        company: bool,
        members: list[Membership],
        goals: list[Goal],
        objectives: list[Objective],
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        team: ObjectChoiceField = self.fields["team"]  # type: ignore[assignment]
        team.blank = "None: a company objective" if company else None
        team.required = not company
        team.set_objects(teams)
        self.fields["owner"].set_objects(members, _member_label)  # type: ignore[attr-defined]
        self.fields["goal"].set_objects(goals, _goal_label)  # type: ignore[attr-defined]
        self.fields["parent"].set_objects(objectives, _objective_label)  # type: ignore[attr-defined]
        self.fields["supports"].set_objects(objectives, _objective_label)  # type: ignore[attr-defined]
        if not objectives:
            del self.fields["parent"], self.fields["supports"]

    def objective_fields(self) -> dict[str, Any]:
        """What create_objective/update_objective take (supports are set apart)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "supports"}


def _goal_label(goal: Goal) -> str:
    return f"{goal.get_kind_display()}: {goal.title}"


def _objective_label(objective: Objective) -> str:
    owner = objective.team.name if objective.team else "Company"
    return f"{owner}: {objective.title}"


class KeyResultForm(forms.Form):
    title = forms.CharField(label="Key result", max_length=200)
    kind = forms.ChoiceField(label="Measured as", choices=KR_KINDS, initial="increase_to")
    unit = forms.CharField(label="Unit", max_length=20, required=False)
    start_value = forms.DecimalField(
        label="Start",
        required=False,
        help_text="Empty: the first check-in becomes the start (a baseline).",
    )
    target_value = forms.DecimalField(label="Target", required=False)
    low_value = forms.DecimalField(label="Lowest", required=False)
    high_value = forms.DecimalField(label="Highest", required=False)
    weight = forms.DecimalField(
        label="Weight", initial=1, min_value=0, help_text="Its share in the objective's progress."
    )
    owner = ObjectChoiceField(label="Owner", blank="— nobody yet —")

    def __init__(self, *args: Any, members: list[Membership], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["owner"].set_objects(members, _member_label)  # type: ignore[attr-defined]

    def spec(self) -> KeyResultSpec:
        return KeyResultSpec(**self.cleaned_data)


class KeyResultEditForm(KeyResultForm):
    reason = forms.CharField(
        label="Reason for the change",
        required=False,
        max_length=500,
        help_text="Needed when the cycle is running and the start, target or bounds change.",
    )

    def spec(self) -> KeyResultSpec:
        data = {k: v for k, v in self.cleaned_data.items() if k != "reason"}
        return KeyResultSpec(**data)


def key_result_initial(kr: KeyResult) -> dict[str, Any]:
    """The form's starting values, numbers as people type them (2, not 2.0000)."""
    initial: dict[str, Any] = {"title": kr.title, "kind": kr.kind, "unit": kr.unit}
    for name in ("start_value", "target_value", "low_value", "high_value", "weight"):
        value = getattr(kr, name)
        initial[name] = None if value is None else num(value)
    return {**initial, "owner": kr.owner_id}


KeyResultFormSet = forms.formset_factory(KeyResultForm, extra=1, max_num=12, validate_max=True)


def filled(formset: forms.BaseFormSet[KeyResultForm]) -> list[KeyResultForm]:
    """The rows someone typed into; untouched extra rows are left out."""
    return [f for f in formset.forms if f.has_changed()]


class CheckInForm(forms.Form):
    value = forms.CharField(
        label="New value",
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    confidence = forms.IntegerField(
        label="Confidence (0 to 10)",
        min_value=0,
        max_value=10,
        error_messages={
            "min_value": "Confidence is a whole number from 0 to 10.",
            "max_value": "Confidence is a whole number from 0 to 10.",
            "invalid": "Confidence is a whole number from 0 to 10.",
        },
        help_text="How sure are you that the target will be reached?",
    )
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FilterForm(forms.Form):
    """The OKR page's filters (GET): by team and by objective status."""

    team = ObjectChoiceField(label="Team", blank="All teams")
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *ObjectiveStatus.choices], required=False
    )

    def __init__(self, *args: Any, teams: list[Team], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["team"].set_objects(teams)  # type: ignore[attr-defined]
