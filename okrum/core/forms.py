"""Helpers shared by HTML forms."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.db.models import Model

from okrum.core.errors import DomainError


def add_errors(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the form: per field where it names one, else on top."""
    placed = False
    for field, message in exc.errors.items():
        if field in form.fields:
            form.add_error(field, message)
            placed = True
    if not placed:
        form.add_error(None, exc.detail)


class ObjectChoiceField(forms.ChoiceField):
    """A choice among objects the view already loaded; cleans to the object, or None if blank.

    Views hand the rows over (from queries.py) so forms never query the database themselves.
    """

    def __init__(self, *, blank: str | None = None, **kwargs: Any) -> None:
        super().__init__(required=blank is None, **kwargs)
        self.blank = blank
        self.objects: dict[str, Model] = {}

    def set_objects(self, objects: Iterable[Model], label: Callable[[Any], str] = str) -> None:
        self.objects = {str(o.pk): o for o in objects}
        options = [(pk, label(o)) for pk, o in self.objects.items()]
        self.choices = ([("", self.blank)] if self.blank is not None else []) + options

    def prepare_value(self, value: Any) -> Any:
        return getattr(value, "pk", value)

    def clean(self, value: Any) -> Model | None:
        key = super().clean(value)
        return self.objects.get(key) if key else None


class ObjectMultipleChoiceField(forms.MultipleChoiceField):
    """Several of the objects the view loaded; cleans to a list of them."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)
        self.objects: dict[str, Model] = {}

    def set_objects(self, objects: Iterable[Model], label: Callable[[Any], str] = str) -> None:
        self.objects = {str(o.pk): o for o in objects}
        self.choices = [(pk, label(o)) for pk, o in self.objects.items()]

    def prepare_value(self, value: Any) -> Any:
        return [getattr(v, "pk", v) for v in value or []]

    def clean(self, value: Any) -> list[Model]:
        return [self.objects[key] for key in super().clean(value)]
