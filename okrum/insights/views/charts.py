"""HTML fragments of insights: the charts, which the key result, sprint, sprints and OKR review
pages load with htmx (those apps never import insights)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from okrum.insights import series
from okrum.insights.queries import charts as queries
from okrum.tenancy.access import org_of


def _context(answer: dict[str, Any], source: str) -> dict[str, Any]:
    """The answer for json_script, and each chart with its index and table rows."""
    charts = [
        {"index": i, "chart": chart, "rows": series.table(chart)}
        for i, chart in enumerate(answer["charts"])
    ]
    return {"answer": answer, "source": source, "charts": charts}


@require_GET
def key_result_chart(request: HttpRequest, org_slug: str, key_result_id: int) -> HttpResponse:
    org, _ = org_of(request)
    found = queries.key_result_chart(org, key_result_id)
    context = _context(found.answer(), f"kr-chart-{key_result_id}")
    context["kr"] = found.key_result
    context["bands"] = found.chart.bands
    return render(request, "insights/chart_key_result.html", context)


@require_GET
def sprint_burn(request: HttpRequest, org_slug: str, sprint_id: int) -> HttpResponse:
    org, _ = org_of(request)
    found = queries.sprint_burn(org, sprint_id)
    context = _context(found.answer(), f"burn-chart-{sprint_id}")
    context["sprint"] = found.sprint
    context["started"] = found.started
    return render(request, "insights/chart_burn.html", context)


@require_GET
def team_velocity(request: HttpRequest, org_slug: str, team_id: int) -> HttpResponse:
    org, _ = org_of(request)
    found = queries.velocity(org, team_id)
    context = _context(found.answer(), f"velocity-chart-{team_id}")
    context["team"] = found.team
    return render(request, "insights/chart_velocity.html", context)


@require_GET
def review_charts(request: HttpRequest, org_slug: str, cycle_id: int) -> HttpResponse:
    org, _ = org_of(request)
    found = queries.review_charts(org, cycle_id)
    context = _context(found.answer(), f"review-chart-{cycle_id}")
    context["cycle"] = found.cycle
    return render(request, "insights/chart_review.html", context)
