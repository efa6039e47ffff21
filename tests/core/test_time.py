"""The clock: `frozen_at` sets `now()` and `today()` for a block and always resets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from okrum.core.time import frozen_at, now, today

MOMENT = datetime(2026, 3, 9, 10, 30, tzinfo=UTC)


def test_now_and_today_follow_the_real_clock_by_default():
    assert abs(now() - timezone.now()) < timedelta(seconds=5)
    assert today() == timezone.localdate()


def test_frozen_at_sets_now_and_today_inside_the_block_and_resets_after():
    with frozen_at(MOMENT):
        assert now() == MOMENT
        assert today() == date(2026, 3, 9)

    assert abs(now() - timezone.now()) < timedelta(seconds=5)


def test_frozen_at_nests_and_restores_the_outer_moment():
    later = MOMENT + timedelta(days=7)
    with frozen_at(MOMENT):
        with frozen_at(later):
            assert now() == later
        assert now() == MOMENT


def test_frozen_at_resets_even_when_the_block_fails():
    with pytest.raises(RuntimeError), frozen_at(MOMENT):
        raise RuntimeError

    assert now() != MOMENT


def test_frozen_at_refuses_a_naive_moment():
    with pytest.raises(ValueError, match="aware"), frozen_at(datetime(2026, 3, 9)):
        pass
