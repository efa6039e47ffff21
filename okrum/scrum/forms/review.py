"""HTML forms of the sprint review: the stakeholders' feedback and the team's notes."""

from __future__ import annotations

from django import forms

from okrum.scrum.services.review import MAX_TEXT


class ReviewForm(forms.Form):
    feedback = forms.CharField(
        label="Stakeholder feedback",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the stakeholders said about the increment and the key results.",
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Decisions, ideas for the next sprint, anything to remember.",
    )
