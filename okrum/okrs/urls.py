from __future__ import annotations

from django.urls import path

from okrum.okrs.views import check_in_sessions as check_in_views
from okrum.okrs.views import cycles, goals, key_results, objectives, okr_page
from okrum.okrs.views import planning as planning_views
from okrum.okrs.views import review as review_views

app_name = "okrs"

ORG = "o/<slug:org_slug>/"

urlpatterns = [
    path(ORG + "okrs/", okr_page.okrs, name="okrs"),
    path(ORG + "goals/", goals.goals, name="goals"),
    path(ORG + "goals/<int:goal_id>/edit/", goals.edit_goal, name="edit_goal"),
    path(ORG + "cycles/", cycles.cycles, name="cycles"),
    path(ORG + "cycles/<int:cycle_id>/", okr_page.cycle_okrs, name="cycle"),
    path(ORG + "cycles/<int:cycle_id>/edit/", cycles.edit_cycle, name="edit_cycle"),
    path(
        ORG + "cycles/<int:cycle_id>/state/", cycles.change_cycle_state, name="change_cycle_state"
    ),
    path(
        ORG + "cycles/<int:cycle_id>/objectives/new/",
        objectives.new_objective,
        name="new_objective",
    ),
    path(ORG + "teams/<int:team_id>/objectives/", okr_page.team_objectives, name="team_objectives"),
    path(ORG + "objectives/<int:objective_id>/", objectives.objective, name="objective"),
    path(
        ORG + "objectives/<int:objective_id>/edit/",
        objectives.edit_objective,
        name="edit_objective",
    ),
    path(
        ORG + "objectives/<int:objective_id>/key-results/new/",
        key_results.new_key_result,
        name="new_key_result",
    ),
    path(ORG + "key-results/<int:key_result_id>/", key_results.key_result, name="key_result"),
    path(
        ORG + "key-results/<int:key_result_id>/edit/",
        key_results.edit_key_result,
        name="edit_key_result",
    ),
    path(
        ORG + "key-results/<int:key_result_id>/delete/",
        key_results.delete_key_result,
        name="delete_key_result",
    ),
    path(ORG + "key-results/<int:key_result_id>/check-ins/", key_results.check_in, name="check_in"),
    # --- OKR planning ---
    path(ORG + "cycles/<int:cycle_id>/planning/", planning_views.planning, name="planning"),
    path(
        ORG + "cycles/<int:cycle_id>/planning/notes/",
        planning_views.planning_notes,
        name="planning_notes",
    ),
    path(
        ORG + "objectives/<int:objective_id>/planning/comments/",
        planning_views.comment_on_objective,
        name="planning_comment",
    ),
    path(
        ORG + "objectives/<int:objective_id>/planning/propose/",
        planning_views.propose_objective,
        name="planning_propose",
    ),
    path(
        ORG + "objectives/<int:objective_id>/planning/approve/",
        planning_views.approve_objective,
        name="planning_approve",
    ),
    path(
        ORG + "objectives/<int:objective_id>/planning/send-back/",
        planning_views.send_back_objective,
        name="planning_send_back",
    ),
    # --- Check-in sessions ---
    path(
        ORG + "cycles/<int:cycle_id>/check-ins/",
        check_in_views.check_in_session,
        name="check_in_session",
    ),
    path(ORG + "check-ins/owed/", check_in_views.owed, name="owed"),
    # --- OKR review ---
    path(ORG + "cycles/<int:cycle_id>/review/", review_views.review, name="review"),
    path(
        ORG + "cycles/<int:cycle_id>/review/accept-suggestions/",
        review_views.accept_suggested_grades,
        name="accept_suggested_grades",
    ),
    path(
        ORG + "key-results/<int:key_result_id>/grade/",
        review_views.grade_key_result,
        name="grade_key_result",
    ),
]
