"""HTML pages of retrospectives."""

from __future__ import annotations
