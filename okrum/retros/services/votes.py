"""Votes on retro cards: one per person per card, and taken back."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from okrum.retros import queries
from okrum.retros.models import RetroCard, RetroVote
from okrum.retros.services.permissions import _require_write
from okrum.tenancy import audit
from okrum.tenancy.models import Membership


def vote(*, card: RetroCard, by: Membership) -> RetroCard:
    """One vote per person per card: voting again changes nothing and answers the same card."""
    _require_write(by, card.retrospective)
    if queries.has_voted(card, by):
        return card
    try:
        with transaction.atomic():
            RetroVote.objects.create(organization_id=card.organization_id, card=card, membership=by)
    except IntegrityError:
        # Another request of the same person got there first: their vote is already counted.
        card.refresh_from_db(fields=["votes"])
        return card
    RetroCard.objects.filter(pk=card.pk).update(votes=F("votes") + 1)
    card.refresh_from_db(fields=["votes"])
    audit.record(
        org=card.retrospective.organization,
        actor=by.user,
        action="retro_card.voted",
        obj=card,
        after={"votes": card.votes},
    )
    return card


def unvote(*, card: RetroCard, by: Membership) -> RetroCard:
    """Take back one's vote; without a vote, nothing changes."""
    _require_write(by, card.retrospective)
    deleted, _ = RetroVote.objects.filter(card=card, membership=by).delete()
    if not deleted:
        return card
    RetroCard.objects.filter(pk=card.pk, votes__gt=0).update(votes=F("votes") - 1)
    card.refresh_from_db(fields=["votes"])
    audit.record(
        org=card.retrospective.organization,
        actor=by.user,
        action="retro_card.unvoted",
        obj=card,
        after={"votes": card.votes},
    )
    return card
