from __future__ import annotations

from django.apps import AppConfig


class RetrosConfig(AppConfig):
    name = "okrum.retros"
    label = "retros"
