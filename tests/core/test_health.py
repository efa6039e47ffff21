"""`/healthz` answers a load balancer with one database query, before any other middleware."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client

from okrum.core import health


def test_it_answers_ok_after_asking_the_database(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response


def test_a_probe_by_address_over_plain_http_is_answered(db, settings):
    settings.ALLOWED_HOSTS = ["okrum.example.com"]
    settings.SECURE_SSL_REDIRECT = True

    probe = Client().get("/healthz", HTTP_HOST="10.0.0.5:8000")
    page = Client().get("/login/", HTTP_HOST="10.0.0.5:8000")

    assert probe.status_code == 200
    assert page.status_code == 400  # the rest of the site still wants its own name


def test_it_answers_503_when_the_database_does_not(db, monkeypatch):
    class Unreachable:
        def cursor(self) -> None:
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())

    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_reading_is_allowed(db, method):
    response = getattr(Client(), method)("/healthz")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_other_paths_go_on_to_the_site(db):
    assert Client().get("/healthz/more").status_code == 404
