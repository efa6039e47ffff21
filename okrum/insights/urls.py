from __future__ import annotations

from django.urls import path

from okrum.insights import views

app_name = "insights"

ORG = "o/<slug:org_slug>/"

urlpatterns: list[object] = [
    path(ORG, views.home, name="home"),
]
