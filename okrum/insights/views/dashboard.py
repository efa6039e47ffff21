"""HTML pages of insights: the dashboard."""

from __future__ import annotations
