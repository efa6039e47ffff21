"""JSON handlers of insights: the onboarding guide's progress (dashboards come later)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from okrum.accounts.auth import api_auth, principal
from okrum.insights.queries import onboarding as queries
from okrum.insights.queries.onboarding import Guide
from okrum.insights.schemas.onboarding import OnboardingOut

router = Router(tags=["insights"], auth=api_auth())


@router.get("/orgs/{org_slug}/onboarding", response=OnboardingOut)
def onboarding(request: HttpRequest, org_slug: str) -> Guide:
    """The six steps of the onboarding guide, each ticked from the organization's data."""
    return queries.onboarding(principal(request).org)
