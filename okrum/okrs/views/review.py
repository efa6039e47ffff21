"""HTML pages of the OKR review: grading."""

from __future__ import annotations
