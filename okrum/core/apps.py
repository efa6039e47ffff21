from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "okrum.core"
    label = "core"
