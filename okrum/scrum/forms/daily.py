"""HTML forms of the daily scrum: my entry of the day, and resolving an impediment."""

from __future__ import annotations

from django import forms

from okrum.scrum.services.daily import ENTRY_LIMIT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntryForm(forms.Form):
    day = forms.DateField(widget=forms.HiddenInput)
    done = forms.CharField(
        label="Done since the last daily scrum",
        required=False,
        max_length=ENTRY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    plan = forms.CharField(
        label="Plan until the next one",
        required=False,
        max_length=ENTRY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    impediments = forms.CharField(
        label="Impediments, one per line",
        required=False,
        help_text="Each line is tracked as an open impediment of the team until it is resolved.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def lines(self) -> list[str]:
        """The impediment lines, blank ones left out."""
        text: str = self.cleaned_data.get("impediments") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label="How was it resolved?",
        max_length=ENTRY_LIMIT,
        widget=forms.TextInput(attrs={"placeholder": "e.g. Ops restarted the server"}),
    )


class DayForm(forms.Form):
    """The day a daily scrum page shows (?day=YYYY-MM-DD)."""

    day = forms.DateField(required=False, widget=DATE)
