"""HTML forms of the retro board; the services decide what is valid, forms parse the input."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from okrum.core.forms import ObjectChoiceField
from okrum.retros.models import Column, Decision
from okrum.tenancy.models import Membership

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _member_label(m: Membership) -> str:
    return m.user.name


class CardForm(forms.Form):
    """A new card in one column; an action may name its owner and due date."""

    column = forms.ChoiceField(choices=Column.choices, widget=forms.HiddenInput)
    body = forms.CharField(
        label="Card",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Write something on the card."},
    )
    owner = ObjectChoiceField(label="Owner", blank="Nobody yet")
    due_on = forms.DateField(label="Due", required=False, widget=DATE)

    def __init__(self, *args: Any, members: Sequence[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].set_objects(members, _member_label)  # type: ignore[attr-defined]


class CardEditForm(CardForm):
    """A card changed: its text, its column, and an action's owner, due date and done mark."""

    column = forms.ChoiceField(label="Column", choices=Column.choices)
    done = forms.BooleanField(label="Done", required=False)


class VoteForm(forms.Form):
    """`vote` 1 adds my vote (again: no change), 0 takes it back."""

    vote = forms.TypedChoiceField(choices=[("1", "vote"), ("0", "unvote")], coerce=int)


class DecisionForm(forms.Form):
    objective = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision = forms.ChoiceField(
        label="Decision",
        choices=Decision.choices,
        error_messages={"required": "Choose close, drop or extend."},
    )
    note = forms.CharField(label="Note", max_length=2000, required=False)


class OpenForm(forms.Form):
    """Which OKR retro of the cycle to open: a team's id, or blank for the company's."""

    team = forms.IntegerField(required=False, min_value=1)
