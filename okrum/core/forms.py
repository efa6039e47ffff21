"""Helpers shared by HTML forms."""

from __future__ import annotations

from django import forms

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
