from __future__ import annotations

from django.urls import path

from okrum.retros.views import board, cards, carry_forward, openings

app_name = "retros"

ORG = "o/<slug:org_slug>/"
RETRO = ORG + "retrospectives/<int:retrospective_id>/"
CARD = ORG + "retro-cards/<int:card_id>/"

urlpatterns = [
    path(RETRO, board.retro, name="retro"),
    path(RETRO + "cards/", cards.add_card, name="add_card"),
    path(RETRO + "carry-forward/", carry_forward.decide, name="decide"),
    path(CARD, cards.edit_card, name="edit_card"),
    path(CARD + "vote/", cards.vote, name="vote"),
    path(CARD + "delete/", cards.delete_card, name="delete_card"),
    path(CARD + "backlog-item/", cards.make_backlog_item, name="backlog_item"),
    path(
        ORG + "sprints/<int:sprint_id>/retrospective/", openings.sprint_retro, name="sprint_retro"
    ),
    path(ORG + "cycles/<int:cycle_id>/retrospective/", openings.cycle_retro, name="cycle_retro"),
]
