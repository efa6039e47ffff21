"""The REST API at /api/v1: routers of every app, and the error shape of DESIGN §8."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.errors import Throttled as NinjaThrottled

from okrum.accounts.api import router as accounts_router
from okrum.accounts.api import tokens as tokens_router
from okrum.core.errors import DomainError
from okrum.insights.api import alignment as insights_alignment
from okrum.insights.api import charts as insights_charts
from okrum.insights.api import dashboard as insights_dashboard
from okrum.insights.api import forecasts as insights_forecasts
from okrum.insights.api import onboarding as insights_onboarding
from okrum.okrs.api import check_in_sessions as okr_check_in_sessions
from okrum.okrs.api import planning as okr_planning
from okrum.okrs.api import review as okr_review
from okrum.okrs.api import router as okrs_router
from okrum.retros.api import router as retros_router
from okrum.scrum.api import daily as scrum_daily
from okrum.scrum.api import items as scrum_items
from okrum.scrum.api import planning as scrum_planning
from okrum.scrum.api import product_goals as scrum_product_goals
from okrum.scrum.api import review as scrum_review
from okrum.scrum.api import sprints as scrum_sprints
from okrum.scrum.api import team_settings as scrum_team_settings
from okrum.teams.api import router as teams_router
from okrum.tenancy.api import router as tenancy_router

api = NinjaAPI(
    title="Okrum API",
    version="1",
    description="Objectives, key results and Scrum in one place. See the README for auth.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _error(
    request: HttpRequest, status: int, detail: str, errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


def _field(loc: Any) -> str:
    """`["body", "payload", "email"]` → `email`: the name the client sent."""
    parts = [str(p) for p in loc]
    while parts and parts[0] in {"body", "query", "path", "header", "cookie", "payload"}:
        parts.pop(0)
    return ".".join(parts) or "body"


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    errors = [{"field": f, "message": m} for f, m in exc.errors.items()]
    return _error(request, exc.status, exc.detail, errors)


@api.exception_handler(ValidationError)
def on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"field": _field(e.get("loc", ())), "message": str(e.get("msg"))} for e in exc.errors]
    first = errors[0] if errors else {"field": "body", "message": "invalid"}
    return _error(request, 422, f"Invalid {first['field']}: {first['message']}", errors)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "Sign in, or send an API token as 'Authorization: Bearer <token>'.")


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, str(exc) or "Not found.")


@api.exception_handler(NinjaThrottled)
def on_throttled(request: HttpRequest, exc: NinjaThrottled) -> HttpResponse:
    return _error(request, 429, "Too many requests; wait a minute and try again.")


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    return _error(request, 413, f"The request body is larger than {limit} MB; send it in parts.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


# Handlers return only the body: each operation declares one status (`response={201: ...}`)
# and Ninja answers with it; the (status, body) tuple is deprecated since Ninja 1.6.
api.add_router("", accounts_router)
api.add_router("", tenancy_router)
api.add_router("", tokens_router)
api.add_router("", teams_router)
api.add_router("", okrs_router)
api.add_router("", scrum_items.router)
api.add_router("", scrum_sprints.router)
api.add_router("", scrum_product_goals.router)
api.add_router("", scrum_team_settings.router)
api.add_router("", okr_planning.router)
api.add_router("", okr_check_in_sessions.router)
api.add_router("", okr_review.router)
api.add_router("", scrum_planning.router)
api.add_router("", scrum_daily.router)
api.add_router("", scrum_review.router)
api.add_router("", retros_router)
api.add_router("", insights_onboarding.router)
api.add_router("", insights_dashboard.router)
api.add_router("", insights_charts.router)
api.add_router("", insights_alignment.router)
api.add_router("", insights_forecasts.router)
