"""HTML pages of insights: the organization's home with the onboarding guide."""

from __future__ import annotations
