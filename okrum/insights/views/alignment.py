"""HTML pages of insights: the alignment report."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from okrum.core.errors import NotFound
from okrum.insights.queries.alignment import alignment_report
from okrum.okrs import queries as okrs
from okrum.tenancy.access import org_of


def _cycle_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("cycle", "")
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise NotFound("No such cycle.")
    return int(raw)


@require_GET
def alignment(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Per team and sprint, how much done work served the cycle's key results."""
    org, _ = org_of(request)
    cycle_id = _cycle_id(request)
    chosen = okrs.cycle(org, cycle_id) if cycle_id is not None else None
    report = alignment_report(org, chosen)
    context = {"report": report, "cycle": report.cycle, "cycles": okrs.cycles(org)}
    return render(request, "insights/alignment.html", context)
