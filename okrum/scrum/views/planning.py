"""HTML pages of sprint planning."""

from __future__ import annotations
