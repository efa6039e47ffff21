"""Forms of the sprint planning page: the Sprint Goal with its key results, and capacity."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms

from okrum.core.forms import ObjectMultipleChoiceField
from okrum.okrs.models import KeyResult
from okrum.scrum.forms import grouped_key_results
from okrum.scrum.queries.planning import MemberCapacity
from okrum.tenancy.models import Membership


class PlanningGoalForm(forms.Form):
    goal = forms.CharField(
        label="Sprint Goal",
        max_length=300,
        required=False,
        help_text="One sentence: why this sprint is worth doing. Needed to start it.",
    )
    goal_key_results = ObjectMultipleChoiceField(
        label="Key results the Sprint Goal serves",
        widget=forms.CheckboxSelectMultiple(),
        help_text="Not every key result needs work in every sprint: tick the ones this one moves.",
    )

    def __init__(self, *args: Any, key_results: Sequence[KeyResult], **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["goal_key_results"]
        field.set_objects(key_results)  # type: ignore[attr-defined]
        field.choices = grouped_key_results(key_results)  # type: ignore[attr-defined]


def _field_name(membership_id: int) -> str:
    return f"days_{membership_id}"


class CapacityForm(forms.Form):
    """One "available days" input per member of the team."""

    def __init__(
        self, *args: Any, members: Sequence[MemberCapacity], working_days: int, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.rows: list[tuple[MemberCapacity, str]] = []
        for member in members:
            name = _field_name(member.seat.membership_id)
            days = member.available_days
            self.fields[name] = forms.DecimalField(
                label=f"Available days of {member.seat.membership.user.name}",
                min_value=Decimal(0),
                max_value=Decimal(working_days),
                decimal_places=1,
                initial=format(
                    (days if days is not None else Decimal(working_days)).normalize(), "f"
                ),
                widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
            )
            self.rows.append((member, name))

    def bound_rows(self) -> list[tuple[MemberCapacity, forms.BoundField]]:
        return [(member, self[name]) for member, name in self.rows]

    def days(self) -> dict[Membership, Decimal]:
        """Each member's days as the service takes them (after is_valid)."""
        return {
            member.seat.membership: self.cleaned_data[name]
            for member, name in self.rows
            if self.cleaned_data.get(name) is not None
        }

    def place(self, errors: dict[str, str]) -> None:
        """Put the service's `days.<membership id>` errors on the matching inputs."""
        for key, message in errors.items():
            name = _field_name(int(key.split(".", 1)[1])) if key.startswith("days.") else None
            if name in self.fields:
                self.add_error(name, message)
            else:
                self.add_error(None, message)
