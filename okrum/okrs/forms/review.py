"""The grade form of the OKR review: a score in tenths and, when it differs, a reason."""

from __future__ import annotations

from decimal import Decimal

from django import forms

SCORES = [f"{tenth / 10:.1f}" for tenth in range(11)]


class GradeForm(forms.Form):
    score = forms.TypedChoiceField(
        label="Grade",
        choices=[(s, s) for s in SCORES],
        coerce=Decimal,
        error_messages={"invalid_choice": "Choose a grade from 0.0 to 1.0."},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=2000,
        help_text="Needed when the grade differs from the suggested one.",
    )
