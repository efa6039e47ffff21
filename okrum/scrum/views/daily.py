"""HTML pages of the daily scrum."""

from __future__ import annotations
