from __future__ import annotations

from django.urls import path

from okrum.scrum import views

app_name = "scrum"

ORG = "o/<slug:org_slug>/"
TEAM = ORG + "teams/<int:team_id>/"
SPRINT = ORG + "sprints/<int:sprint_id>/"

urlpatterns = [
    path(ORG + "scrum/", views.scrum_home, name="home"),
    path(TEAM + "backlog/", views.backlog, name="backlog"),
    path(TEAM + "backlog/items/", views.new_item, name="new_item"),
    path(TEAM + "backlog/settings/", views.backlog_settings, name="settings"),
    path(TEAM + "definition-of-done/", views.definition_of_done, name="definition_of_done"),
    path(TEAM + "estimate-scale/", views.estimate_scale, name="estimate_scale"),
    path(TEAM + "product-goals/", views.new_product_goal, name="new_product_goal"),
    path(TEAM + "sprints/", views.sprints, name="sprints"),
    path(TEAM + "board/", views.board, name="board"),
    path(ORG + "items/<int:item_id>/", views.item, name="item"),
    path(ORG + "items/<int:item_id>/move/", views.move_item, name="move_item"),
    path(ORG + "items/<int:item_id>/status/", views.item_status, name="item_status"),
    path(ORG + "product-goals/<int:product_goal_id>/", views.product_goal, name="product_goal"),
    path(
        ORG + "product-goals/<int:product_goal_id>/status/",
        views.product_goal_status,
        name="product_goal_status",
    ),
    path(SPRINT, views.sprint, name="sprint"),
    path(SPRINT + "items/", views.add_to_sprint, name="add_to_sprint"),
    path(SPRINT + "items/remove/", views.remove_from_sprint, name="remove_from_sprint"),
    path(SPRINT + "start/", views.start_sprint, name="start_sprint"),
    path(SPRINT + "close/", views.close_sprint, name="close_sprint"),
    # --- Sprint planning ---
    # --- Daily scrum ---
    # --- Sprint review ---
]
