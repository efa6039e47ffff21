"""Security headers on every response, and cookies that scripts and other sites cannot use."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.factories.accounts import PASSWORD
from tests.web import submit


def csp(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    policy: dict[str, list[str]] = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


@pytest.fixture(
    params=[
        pytest.param(("page", "/o/acme/", 200), id="page"),
        pytest.param(("page", "/login/", 302), id="redirect"),
        pytest.param(("anonymous", "/login/", 200), id="signed-out-page"),
        pytest.param(("page", "/o/globex/", 404), id="not-found-page"),
        pytest.param(("api", "/api/v1/orgs/acme", 200), id="api"),
        pytest.param(("api", "/api/v1/orgs/globex", 404), id="api-error"),
    ]
)
def response(request, world, web_as, api_as):
    kind, path, status = request.param
    if kind == "anonymous":
        answer = Client().get(path)
    elif kind == "page":
        answer = web_as(world.alice).get(path)
    else:
        answer = api_as(world.alice_membership).get(path)
    assert answer.status_code == status  # the headers of the response meant, not of a detour
    return answer


def test_scripts_come_only_from_the_site_itself(response):
    script_src = csp(response)["script-src"]

    assert script_src == ["'self'"]
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src


def test_no_other_site_may_frame_or_post_to_a_page(response):
    policy = csp(response)

    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_browsers_may_not_sniff_types_or_leak_the_referrer(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_session_cookie_is_http_only_and_same_site(world):
    client = Client(enforce_csrf_checks=True)

    response = submit(client, "/login/", {"username": "alice@example.com", "password": PASSWORD})

    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_csrf_cookie_is_http_only_and_same_site(db):
    response = Client().get("/login/")

    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_pages_send_the_csrf_token_in_the_page_not_through_the_cookie(world, web_as):
    # htmx takes the token from the page, which is why the cookie can stay out of scripts' reach.
    page = web_as(world.alice).get("/o/acme/").content.decode()

    assert '<body hx-headers=\'{"X-CSRFToken": "' in page
