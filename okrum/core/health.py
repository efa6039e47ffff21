"""`/healthz`: a cheap answer for load balancers that proves this process reaches the database."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse

PATH = "/healthz"

log = logging.getLogger(__name__)


class HealthCheckMiddleware:
    """Answers /healthz before any other middleware: no Host check, HTTPS redirect or session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != PATH:
            return self.get_response(request)
        if request.method not in {"GET", "HEAD"}:
            return _plain("method not allowed\n", 405, Allow="GET, HEAD")
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            log.exception("Health check: the database did not answer")
            return _plain("database unavailable\n", 503)
        return _plain("ok\n", 200)


def _plain(text: str, status: int, **headers: str) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Content-Length"] = str(len(response.content))
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    for name, value in headers.items():
        response[name] = value
    return response
