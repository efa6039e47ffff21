"""HTML forms of the team pages."""

from __future__ import annotations

from typing import Any

from django import forms

from okrum.core.forms import ObjectChoiceField
from okrum.teams.models import Accountability
from okrum.tenancy.models import Membership


class TeamForm(forms.Form):
    name = forms.CharField(label="Team name", max_length=80)
    key = forms.CharField(
        label="Key",
        max_length=10,
        help_text="2 to 10 capital letters or digits, e.g. CHK: it prefixes the team's backlog "
        "items (CHK-42).",
    )
    description = forms.CharField(
        label="What the team does (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SeatForm(forms.Form):
    """Seat a member of the organization in a team."""

    membership = ObjectChoiceField(label="Member")
    accountability = forms.ChoiceField(
        label="Accountability", choices=Accountability.choices, initial=Accountability.DEVELOPER
    )

    def __init__(self, *args: Any, candidates: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: ObjectChoiceField = self.fields["membership"]  # type: ignore[assignment]
        field.set_objects(candidates, label=lambda m: f"{m.user.name} ({m.user.email})")


class AccountabilityForm(forms.Form):
    accountability = forms.ChoiceField(label="Accountability", choices=Accountability.choices)
