from __future__ import annotations

from django.urls import path

from okrum.retros import views

app_name = "retros"

ORG = "o/<slug:org_slug>/"
RETRO = ORG + "retrospectives/<int:retrospective_id>/"
CARD = ORG + "retro-cards/<int:card_id>/"

urlpatterns = [
    path(RETRO, views.retro, name="retro"),
    path(RETRO + "cards/", views.add_card, name="add_card"),
    path(RETRO + "carry-forward/", views.decide, name="decide"),
    path(CARD, views.edit_card, name="edit_card"),
    path(CARD + "vote/", views.vote, name="vote"),
    path(CARD + "delete/", views.delete_card, name="delete_card"),
    path(CARD + "backlog-item/", views.make_backlog_item, name="backlog_item"),
    path(ORG + "sprints/<int:sprint_id>/retrospective/", views.sprint_retro, name="sprint_retro"),
    path(ORG + "cycles/<int:cycle_id>/retrospective/", views.cycle_retro, name="cycle_retro"),
]
