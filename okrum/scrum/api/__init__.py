"""JSON handlers of Scrum, one router per topic; okrum/api.py registers each."""

from __future__ import annotations
