"""HTML pages of insights: the charts."""

from __future__ import annotations
