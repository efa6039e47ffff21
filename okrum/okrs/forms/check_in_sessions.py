"""The check-in session's form: one row per key result, parsed here, judged by the service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from okrum.core.errors import DomainError
from okrum.okrs.models import KeyResult
from okrum.okrs.queries.check_in_sessions import Row
from okrum.okrs.templatetags.okrs import num

CONFIDENCE = "Confidence is a whole number from 0 to 10."


class CheckInRowForm(forms.Form):
    """One key result's value, confidence and note; an empty value skips the row."""

    value = forms.CharField(label="Value", required=False, max_length=40)
    confidence = forms.IntegerField(
        label="Confidence (0 to 10)",
        required=False,
        min_value=0,
        max_value=10,
        error_messages={"min_value": CONFIDENCE, "max_value": CONFIDENCE, "invalid": CONFIDENCE},
    )
    note = forms.CharField(label="Note", required=False, max_length=2000)

    def __init__(self, data: Any = None, *, row: Row) -> None:
        kr = row.key_result
        initial = {
            "value": num(kr.current_value) if kr.current_value is not None else "",
            "confidence": kr.confidence,
            "note": row.latest_note,
        }
        super().__init__(data, prefix=f"kr{kr.pk}", initial=initial)
        self.row = row

    @property
    def key_result(self) -> KeyResult:
        return self.row.key_result

    @property
    def filled(self) -> bool:
        return bool(self.is_bound and self.cleaned_data.get("value", "").strip())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        value = (data.get("value") or "").strip()
        if value and data.get("confidence") is None and "confidence" not in self.errors:
            self.add_error("confidence", CONFIDENCE)
        return data


@dataclass
class Entry:
    """A row of the page: the key result, and its form when the member may check in on it."""

    row: Row
    form: CheckInRowForm | None

    @property
    def key_result(self) -> KeyResult:
        return self.row.key_result


class CheckInSessionForm:
    """The rows the member may check in on; the others are shown, not submitted."""

    def __init__(self, rows: list[Row], data: Any = None) -> None:
        self.entries = [
            Entry(row, CheckInRowForm(data, row=row) if row.may_check_in else None) for row in rows
        ]
        self.forms = [e.form for e in self.entries if e.form is not None]
        self.detail = ""

    def is_valid(self) -> bool:
        # Every row is validated, not only up to the first bad one: each shows its messages.
        results = [f.is_valid() for f in self.forms]
        valid = all(results)
        if not valid:
            bad = [f.key_result.title for f in self.forms if f.errors]
            self.detail = "Nothing was saved. Fix " + ", ".join(f"“{t}”" for t in bad) + "."
        elif not self.filled():
            self.detail = "Nothing was saved: enter a value for at least one key result."
            return False
        return valid

    def filled(self) -> list[CheckInRowForm]:
        return [f for f in self.forms if f.filled]

    def place(self, exc: DomainError, filled: list[CheckInRowForm]) -> None:
        """A refusal naming `rows.<i>.<field>` goes on that row's field; the detail on top."""
        for name, message in exc.errors.items():
            parts = name.split(".")
            if len(parts) == 3 and parts[0] == "rows" and parts[1].isdigit():
                form = filled[int(parts[1])]
                form.add_error(parts[2] if parts[2] in form.fields else None, message)
        bad = [f"“{f.key_result.title}”" for f in self.forms if f.errors]
        self.detail = f"Nothing was saved. Fix {', '.join(bad)}." if bad else exc.detail
