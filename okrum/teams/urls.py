from __future__ import annotations

from django.urls import path

from okrum.teams import views

app_name = "teams"

urlpatterns = [
    path("o/<slug:org_slug>/teams/", views.teams, name="teams"),
    path("o/<slug:org_slug>/teams/<int:team_id>/", views.team, name="team"),
    path("o/<slug:org_slug>/teams/<int:team_id>/edit/", views.edit_team, name="edit_team"),
    path(
        "o/<slug:org_slug>/team-members/<int:seat_id>/accountability/",
        views.change_accountability,
        name="change_accountability",
    ),
    path(
        "o/<slug:org_slug>/team-members/<int:seat_id>/remove/",
        views.remove_seat,
        name="remove_seat",
    ),
]
