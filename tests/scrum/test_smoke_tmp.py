import pytest
from decimal import Decimal as D
from okrum.scrum import services, queries
from okrum.scrum.models import BacklogItem
from tests.factories.okrs import make_team, make_cycle, make_objective, first_kr
from tests.factories.scrum import make_items, make_sprint, started_sprint


def test_smoke(world):
    team = make_team(world.acme, key="CHK")
    items = make_items(team, 5, estimate=3)
    assert [i.key for i in items] == ["CHK-1", "CHK-2", "CHK-3", "CHK-4", "CHK-5"]
    m = world.alice_membership
    services.move_item(item=items[4], by=m, to="top")
    order = list(
        BacklogItem.objects.filter(team=team).order_by("rank").values_list("number", flat=True)
    )
    assert order == [5, 1, 2, 3, 4]
    services.move_item(item=items[0], by=m, before=items[3])
    order = list(
        BacklogItem.objects.filter(team=team).order_by("rank").values_list("number", flat=True)
    )
    assert order == [5, 2, 3, 1, 4]
    sprint = started_sprint(team, items[:2])
    assert sprint.committed_points == D(6)
    kr = first_kr(make_objective(make_cycle(world.acme)))
    services.update_item(item=items[2], by=m, sprint=sprint, key_results=[kr])
    assert len(queries.scope_changes(sprint)) == 1
    services.update_item(item=items[0], by=m, status="done")
    nxt = make_sprint(team)
    services.close_sprint(sprint=sprint, by=m, unfinished_to=nxt)
    sprint.refresh_from_db()
    assert sprint.done_points == D(3)
    assert BacklogItem.objects.filter(sprint=nxt).count() == 2
    page = queries.items_page(world.acme, queries.ItemFilter(team=team), limit=2, cursor=None)
    page2 = queries.items_page(
        world.acme, queries.ItemFilter(team=team), limit=2, cursor=page.next_cursor
    )
    assert [i.number for i in page.items + page2.items] == [5, 2, 3, 1]
