"""HTML pages of insights: the forecasts and outcome against output of key results."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from okrum.core.htmx import is_htmx
from okrum.insights.queries import forecasts as queries
from okrum.insights.queries.outcome import outcome_of
from okrum.okrs import queries as okrs
from okrum.scrum import queries as scrum
from okrum.tenancy.access import org_of, roles


@roles()
@require_GET
def key_result_insights(request: HttpRequest, org_slug: str, key_result_id: int) -> HttpResponse:
    """Trend and delivery forecasts and outcome against output: a fragment, or a page if opened."""
    org, _ = org_of(request)
    kr = okrs.key_result(org, key_result_id)
    context = {
        "kr": kr,
        "cycle": kr.objective.cycle,
        "forecast": queries.forecasts_for(org, [kr])[kr.id],
        "outcome": outcome_of(org, kr),
    }
    if is_htmx(request):
        return render(request, "insights/_key_result_insights.html", context)
    return render(request, "insights/key_result_insights.html", context)


@roles()
@require_GET
def sprint_forecasts(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    """The forecasts of the key results sprint planning shows: a fragment, or a page if opened."""
    org, _ = org_of(request)
    sprint = scrum.sprint(org, sprint_id)
    key_results = queries.planning_key_results(org, sprint)
    answers = queries.forecasts_for(org, key_results)
    context = {
        "sprint": sprint,
        "lines": [(kr, answers[kr.id]) for kr in key_results if kr.id in answers],
    }
    if is_htmx(request):
        return render(request, "insights/_sprint_forecasts.html", context)
    return render(request, "insights/sprint_forecasts.html", context)
