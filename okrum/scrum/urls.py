from __future__ import annotations

from django.urls import path

from okrum.scrum.views import backlog, board, home, items, product_goals, sprints, team_settings
from okrum.scrum.views import daily as daily_views
from okrum.scrum.views import planning as planning_views
from okrum.scrum.views import review as review_views

app_name = "scrum"

ORG = "o/<slug:org_slug>/"
TEAM = ORG + "teams/<int:team_id>/"
SPRINT = ORG + "sprints/<int:sprint_id>/"

urlpatterns = [
    path(ORG + "scrum/", home.scrum_home, name="home"),
    path(TEAM + "backlog/", backlog.backlog, name="backlog"),
    path(TEAM + "backlog/items/", backlog.new_item, name="new_item"),
    path(TEAM + "backlog/settings/", team_settings.backlog_settings, name="settings"),
    path(TEAM + "definition-of-done/", team_settings.definition_of_done, name="definition_of_done"),
    path(TEAM + "estimate-scale/", team_settings.estimate_scale, name="estimate_scale"),
    path(TEAM + "product-goals/", product_goals.new_product_goal, name="new_product_goal"),
    path(TEAM + "sprints/", sprints.sprints, name="sprints"),
    path(TEAM + "board/", board.board, name="board"),
    path(ORG + "items/<int:item_id>/", items.item, name="item"),
    path(ORG + "items/<int:item_id>/move/", backlog.move_item, name="move_item"),
    path(ORG + "items/<int:item_id>/status/", items.item_status, name="item_status"),
    path(
        ORG + "product-goals/<int:product_goal_id>/",
        product_goals.product_goal,
        name="product_goal",
    ),
    path(
        ORG + "product-goals/<int:product_goal_id>/status/",
        product_goals.product_goal_status,
        name="product_goal_status",
    ),
    path(SPRINT, sprints.sprint, name="sprint"),
    path(SPRINT + "items/", sprints.add_to_sprint, name="add_to_sprint"),
    path(SPRINT + "items/remove/", sprints.remove_from_sprint, name="remove_from_sprint"),
    path(SPRINT + "start/", sprints.start_sprint, name="start_sprint"),
    path(SPRINT + "close/", sprints.close_sprint, name="close_sprint"),
    # --- Sprint planning ---
    path(SPRINT + "planning/", planning_views.planning, name="planning"),
    path(SPRINT + "planning/goal/", planning_views.planning_goal, name="planning_goal"),
    path(SPRINT + "planning/capacity/", planning_views.planning_capacity, name="planning_capacity"),
    path(SPRINT + "planning/pull/", planning_views.planning_pull, name="planning_pull"),
    path(SPRINT + "planning/remove/", planning_views.planning_remove, name="planning_remove"),
    # --- Daily scrum ---
    path(SPRINT + "daily/", daily_views.daily_scrum, name="daily"),
    path(SPRINT + "daily/entry/", daily_views.record_entry, name="daily_entry"),
    path(
        SPRINT + "daily/impediments/<int:impediment_id>/resolve/",
        daily_views.resolve_impediment,
        name="resolve_impediment",
    ),
    # --- Sprint review ---
    path(SPRINT + "review/", review_views.review, name="review"),
    path(SPRINT + "review/open/", review_views.open_review, name="open_review"),
    path(SPRINT + "review/notes/", review_views.save_review, name="save_review"),
    path(
        SPRINT + "review/key-results/<int:key_result_id>/check-in/",
        review_views.review_check_in,
        name="review_check_in",
    ),
    path(SPRINT + "review/items/", review_views.review_new_item, name="review_new_item"),
    path(SPRINT + "review/close/", review_views.review_close, name="review_close"),
]
