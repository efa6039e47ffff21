"""HTML pages of insights: the alignment."""

from __future__ import annotations
