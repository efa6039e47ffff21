"""HTML pages of OKR planning."""

from __future__ import annotations
