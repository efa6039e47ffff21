"""The user guide and the glossary: public pages, every heading and term with its anchor."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

from okrum.help.glossary import SECTIONS
from okrum.help.guide import GUIDE, load_guide, render_guide
from okrum.okrs.models import CycleState
from tests.factories.okrs import make_cycle, make_team
from tests.factories.scrum import make_sprint, started_sprint
from tests.web import text

ROOT = Path(__file__).resolve().parents[2]

# The sections other pages link to: renaming a heading must not break them.
README = GUIDE.parents[1] / "README.md"
GUIDE_ANCHORS = (
    "getting-started",
    "step-1-reorient-the-team",
    "step-2-set-objectives-before-sprint-planning",
    "step-3-read-key-results-and-backlog-together",
    "step-4-measure-key-results-at-the-sprint-review",
    "okr-planning",
    "okr-check-ins",
    "okr-review",
    "okr-retrospective",
    "sprint-planning",
    "daily-scrum",
    "sprint-review",
    "sprint-retrospective",
    "insights",
    "dashboard",
    "charts",
    "alignment-report",
    "forecasts",
    "roles",
)

GLOSSARY_TERMS = (
    "vision",
    "focus",
    "cycle",
    "objective",
    "committed-objective",
    "aspirational-objective",
    "key-result",
    "key-result-kinds",
    "check-in",
    "confidence",
    "stale",
    "grade",
    "bar",
    "product-goal",
    "product-backlog",
    "backlog-item",
    "estimate",
    "sprint",
    "sprint-goal",
    "goal-key-results",
    "capacity",
    "velocity",
    "forecast",
    "burndown",
    "burnup",
    "increment",
    "definition-of-done",
    "impediment",
    "retrospective",
    "carry-forward",
    "alignment",
    "owner",
    "admin",
    "member",
    "viewer",
    "product-owner",
    "scrum-master",
    "developer",
    "stakeholder",
)

# Each event's screen and the section of the guide its "More in the guide" link opens.
EVENT_SCREENS = {
    "okrum/okrs/templates/okrs/planning.html": {"okr-planning"},
    "okrum/okrs/templates/okrs/check_in_session.html": {"okr-check-ins"},
    "okrum/okrs/templates/okrs/review.html": {"okr-review"},
    "okrum/retros/templates/retros/retro.html": {"okr-retrospective", "sprint-retrospective"},
    "okrum/scrum/templates/scrum/planning.html": {"sprint-planning"},
    "okrum/scrum/templates/scrum/daily.html": {"daily-scrum"},
    "okrum/scrum/templates/scrum/review.html": {"sprint-review"},
    "okrum/insights/templates/insights/home.html": {"step-1-reorient-the-team"},
    "okrum/insights/templates/insights/dashboard.html": {"dashboard"},
}
GUIDE_LINK = re.compile(r"""\{% url 'help:guide' %\}#([\w-]+)" [^>]*>More in the guide</a>""")


class Ids(HTMLParser):
    """Every id in a page, and every link with its text."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"] or "")
        if tag == "a":
            self._href = found.get("href") or ""
            self.links.append((self._href, ""))

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            href, before = self.links[-1]
            self.links[-1] = (href, before + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = None


def parse(html: str) -> Ids:
    page = Ids()
    page.feed(html)
    return page


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading, to hold the app's ids to the same ones."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def guide_headings() -> list[str]:
    """The ids of docs/guide.md's second- and third-level headings, read from the Markdown."""
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    return [github_slug(m.group(1)) for line in lines if (m := re.match(r"#{2,3} (.+)$", line))]


# --- The guide ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_guide_renders_for_anyone_signed_in_or_not():
    response = Client().get("/guide/")

    assert response.status_code == 200
    assert "Okrum user guide" in text(response)
    assert "Contents of the guide" in text(response)


@pytest.mark.django_db
def test_every_heading_of_the_guide_has_its_anchor_on_the_page():
    ids = parse(text(Client().get("/guide/"))).ids

    assert set(guide_headings()) <= set(ids)
    assert set(GUIDE_ANCHORS) <= set(ids)


def test_the_apps_anchors_are_the_ones_github_gives_the_same_headings():
    assert list(load_guide().anchors) == guide_headings()


def test_the_guide_has_every_section_other_pages_link_to():
    assert set(GUIDE_ANCHORS) <= set(load_guide().anchors)


def test_the_guide_shows_only_pictures_that_exist():
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", GUIDE.read_text(encoding="utf-8"))

    assert pictures, "the guide shows at least the dashboard"
    for picture in pictures:
        assert picture.startswith("images/")
        assert (GUIDE.parent / picture).is_file(), picture


def _sections(text: str, parent: str) -> dict[str, str]:
    """The third-level sections under the second-level heading `parent`, title → text."""
    part = text.split(f"\n## {parent}\n", 1)[1].split("\n## ", 1)[0]
    chunks = re.split(r"^### (.+)$", part, flags=re.MULTILINE)[1:]
    return dict(zip(chunks[::2], chunks[1::2], strict=True))


def test_each_step_and_each_event_shows_a_picture_of_its_screen():
    text = GUIDE.read_text(encoding="utf-8")
    steps = _sections(text, "The four steps")
    events = _sections(text, "The eight events")

    assert len(steps) == 4
    assert len(events) == 8
    for title, body in {**steps, **events}.items():
        assert re.search(r"!\[[^\]]+\]\(images/[\w-]+\.png\)", body), title


def test_every_picture_in_docs_is_shown_somewhere():
    shown = GUIDE.read_text(encoding="utf-8") + README.read_text(encoding="utf-8")
    for picture in (GUIDE.parent / "images").glob("*.png"):
        assert f"images/{picture.name}" in shown, f"{picture.name} is shown nowhere"


@pytest.mark.django_db
def test_the_guide_serves_its_pictures_and_nothing_else():
    client = Client()

    picture = client.get("/guide/images/dashboard.png")
    assert picture.status_code == 200
    assert picture["Content-Type"] == "image/png"
    assert b"".join(picture.streaming_content).startswith(b"\x89PNG")
    assert client.get("/guide/images/missing.png").status_code == 404
    assert client.get("/guide/images/..%2Fguide.md").status_code == 404
    assert client.get("/guide/images/guide.md").status_code == 404


def test_headings_get_ids_from_their_words():
    guide = render_guide("# Title\n\n## Daily scrum\n\n### Step 1: Reorient the team\n")

    assert guide.title.endswith(">Title</h1>")
    assert '<h2 id="daily-scrum">' in guide.html
    assert '<h3 id="step-1-reorient-the-team">' in guide.html
    assert guide.anchors == ("daily-scrum", "step-1-reorient-the-team")


# --- The glossary ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_glossary_renders_every_term_with_its_anchor():
    response = Client().get("/glossary/")
    page = parse(text(response))

    assert response.status_code == 200
    assert set(GLOSSARY_TERMS) <= set(page.ids)
    for section in SECTIONS:
        for term in section.terms:
            assert term.id in page.ids
            assert term.name in text(response)


def test_every_glossary_anchor_is_unique():
    ids = [t.id for s in SECTIONS for t in s.terms] + [s.id for s in SECTIONS]

    assert len(ids) == len(set(ids))


def test_every_glossary_link_into_the_guide_lands_on_a_section():
    anchors = set(load_guide().anchors)

    for section in SECTIONS:
        for term in section.terms:
            assert not term.guide or term.guide in anchors, term.id


@pytest.mark.django_db
def test_the_footer_links_to_the_guide_and_the_glossary():
    links = parse(text(Client().get("/login/"))).links

    assert ("/guide/", "Guide") in links
    assert ("/glossary/", "Glossary") in links


# --- "More in the guide" on every event's screen -----------------------------------------------


@pytest.mark.parametrize(("template", "anchors"), EVENT_SCREENS.items())
def test_each_event_screen_links_to_its_section_of_the_guide(template, anchors):
    found = set(GUIDE_LINK.findall((ROOT / template).read_text()))

    assert found == anchors
    assert found <= set(guide_headings())


def guide_link(html: str) -> str:
    [href] = [h for h, label in parse(html).links if label == "More in the guide"]
    return href


@pytest.mark.django_db
def test_the_rendered_screens_link_to_an_existing_section(world, web_as):
    team = make_team(world.acme, name="Checkout", key="CHK")
    planning = make_cycle(world.acme, state=CycleState.PLANNING, name="Q3")
    sprint = started_sprint(team)
    planned = make_sprint(team, name="Next sprint")
    client = web_as(world.alice)
    anchors = set(load_guide().anchors)
    screens = {
        "/o/acme/": "step-1-reorient-the-team",
        f"/o/acme/cycles/{planning.pk}/planning/": "okr-planning",
        f"/o/acme/sprints/{planned.pk}/planning/": "sprint-planning",
        f"/o/acme/sprints/{sprint.pk}/daily/": "daily-scrum",
        f"/o/acme/sprints/{sprint.pk}/review/": "sprint-review",
    }

    for path, anchor in screens.items():
        response = client.get(path)
        assert response.status_code == 200, path
        href = guide_link(text(response))
        assert href == f"/guide/#{anchor}", path
        assert anchor in anchors
