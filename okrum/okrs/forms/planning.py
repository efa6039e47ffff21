"""HTML forms of OKR planning: a comment, a note with propose/approve, a reason, the notes."""

from __future__ import annotations

from django import forms

LIMIT = 4000


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Add a comment",
        max_length=LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Write the comment first."},
    )


class NoteForm(forms.Form):
    """The optional note that goes with proposing or approving."""

    note = forms.CharField(label="Note (optional)", max_length=LIMIT, required=False)


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label="Why send it back?",
        max_length=LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Say what should change before it can be approved.",
        error_messages={"required": "Say why it goes back: the team needs to know what to change."},
    )


class PlanningNotesForm(forms.Form):
    notes = forms.CharField(
        label="Notes everyone plans by",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Themes, dates and agreements for this cycle's planning.",
    )
