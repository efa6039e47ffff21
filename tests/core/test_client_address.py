"""Lockouts and throttles count the address uvicorn resolved, never one a client claims."""

from __future__ import annotations

from django.test import Client

from tests.conftest import ApiClient
from tests.factories.accounts import PASSWORD
from tests.web import submit

# What `okrum serve` puts in REMOTE_ADDR for a client that did not come through a trusted proxy.
ADDRESS = "203.0.113.7"


def test_failed_sign_ins_count_against_the_connecting_address_whatever_it_claims(world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client(enforce_csrf_checks=True)
    for n in range(3):
        submit(
            client,
            "/login/",
            {"username": f"nobody{n}@example.com", "password": "wrong"},
            REMOTE_ADDR=ADDRESS,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )

    claimed_anew = submit(
        client,
        "/login/",
        {"username": "alice@example.com", "password": PASSWORD},
        REMOTE_ADDR=ADDRESS,
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )

    assert claimed_anew.status_code == 429


def test_the_signup_throttle_counts_the_connecting_address_whatever_it_claims(db):
    api = ApiClient()

    def sign_up(n: int) -> int:
        payload = {
            "name": f"Person {n}",
            "email": f"person{n}@example.com",
            "password": "a sturdy signup passphrase",
            "organization": f"Org {n}",
        }
        response = api.client.post(
            "/api/v1/signup",
            payload,
            content_type="application/json",
            REMOTE_ADDR=ADDRESS,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
        return int(response.status_code)

    answers = [sign_up(n) for n in range(21)]

    assert answers == [201] * 20 + [429]
