from __future__ import annotations

from django.urls import path

from okrum.insights.views import alignment as alignment_views
from okrum.insights.views import charts as chart_views
from okrum.insights.views import forecasts as forecast_views
from okrum.insights.views import home

app_name = "insights"

ORG = "o/<slug:org_slug>/"

urlpatterns: list[object] = [
    path(ORG, home.home, name="home"),
    # --- Dashboard ---
    # --- Charts ---
    path(
        ORG + "insights/key-results/<int:key_result_id>/chart/",
        chart_views.key_result_chart,
        name="key_result_chart",
    ),
    path(
        ORG + "insights/sprints/<int:sprint_id>/burn/", chart_views.sprint_burn, name="sprint_burn"
    ),
    path(
        ORG + "insights/teams/<int:team_id>/velocity/",
        chart_views.team_velocity,
        name="team_velocity",
    ),
    path(
        ORG + "insights/cycles/<int:cycle_id>/review-chart/",
        chart_views.review_charts,
        name="review_charts",
    ),
    # --- Alignment ---
    path(ORG + "insights/alignment/", alignment_views.alignment, name="alignment"),
    # --- Forecasts ---
    path(
        ORG + "insights/key-results/<int:key_result_id>/",
        forecast_views.key_result_insights,
        name="key_result_insights",
    ),
    path(
        ORG + "insights/sprints/<int:sprint_id>/forecasts/",
        forecast_views.sprint_forecasts,
        name="sprint_forecasts",
    ),
]
