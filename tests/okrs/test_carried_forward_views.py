"""The objective page says which objective an extension carries forward, both ways."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrum.core.time import today
from okrum.okrs.models import CycleState
from okrum.okrs.services.carry_forward import extend_objective
from tests.factories.okrs import make_cycle, make_objective
from tests.web import text


def words(response) -> str:
    """The page as a reader sees it: no tags, one space between words."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


def _extended(world):
    start = today() - timedelta(days=100)
    earlier = make_cycle(world.acme, state=CycleState.REVIEW, starts_on=start, name="Q1")
    later = make_cycle(
        world.acme, state=CycleState.PLANNING, starts_on=start + timedelta(days=95), name="Q2"
    )
    original = make_objective(earlier, title="Make checkout effortless")
    copy = extend_objective(objective=original, into=later, by=world.alice_membership)
    return original, copy


def test_the_extension_names_the_objective_it_carries_forward(world, web_as):
    _, copy = _extended(world)

    page = words(web_as(world.bob).get(f"/o/acme/objectives/{copy.pk}/"))

    assert "Extends Make checkout effortless of Q1" in page


def test_the_original_names_its_extension_in_the_next_cycle(world, web_as):
    original, _ = _extended(world)

    page = words(web_as(world.bob).get(f"/o/acme/objectives/{original.pk}/"))

    assert "Extended into Make checkout effortless of Q2" in page


def test_the_links_cost_no_query_per_extension(world, web_as):
    original, _ = _extended(world)
    client = web_as(world.bob)
    client.get(f"/o/acme/objectives/{original.pk}/")  # warm the session and caches

    with CaptureQueriesContext(connection) as one:
        client.get(f"/o/acme/objectives/{original.pk}/")
    later = make_cycle(
        world.acme,
        state=CycleState.PLANNING,
        starts_on=today() + timedelta(days=200),
        name="Q3",
    )
    extend_objective(objective=original, into=later, by=world.alice_membership)
    with CaptureQueriesContext(connection) as two:
        page = words(client.get(f"/o/acme/objectives/{original.pk}/"))

    assert "of Q3" in page
    assert len(two.captured_queries) == len(one.captured_queries)
