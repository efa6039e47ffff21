"""HTML pages of insights: the forecasts."""

from __future__ import annotations
