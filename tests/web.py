"""Driving HTML pages from tests the way a browser does: forms carry their CSRF token."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client


def csrf_token(client: Client) -> str:
    """The token a page's form would carry; the first page a browser opens sets it."""
    if settings.CSRF_COOKIE_NAME not in client.cookies:
        client.get("/password-reset/")  # a form page for anyone, signed in or not
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def submit(client: Client, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """POST a form to `path` with the CSRF token, as the browser would after showing it."""
    fields = {"csrfmiddlewaretoken": csrf_token(client), **(data or {})}
    return client.post(path, fields, **kwargs)


def text(response: Any) -> str:
    return response.content.decode()
