from __future__ import annotations

from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "okrum.help"
    label = "help"
