"""The team pages: the list, a team with its members and their accountability, its objectives."""

from __future__ import annotations

from okrum.teams.models import Team, TeamMember
from okrum.teams.services import add_team_member
from okrum.tenancy.models import AuditEvent
from okrum.tenancy.roles import Role
from tests.factories.accounts import make_user
from tests.factories.okrs import make_cycle, make_objective, make_team
from tests.factories.tenancy import add_member
from tests.web import submit, text

HTMX = {"HX-Request": "true"}


def test_the_teams_page_lists_teams_and_marks_the_members_own(world, web_as):
    payments = make_team(world.acme, name="Payments", key="PAY")
    make_team(world.acme, name="Search", key="SRCH")
    make_team(world.globex, name="Globex team", key="GLX")
    add_team_member(
        team=payments,
        by=world.alice_membership,
        membership=world.bob_membership,
        accountability="developer",
    )

    page = text(web_as(world.bob).get("/o/acme/teams/"))

    assert (
        f'<a href="/o/acme/teams/{payments.pk}/">Payments</a> <span class="muted">(your team)'
        in (page)
    )
    assert "<code>SRCH</code>" in page
    assert "Globex team" not in page
    assert "Create team" not in page


def test_an_admin_creates_a_team_and_lands_on_its_page(world, web_as):
    response = submit(
        web_as(world.alice), "/o/acme/teams/", {"name": "Checkout", "key": "chk", "description": ""}
    )

    team = Team.objects.get(name="Checkout")
    assert response["Location"] == f"/o/acme/teams/{team.pk}/"
    assert team.key == "CHK"


def test_a_taken_key_shows_the_form_again_with_the_reason(world, web_as):
    make_team(world.acme, name="Checkout", key="CHK")

    response = submit(
        web_as(world.alice), "/o/acme/teams/", {"name": "Other", "key": "CHK", "description": ""}
    )

    assert response.status_code == 422
    assert "Name and key must be unique in the organization." in text(response)
    assert Team.objects.for_org(world.acme).count() == 1


def test_a_member_cannot_create_a_team(world, web_as):
    response = submit(
        web_as(world.bob), "/o/acme/teams/", {"name": "Rogue", "key": "RG", "description": ""}
    )

    assert response.status_code == 403
    assert not Team.objects.exists()


def test_an_admin_seats_a_member_with_an_accountability(world, web_as):
    team = make_team(world.acme, name="Checkout", key="CHK")
    client = web_as(world.alice)

    page = text(client.get(f"/o/acme/teams/{team.pk}/"))
    response = submit(
        client,
        f"/o/acme/teams/{team.pk}/",
        {"membership": world.bob_membership.pk, "accountability": "scrum_master"},
    )
    after = text(client.get(response["Location"]))

    assert "Nobody is in this team yet." in page
    assert "Bob (bob@example.com)" in page
    seat = TeamMember.objects.get(team=team)
    assert (seat.membership, seat.accountability) == (world.bob_membership, "scrum_master")
    assert "Bob joined Checkout as Scrum Master." in after
    members = after[after.index('data-testid="team-members"') :]
    assert '<option value="scrum_master" selected>Scrum Master</option>' in members
    # Bob is seated, so he is no longer offered in the add form.
    assert "Bob (bob@example.com)" not in after


def test_another_organizations_member_cannot_be_seated(world, web_as):
    team = make_team(world.acme, name="Checkout", key="CHK")

    response = submit(
        web_as(world.alice),
        f"/o/acme/teams/{team.pk}/",
        {"membership": world.charlie_membership.pk, "accountability": "developer"},
    )

    assert response.status_code == 422
    assert not TeamMember.objects.exists()


def test_an_admin_changes_an_accountability_and_removes_a_member(world, web_as):
    team = make_team(world.acme, name="Checkout", key="CHK")
    seat = add_team_member(
        team=team,
        by=world.alice_membership,
        membership=world.bob_membership,
        accountability="developer",
    )
    client = web_as(world.alice)

    changed = submit(
        client,
        f"/o/acme/team-members/{seat.pk}/accountability/",
        {"accountability": "product_owner"},
    )
    seat.refresh_from_db()
    accountability = seat.accountability
    removed = submit(client, f"/o/acme/team-members/{seat.pk}/remove/")
    page = text(client.get(removed["Location"]))

    assert changed["Location"] == f"/o/acme/teams/{team.pk}/"
    assert accountability == "product_owner"
    assert "Bob left Checkout." in page
    assert not TeamMember.objects.exists()
    events = AuditEvent.objects.for_org(world.acme).order_by("id")
    actions = list(events.values_list("action", flat=True))
    assert actions[-2:] == ["team.accountability_changed", "team.member_removed"]


def test_a_member_reads_the_team_page_without_controls(world, web_as):
    team = make_team(world.acme, name="Checkout", key="CHK")
    add_team_member(
        team=team,
        by=world.alice_membership,
        membership=world.bob_membership,
        accountability="developer",
    )

    page = text(web_as(world.bob).get(f"/o/acme/teams/{team.pk}/"))

    assert "Developer" in page
    assert "Remove from team" not in page
    assert "Add to team" not in page
    assert "Edit name, key and description" not in page


def test_an_admin_renames_a_team(world, web_as):
    team = make_team(world.acme, name="Checkout", key="CHK")

    response = submit(
        web_as(world.alice),
        f"/o/acme/teams/{team.pk}/edit/",
        {"name": "Payments", "key": "PAY", "description": "Money in"},
    )

    team.refresh_from_db()
    assert response["Location"] == f"/o/acme/teams/{team.pk}/"
    assert (team.name, team.key, team.description) == ("Payments", "PAY", "Money in")


def test_a_viewer_reads_the_edit_page_with_an_explanation(world, web_as):
    viewer = add_member(world.acme, make_user(email="vera@example.com"), Role.VIEWER)
    team = make_team(world.acme, name="Checkout", key="CHK")

    page = text(web_as(viewer.user).get(f"/o/acme/teams/{team.pk}/edit/"))

    assert "only owners and admins change teams" in page
    assert '<button type="submit">Save</button>' not in page


def test_the_team_page_loads_the_teams_objectives_of_the_current_cycle(world, web_as):
    team = make_team(world.acme, name="Checkout", key="CHK")
    other = make_team(world.acme, name="Search", key="SRCH")
    cycle = make_cycle(world.acme, name="Q3")
    make_objective(cycle, team=team, title="Make checkout effortless")
    make_objective(cycle, team=other, title="Find in one search")
    make_objective(cycle, title="Company objective")
    client = web_as(world.bob)

    page = text(client.get(f"/o/acme/teams/{team.pk}/"))
    fragment = text(client.get(f"/o/acme/teams/{team.pk}/objectives/", headers=HTMX))
    full = text(client.get(f"/o/acme/teams/{team.pk}/objectives/"))

    assert f'hx-get="/o/acme/teams/{team.pk}/objectives/" hx-trigger="load"' in page
    assert "<html" not in fragment
    assert "<h2>Objectives in Q3</h2>" in fragment
    assert "Make checkout effortless" in fragment
    assert "Find in one search" not in fragment
    assert "Company objective" not in fragment
    assert "<html" in full
    assert "Make checkout effortless" in full


def test_a_team_without_objectives_says_so(world, web_as):
    team = make_team(world.acme, name="Checkout", key="CHK")
    make_cycle(world.acme, name="Q3")

    fragment = text(web_as(world.alice).get(f"/o/acme/teams/{team.pk}/objectives/", headers=HTMX))

    assert "Checkout has no objectives in Q3 yet." in fragment
    assert "New objective for Checkout" in fragment
