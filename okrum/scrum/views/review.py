"""HTML pages of the sprint review."""

from __future__ import annotations
