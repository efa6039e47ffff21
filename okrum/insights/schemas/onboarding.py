"""JSON shapes of the insights API."""

from __future__ import annotations

from ninja import Schema


class OnboardingStepOut(Schema):
    key: str
    title: str
    done: bool
    why: str
    url: str


class OnboardingOut(Schema):
    steps: list[OnboardingStepOut]
    done: int
    total: int
