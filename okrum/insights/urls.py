from __future__ import annotations

from django.urls import path

from okrum.insights.views import home

app_name = "insights"

ORG = "o/<slug:org_slug>/"

urlpatterns: list[object] = [
    path(ORG, home.home, name="home"),
    # --- Dashboard ---
    # --- Charts ---
    # --- Alignment ---
    # --- Forecasts ---
]
