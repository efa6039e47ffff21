from __future__ import annotations

from django.apps import AppConfig


class ScrumConfig(AppConfig):
    name = "okrum.scrum"
    label = "scrum"
