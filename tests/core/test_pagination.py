"""Keyset pagination: pages follow the order exactly, and only cursors it handed out are taken."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta

import pytest

from okrum.core.errors import Invalid
from okrum.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, clamp_limit, paginate
from okrum.tenancy.models import AuditEvent, Membership, Organization
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.tenancy import add_member, make_org

START = datetime.fromisoformat("2025-01-06T09:00:00+00:00")


def forged(values: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def make_events(org: Organization, minutes: list[int]) -> list[AuditEvent]:
    """One event per entry, at START plus that many minutes (repeats share a timestamp)."""
    return [
        AuditEvent.objects.create(
            organization=org,
            action=f"test.event{n}",
            object_type="Test",
            created_at=START + timedelta(minutes=m),
        )
        for n, m in enumerate(minutes)
    ]


def every_page(rows, *, order: list[str], limit: int) -> list[Page[AuditEvent]]:
    pages = [paginate(rows, order=order, limit=limit, cursor=None)]
    while pages[-1].next_cursor:
        pages.append(paginate(rows, order=order, limit=limit, cursor=pages[-1].next_cursor))
    return pages


@pytest.fixture
def org(db) -> Organization:
    org = make_org(make_user(), name="Acme")
    AuditEvent.objects.for_org(org).delete()  # only the events each test makes
    return org


def test_pages_walk_an_ascending_multi_field_order_without_gaps_or_repeats(org):
    # Ties on created_at make the second field, id, decide where a page ends.
    make_events(org, [3, 1, 1, 2, 1, 3, 2, 1])
    rows = AuditEvent.objects.for_org(org)
    expected = list(rows.order_by("created_at", "id"))

    pages = every_page(rows, order=["created_at", "id"], limit=3)

    assert [len(p.items) for p in pages] == [3, 3, 2]
    assert [e for p in pages for e in p.items] == expected
    assert pages[-1].next_cursor is None


def test_pages_walk_a_descending_multi_field_order_without_gaps_or_repeats(org):
    make_events(org, [0, 5, 5, 5, 2, 2, 7])
    rows = AuditEvent.objects.for_org(org)
    expected = list(rows.order_by("-created_at", "-id"))

    pages = every_page(rows, order=["-created_at", "-id"], limit=2)

    assert [len(p.items) for p in pages] == [2, 2, 2, 1]
    assert [e for p in pages for e in p.items] == expected


def test_pages_walk_a_mixed_direction_order(org):
    make_events(org, [1, 1, 2, 2, 3])
    for event, action in zip(
        AuditEvent.objects.for_org(org).order_by("id"), ["b", "a", "b", "a", "b"], strict=True
    ):
        event.action = action
        event.save(update_fields=["action"])
    rows = AuditEvent.objects.for_org(org)
    expected = list(rows.order_by("action", "-created_at", "id"))

    pages = every_page(rows, order=["action", "-created_at", "id"], limit=2)

    assert [e for p in pages for e in p.items] == expected


def test_a_page_holding_the_last_rows_exactly_has_no_next_cursor(org):
    make_events(org, [1, 2, 3])

    page = paginate(AuditEvent.objects.for_org(org), order=["id"], limit=3, cursor=None)

    assert len(page.items) == 3
    assert page.next_cursor is None


def test_an_empty_list_is_one_empty_page(org):
    page = paginate(AuditEvent.objects.for_org(org), order=["id"], limit=10, cursor=None)

    assert page == Page([], None)


def test_paging_keeps_to_the_queryset_it_was_given(org):
    other = make_org(make_user(), name="Globex")
    make_events(org, [1, 2, 3])
    make_events(other, [1, 2, 3])

    pages = every_page(AuditEvent.objects.for_org(org), order=["created_at", "id"], limit=2)

    assert {e.organization_id for p in pages for e in p.items} == {org.pk}
    assert sum(len(p.items) for p in pages) == 3


def test_a_page_costs_one_query_however_long_the_table(org, django_assert_num_queries):
    make_events(org, list(range(30)))
    first = paginate(AuditEvent.objects.for_org(org), order=["id"], limit=5, cursor=None)

    with django_assert_num_queries(1):
        paginate(AuditEvent.objects.for_org(org), order=["id"], limit=5, cursor=first.next_cursor)


def test_pagination_works_over_other_models_too(org):
    for _ in range(3):
        add_member(org, make_user(), Role.VIEWER)
    rows = Membership.objects.for_org(org)

    pages = every_page(rows, order=["role", "id"], limit=2)

    assert [m for p in pages for m in p.items] == list(rows.order_by("role", "id"))


# --- Limits -----------------------------------------------------------------------------------


def test_no_limit_means_the_default_one():
    assert clamp_limit(None) == DEFAULT_LIMIT


@pytest.mark.parametrize("limit", [1, MAX_LIMIT])
def test_limits_at_the_bounds_are_taken(limit):
    assert clamp_limit(limit) == limit


@pytest.mark.parametrize("limit", [0, -1, MAX_LIMIT + 1])
def test_limits_beyond_the_bounds_are_refused_naming_the_field(limit):
    with pytest.raises(Invalid) as refused:
        clamp_limit(limit)

    assert refused.value.errors == {"limit": f"Choose a limit between 1 and {MAX_LIMIT}."}


def test_paginate_refuses_a_limit_beyond_the_bounds(org):
    with pytest.raises(Invalid):
        paginate(AuditEvent.objects.for_org(org), order=["id"], limit=MAX_LIMIT + 1, cursor=None)


# --- Cursors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cursor",
    [
        pytest.param("not a cursor!", id="not-base64"),
        pytest.param(base64.urlsafe_b64encode(b"\xff\xfe").decode(), id="not-utf8-json"),
        pytest.param(forged({"created_at": "x", "id": 1}), id="not-a-list"),
        pytest.param(forged([1]), id="too-few-values"),
        pytest.param(forged([1, 2, 3]), id="too-many-values"),
        pytest.param(forged(["yesterday", 1]), id="not-a-datetime"),
        pytest.param(forged([START.isoformat(), "one"]), id="not-an-id"),
        pytest.param(forged([START.isoformat(), [1]]), id="a-list-for-an-id"),
    ],
)
def test_a_cursor_it_did_not_hand_out_is_invalid(org, cursor):
    make_events(org, [1, 2])

    with pytest.raises(Invalid) as refused:
        paginate(
            AuditEvent.objects.for_org(org), order=["created_at", "id"], limit=1, cursor=cursor
        )

    assert refused.value.status == 422
    assert list(refused.value.errors) == ["cursor"]


def test_a_cursor_is_opaque_text_safe_in_a_url(org):
    make_events(org, [1, 2])

    page = paginate(
        AuditEvent.objects.for_org(org), order=["created_at", "id"], limit=1, cursor=None
    )

    assert page.next_cursor is not None
    assert set(page.next_cursor) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )
