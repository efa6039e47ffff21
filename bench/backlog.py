"""How fast the backlog API answers for a big backlog, next to hand-written SQL for the same rows.

Run by hand:  .venv/bin/python bench/backlog.py  [--items 20000] [--runs 50]

It builds a team with 20,000 open items through `POST backlog-items/bulk` (1,000 per call),
plus items of another team and of another organization, then times with Django's test client
(the whole stack: auth, middleware, ORM, JSON; no network):

- the first page of the team's items (`limit=100`),
- a deep page, reached by following `next_cursor` (page 150),
- a move of one item between two others,

and fetches the same two pages with hand-written SQL through the raw driver (sqlite3 or
psycopg), printing the medians, 95th percentiles and the ratio API / SQL.

The database: a fresh SQLite file in a temporary directory (removed afterwards), or the one
`DATABASE_URL` names; there the bench works in organizations of its own and deletes them at the
end. Settings come from the environment as for `okrum serve`.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEMP = None if os.environ.get("DATABASE_URL") else tempfile.mkdtemp(prefix="okrum-bench-")
if TEMP is not None:
    os.environ["OKRUM_DATA_DIR"] = TEMP
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okrum.settings")
os.environ["OKRUM_ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402 — the settings above must be in place first
from timing import p, timed  # noqa: E402 — bench/ is the script's folder

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from okrum.accounts import services as accounts  # noqa: E402
from okrum.core.time import today  # noqa: E402
from okrum.okrs import services as okrs  # noqa: E402
from okrum.okrs.models import CycleState, KeyResult, ObjectiveStatus  # noqa: E402
from okrum.okrs.services import KeyResultSpec  # noqa: E402
from okrum.scrum import services as scrum  # noqa: E402
from okrum.scrum.models import BacklogItem  # noqa: E402
from okrum.scrum.services import ItemSpec  # noqa: E402
from okrum.teams import services as teams  # noqa: E402
from okrum.tenancy.models import Membership, Organization  # noqa: E402

PAGE = 100
DEEP_PAGE = 150
BATCH = 1000
RUN = f"{random.randrange(16**6):06x}"  # noqa: S311 — a name, not a secret


# --- The world ------------------------------------------------------------------------------


def organization(name: str) -> tuple[Organization, Membership]:
    _, org, owner = accounts.sign_up(
        name=f"{name} owner",
        email=f"owner-{RUN}@{name.lower()}.example",
        password="a bench passphrase",
        organization=f"{name} {RUN}",
    )
    return org, owner


def key_results(org: Organization, owner: Membership, count: int) -> list[KeyResult]:
    start = today() - timedelta(days=30)
    cycle = okrs.create_cycle(
        org=org, by=owner, name="Q", starts_on=start, ends_on=start + timedelta(days=90)
    )
    specs = [
        KeyResultSpec(title=f"KR {n}", kind="increase_to", start_value=0, target_value=100)
        for n in range(count)
    ]
    objective = okrs.create_objective(
        cycle=cycle, by=owner, title="Grow", key_results=specs, status=ObjectiveStatus.PUBLISHED
    )
    # A cycle becomes active once it has a published objective.
    okrs.change_cycle_state(cycle=cycle, by=owner, state=CycleState.ACTIVE)
    return list(KeyResult.objects.filter(objective=objective).order_by("id"))


def row(n: int, krs: list[KeyResult], assignee: Membership) -> dict[str, Any]:
    """One item as a script would send it: most estimated, some assigned, some serving a KR."""
    return {
        "title": f"Item {n}: let customers do thing number {n}",
        "kind": ("story", "bug", "task")[n % 3],
        "status": ("new", "ready")[n % 2],
        "estimate": (1, 2, 3, 5, 8)[n % 5] if n % 7 else None,
        "assignee": assignee.pk if n % 4 == 0 else None,
        "key_results": [krs[n % len(krs)].pk] if n % 3 == 0 else [],
    }


def fill_by_service(team: Any, owner: Membership, count: int) -> None:
    for start in range(0, count, BATCH):
        specs = [ItemSpec(title=f"Other {n}") for n in range(start, min(count, start + BATCH))]
        with transaction.atomic():
            scrum.create_items(team=team, by=owner, specs=specs)


def build(items: int) -> dict[str, Any]:
    org, owner = organization("Bench")
    other_org, other_owner = organization("Other")
    team = teams.create_team(org=org, by=owner, name="Checkout", key="CHK")
    krs = key_results(org, owner, 5)
    _, token = accounts.create_api_token(membership=owner, name="bench", scope="write")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    base = f"/api/v1/orgs/{org.slug}"

    began = time.perf_counter()
    for start in range(0, items, BATCH):
        body = {
            "team": team.pk,
            "items": [row(n, krs, owner) for n in range(start, min(items, start + BATCH))],
        }
        response = client.post(f"{base}/backlog-items/bulk", body, content_type="application/json")
        assert response.status_code == 201, response.content[:500]
    built = time.perf_counter() - began
    # Neighbours in the same tables: another team of the organization, another organization.
    fill_by_service(teams.create_team(org=org, by=owner, name="Ops", key="OPS"), owner, 5000)
    other_team = teams.create_team(org=other_org, by=other_owner, name="Checkout", key="CHK")
    fill_by_service(other_team, other_owner, 5000)
    return {
        "orgs": [org, other_org],
        "org": org,
        "team": team,
        "client": client,
        "base": base,
        "built": built,
    }


# --- Timing ---------------------------------------------------------------------------------


def api_page(world: dict[str, Any], cursor: str) -> Callable[[], dict[str, Any]]:
    url = f"{world['base']}/backlog-items?team={world['team'].pk}&limit={PAGE}&cursor={cursor}"

    def call() -> dict[str, Any]:
        response = world["client"].get(url)
        assert response.status_code == 200, response.content[:500]
        return dict(response.json())

    return call


def deep_cursor(world: dict[str, Any], page: int) -> str:
    """The cursor of page `page`, followed from the first as a client would."""
    cursor = ""
    for _ in range(page - 1):
        cursor = api_page(world, cursor)()["next_cursor"]
        assert cursor, f"the backlog has fewer than {page} pages"
    return cursor


# --- The same rows by hand-written SQL --------------------------------------------------------

ITEMS_SQL = """
SELECT i.id, t.key, i.number, i.title, i.description, i.acceptance_criteria, i.kind, i.status,
       i.estimate, i.rank, i.sprint_id, m.id, u.name, u.email, i.done_at, i.created_at,
       i.updated_at, i.version
FROM scrum_backlogitem i
JOIN teams_team t ON t.id = i.team_id
LEFT JOIN tenancy_membership m ON m.id = i.assignee_id
LEFT JOIN accounts_user u ON u.id = m.user_id
WHERE i.organization_id = {o} AND i.team_id = {o} AND i.rank >= {o}
  AND (i.rank > {o} OR (i.rank = {o} AND i.id > {o}))
ORDER BY i.rank, i.id
LIMIT {limit}
"""
CHIPS_SQL = """
SELECT l.item_id, k.id, k.title
FROM scrum_backlogitemkeyresult l JOIN okrs_keyresult k ON k.id = l.key_result_id
WHERE l.item_id IN ({ids})
ORDER BY k.objective_id, k.position, k.id
"""


def raw_connection() -> Any:
    if connection.vendor == "sqlite":
        return sqlite3.connect(str(connection.settings_dict["NAME"]))
    import psycopg

    return psycopg.connect(os.environ["DATABASE_URL"])


def sql_page(world: dict[str, Any], cursor: str, raw: Any) -> Callable[[], list[dict[str, Any]]]:
    mark = "?" if connection.vendor == "sqlite" else "%s"
    if cursor:
        rank, last_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    else:
        rank, last_id = "", 0  # every rank sorts after the empty string
    params = (world["org"].pk, world["team"].pk, rank, rank, rank, last_id)
    items_sql = ITEMS_SQL.format(o=mark, limit=PAGE)

    def call() -> list[dict[str, Any]]:
        cur = raw.cursor()
        cur.execute(items_sql, params)
        items = [
            {"id": r[0], "key": f"{r[1]}-{r[2]}", "title": r[3], "estimate": r[8], "rank": r[9]}
            for r in cur.fetchall()
        ]
        by_id = {item["id"]: item for item in items}
        for item in items:
            item["key_results"] = []
        if items:
            cur.execute(CHIPS_SQL.format(ids=", ".join(mark for _ in items)), list(by_id))
            for item_id, kr_id, title in cur.fetchall():
                by_id[item_id]["key_results"].append({"id": kr_id, "title": title})
        return items

    return call


# --- Moves ----------------------------------------------------------------------------------


def mover(world: dict[str, Any]) -> Callable[[], None]:
    ids = list(BacklogItem.objects.filter(team=world["team"]).values_list("pk", flat=True))
    rng = random.Random(42)  # noqa: S311 — test data, not secrets

    def call() -> None:
        item, before = rng.sample(ids, 2)
        url = f"{world['base']}/backlog-items/{item}/move"
        response = world["client"].post(url, {"before": before}, content_type="application/json")
        assert response.status_code == 200, response.content[:500]

    return call


def empty_request(world: dict[str, Any]) -> Callable[[], None]:
    """An authenticated request that reads no backlog: what any API answer costs at least."""

    def call() -> None:
        response = world["client"].get("/api/v1/me")
        assert response.status_code == 200, response.content[:500]

    return call


# --- Main -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    world = build(args.items)
    vendor = connection.vendor
    print(f"database: {vendor}; the team holds {args.items:,} items (+10,000 elsewhere)")
    print(f"built through backlog-items/bulk in {world['built']:.1f} s")

    deep = min(DEEP_PAGE, args.items // PAGE)
    cursor = deep_cursor(world, deep)
    first_api, deep_api = api_page(world, ""), api_page(world, cursor)
    raw = raw_connection()
    first_sql, deep_sql = sql_page(world, "", raw), sql_page(world, cursor, raw)
    for api, sql in ((first_api, first_sql), (deep_api, deep_sql)):
        assert [i["id"] for i in api()["items"]] == [i["id"] for i in sql()], "not the same rows"

    print(f"\n{'':34} {'p50 ms':>8} {'p95 ms':>8}")
    results = {}
    for name, call in [
        ("first page, API (limit=100)", first_api),
        ("first page, raw SQL", first_sql),
        (f"page {deep} via next_cursor, API", deep_api),
        (f"page {deep}, raw SQL", deep_sql),
        ("move between two items, API", mover(world)),
        ("GET /me (no backlog read), API", empty_request(world)),
    ]:
        times = timed(call, args.runs)
        results[name] = times
        print(f"{name:34} {p(times, 50):8.1f} {p(times, 95):8.1f}")
    names = list(results)
    floor = statistics.median(results[names[5]])
    for api_name, sql_name in ((names[0], names[1]), (names[2], names[3])):
        api_ms, sql_ms = statistics.median(results[api_name]), statistics.median(results[sql_name])
        print(
            f"ratio API / SQL, {api_name.split(',')[0]}: {api_ms / sql_ms:.1f}x "
            f"(medians); beyond what any request costs: {(api_ms - floor) / sql_ms:.1f}x"
        )
    raw.close()

    if TEMP is None:
        for org in world["orgs"]:
            org.delete()


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        if TEMP is not None:
            shutil.rmtree(TEMP, ignore_errors=True)
