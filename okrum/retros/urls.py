from __future__ import annotations

from django.urls import path  # noqa: F401 (the routes come with the pages)

from okrum.retros import views  # noqa: F401

app_name = "retros"

ORG = "o/<slug:org_slug>/"

urlpatterns: list[object] = []
