from __future__ import annotations

from django.urls import path

from okrum.okrs import views

app_name = "okrs"

ORG = "o/<slug:org_slug>/"

urlpatterns = [
    path(ORG + "okrs/", views.okrs, name="okrs"),
    path(ORG + "goals/", views.goals, name="goals"),
    path(ORG + "goals/<int:goal_id>/edit/", views.edit_goal, name="edit_goal"),
    path(ORG + "cycles/", views.cycles, name="cycles"),
    path(ORG + "cycles/<int:cycle_id>/", views.cycle_okrs, name="cycle"),
    path(ORG + "cycles/<int:cycle_id>/edit/", views.edit_cycle, name="edit_cycle"),
    path(ORG + "cycles/<int:cycle_id>/state/", views.change_cycle_state, name="change_cycle_state"),
    path(ORG + "cycles/<int:cycle_id>/objectives/new/", views.new_objective, name="new_objective"),
    path(ORG + "teams/<int:team_id>/objectives/", views.team_objectives, name="team_objectives"),
    path(ORG + "objectives/<int:objective_id>/", views.objective, name="objective"),
    path(ORG + "objectives/<int:objective_id>/edit/", views.edit_objective, name="edit_objective"),
    path(
        ORG + "objectives/<int:objective_id>/key-results/new/",
        views.new_key_result,
        name="new_key_result",
    ),
    path(ORG + "key-results/<int:key_result_id>/", views.key_result, name="key_result"),
    path(
        ORG + "key-results/<int:key_result_id>/edit/", views.edit_key_result, name="edit_key_result"
    ),
    path(
        ORG + "key-results/<int:key_result_id>/delete/",
        views.delete_key_result,
        name="delete_key_result",
    ),
    path(ORG + "key-results/<int:key_result_id>/check-ins/", views.check_in, name="check_in"),
    # --- OKR planning ---
    # --- Check-in sessions ---
    # --- OKR review ---
]
