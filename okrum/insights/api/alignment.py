"""JSON handlers of insights: the alignment report."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from okrum.accounts.auth import api_auth, principal
from okrum.core.schemas import Id
from okrum.insights.queries.alignment import alignment_report
from okrum.insights.schemas.alignment import AlignmentOut, alignment_out
from okrum.okrs import queries as okrs

router = Router(tags=["insights"], auth=api_auth())


@router.get("/orgs/{org_slug}/insights/alignment", response=AlignmentOut)
def alignment(request: HttpRequest, org_slug: str, cycle: Id | None = None) -> dict[str, Any]:
    """How much done work served the cycle's key results, and what is out of line."""
    org = principal(request).org
    chosen = okrs.cycle(org, cycle) if cycle is not None else None
    return alignment_out(alignment_report(org, chosen))
