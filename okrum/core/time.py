"""The clock, in one place, so tests and services agree on what "now" means."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from django.utils import timezone

_frozen = threading.local()


def now() -> datetime:
    moment: datetime | None = getattr(_frozen, "moment", None)
    return moment if moment is not None else timezone.now()


def today() -> date:
    return timezone.localdate(now())


@contextmanager
def frozen_at(moment: datetime) -> Iterator[datetime]:
    """Make `now()` and `today()` answer `moment` inside the block (this thread only).

    The demo builder uses it to write past events at their own times; blocks may nest.
    """
    if timezone.is_naive(moment):
        raise ValueError("frozen_at needs an aware datetime.")
    previous: datetime | None = getattr(_frozen, "moment", None)
    _frozen.moment = moment
    try:
        yield moment
    finally:
        _frozen.moment = previous
