"""The OKR retro's carry-forward decision on one unfinished objective."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from okrum.core.errors import DomainError
from okrum.core.forms import add_errors
from okrum.retros import forms, queries, services
from okrum.retros.views.board import BoardPage, _back, _board_page
from okrum.tenancy.access import org_of


@require_POST
def decide(request: HttpRequest, org_slug: str, retrospective_id: int) -> HttpResponse:
    """The OKR retro's carry-forward decision on one unfinished objective."""
    org, membership = org_of(request)
    found = queries.retrospective(org, retrospective_id)
    form = forms.DecisionForm(request.POST)
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                objective = queries.objective_in_org(org, data["objective"])
                row = services.decide_carry_forward(
                    retrospective=found,
                    objective=objective,
                    decision=data["decision"],
                    by=membership,
                    note=data["note"],
                )
        except DomainError as exc:
            add_errors(form, exc)
            status = exc.status
        else:
            said = row.get_decision_display().lower()
            messages.success(request, f"“{objective.title}”: {said}.")
            return _back(found, "carry-forward")
    page = BoardPage(status=status, decision_form=form)
    return _board_page(request, found, page)
