"""Resolves /o/<org_slug>/… to the signed-in user's membership, or answers 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from okrum.core.errors import DomainError, NotFound
from okrum.tenancy import access
from okrum.tenancy.scoping import membership_by_slug


class OrgMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: list[Any],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        slug = view_kwargs.get("org_slug")
        if slug is None or request.path.startswith("/api/"):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = membership_by_slug(request.user.pk, slug)
        if membership is None:
            raise Http404("No such organization.")
        request.membership = membership  # type: ignore[attr-defined]
        request.org = membership.organization  # type: ignore[attr-defined]
        policy = getattr(view_func, "okrum_policy", access.DEFAULT_POLICY)
        try:
            access.check(membership, method=request.method or "GET", policy=policy)
        except DomainError as exc:
            return render_error(request, exc)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A domain refusal that escaped a view is a page with its message, never a 500."""
        if request.path.startswith("/api/") or not isinstance(exception, DomainError):
            return None
        if isinstance(exception, NotFound):
            raise Http404(exception.detail)
        return render_error(request, exception)


def render_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(request, "error.html", {"detail": exc.detail}, status=exc.status)
