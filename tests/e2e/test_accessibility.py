"""Accessibility basics on every page of the demo: names, keyboard, status in words, 375 px wide.

One demo organization is built, then every page linked from the navigation and every event page
is audited in the browser, as the Product Owner (375 and 1280 px), the viewer (375 px) and the
owner (375 and 1024 px: the longest menu), and signed out for the public pages. All failures
are gathered into one message that names the page and the offending elements.

The rules, as AUDIT checks them (closed <details> are opened first so that their forms count):
- every visible input, select and textarea has an accessible name: aria-labelledby pointing at
  text, aria-label, a <label> (for= or wrapping) with text of its own, or title;
- every visible button, link, summary and [role=button|link] has a name: its text (an img's alt,
  an svg's title; aria-hidden content does not count), aria-label, aria-labelledby or title;
- two form controls, or two buttons (summary included), that act on different things never share
  a name ("Confidence for <key result>", not "Confidence" ten times), unless the legend of their
  fieldset tells them apart. Links are exempt: WCAG lets a link's row or sentence tell its purpose;
- no id is used twice, no tabindex is positive, every img has alt, every canvas has a name;
- the first focusable element is a "skip" link to the <main> landmark (the keyboard test below
  also checks that it shows when focused and moves the focus);
- keyboard: an element with a pointer affordance that is not focusable itself must be reachable
  another way. Precisely: [onclick], [role=button|link|tab|checkbox|menuitem] and htmx requests
  started by a user event (hx-get/post/put/patch/delete on anything but a form, unless hx-trigger
  is only load/revealed/intersect/every) must be natively focusable or carry tabindex >= 0;
  [draggable=true] must instead contain a visible <button> (the keyboard way to make the move);
  and any other element the page styles with cursor pointer/grab must sit inside a focusable
  element or a <label>;
- status is never told by colour alone: every coloured indicator (status, state, band, badge,
  chip, met, load and change classes) has text or aria-label; one painted by a status or band
  class shows that status's words, not cut off by an ellipsis; a <progress> has a name and, when
  coloured by status or band, the status words in its own row; a small painted shape without
  text (a dot, a swatch) needs a name;
- at every width the page is no wider than the window (html/body/main may not clip to hide
  it); wide content may only scroll inside its own container. At 375 px this holds with every
  <details> open too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.test.utils import override_settings
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from okrum.demo import builder, story
from okrum.okrs.models import Cycle, Goal, KeyResult, Objective
from okrum.okrs.templatetags.okrs import STATUS_LABELS
from okrum.scrum.models import BacklogItem, ProductGoal, Sprint
from okrum.teams.models import Team
from okrum.tenancy.models import Organization
from tests.demo.test_builder import _pages as main_event_pages

Shot = Callable[[Page, str], Path]
QUIET_MAIL = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 1024, "height": 768}  # owners and admins have the longest menu
PRODUCT_OWNER = "member@demo.okrum.test"
VIEWER = "viewer@demo.okrum.test"
OWNER = "owner@demo.okrum.test"
# Who looks at which widths: the Product Owner everywhere, the others on a phone.
RUNS = [(PRODUCT_OWNER, (PHONE, DESKTOP)), (VIEWER, (PHONE,)), (OWNER, (PHONE, TABLET))]
PUBLIC = ["/", "/login/", "/signup/", "/password-reset/", "/guide/", "/glossary/"]
# The words a status colour stands for, by the class suffix that paints it.
COLOUR_WORDS = {
    **{f"status-{key}": words for key, words in STATUS_LABELS.items()},
    "band-red": "Red",
    "band-yellow": "Yellow",
    "band-green": "Green",
}
# The pages kept as screenshots at 375 px (as the Product Owner sees them), by path.
SHOTS = {
    "dashboard": r"^/o/[\w-]+/$",
    "okrs": r"/okrs/$",
    "key-result": r"/key-results/\d+/$",
    "check-in-session": r"/cycles/\d+/check-ins/",
    "okr-review": r"/cycles/\d+/review/$",
    "backlog": r"/backlog/$",
    "board": r"/board/$",
    "item": r"/items/\d+/$",
    "sprint-planning": r"/sprints/\d+/planning/$",
    "daily-scrum": r"/daily/$",
    "sprint-review": r"/sprints/\d+/review/$",
    "retro": r"/retrospectives/\d+/$",
    "members": r"/members/$",
}

# Waits until htmx has swapped in what the page loads after it opened (charts, forecasts).
SETTLED = """() => document.readyState === "complete" && window.htmx !== undefined
  && !document.querySelector(".htmx-request, [data-testid$='-slot']")"""

AUDIT = r"""
({ colourWords, openDetails }) => {
  const problems = [];
  const seen = new Set();
  const clean = (text) => (text || "").replace(/\s+/g, " ").trim();
  const describe = (el) => {
    let out = "<" + el.tagName.toLowerCase();
    for (const attr of ["id", "name", "type", "class", "href", "aria-label", "data-testid"]) {
      const value = el.getAttribute(attr);
      if (value) out += ` ${attr}="${value.slice(0, 60)}"`;
    }
    out += ">";
    const text = clean(el.textContent).slice(0, 50);
    return text ? `${out} "${text}"` : out;
  };
  const report = (rule, el) => {
    const line = `${rule}: ${describe(el)}`;
    if (!seen.has(line)) { seen.add(line); problems.push(line); }
  };
  const visible = (el) => el.checkVisibility({ visibilityProperty: true });
  const ownText = (el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll("[aria-hidden='true'], input, select, textarea")
      .forEach((node) => node.remove());
    copy.querySelectorAll("img[alt]").forEach((img) => img.replaceWith(img.getAttribute("alt")));
    copy.querySelectorAll("svg").forEach((svg) => {
      const title = svg.querySelector("title");
      svg.replaceWith(title ? title.textContent : "");
    });
    return clean(copy.textContent);
  };
  const labelledBy = (el) => clean((el.getAttribute("aria-labelledby") || "").split(/\s+/)
    .filter(Boolean).map((id) => (document.getElementById(id) || {}).textContent || "").join(" "));
  const ariaName = (el) => labelledBy(el) || clean(el.getAttribute("aria-label"));
  const controlName = (el) => ariaName(el)
    || [...(el.labels || [])].map(ownText).join(" ").trim()
    || clean(el.getAttribute("title"));
  const contentName = (el) => ariaName(el) || ownText(el) || clean(el.getAttribute("title"))
    || (el.tagName === "INPUT" ? clean(el.value) || el.type : "");
  const NATIVE = "a[href], button, input:not([type=hidden]), select, textarea, summary, iframe";
  const focusable = (el) => el.matches(NATIVE)
    || (el.hasAttribute("tabindex") && el.tabIndex >= 0);

  if (openDetails) {
    document.querySelectorAll("details:not([open])").forEach((d) => { d.open = true; });
  }

  // The skip link: the first thing Tab reaches leads to the main landmark.
  const main = document.querySelector("main");
  const first = [...document.querySelectorAll(NATIVE + ", [tabindex]")]
    .find((el) => el.tabIndex >= 0 && !el.disabled);
  const skips = (el) => el.getAttribute("href") === "#" + main.id && /skip/i.test(el.textContent);
  if (!main || !main.id) problems.push("no <main> landmark with an id for the skip link");
  else if (!first || !skips(first)) {
    problems.push("the first focusable element is not a skip link to #" + main.id
      + (first ? ": " + describe(first) : ""));
  }

  const controls = "input:not([type=hidden]):not([type=submit]):not([type=button])"
    + ":not([type=reset]):not([type=image]), select, textarea";
  document.querySelectorAll(controls).forEach((el) => {
    if (visible(el) && !controlName(el)) report("form control without a label", el);
  });
  const actions = "button, a[href], summary, [role=button], [role=link], input[type=submit],"
    + " input[type=button], input[type=reset]";
  document.querySelectorAll(actions).forEach((el) => {
    if (visible(el) && !contentName(el)) report("button or link without a name", el);
  });

  // Names tell controls apart: two that do different things never share a name, unless a
  // fieldset's legend (read out with them) tells them apart.
  const legendOf = (el) => {
    const legend = el.closest("fieldset") && el.closest("fieldset").querySelector("legend");
    return legend ? clean(legend.textContent) + " / " : "";
  };
  // What a control acts on: a summary its own details; a field or button its form and name.
  const targetOf = (el) => {
    if (el.tagName === "SUMMARY") return el;
    const form = el.form || el.closest("form");
    const action = form ? form.getAttribute("action") : "";
    return el.matches(controls) ? `${action} ${el.name}` : `${action} ${el.name}=${el.value}`;
  };
  const named = new Map();
  document.querySelectorAll(`${controls}, ${actions}`).forEach((el) => {
    if (!visible(el) || el.matches("a[href]")) return;
    const isControl = el.matches(controls);
    const kind = isControl ? "form control" : "button";
    const name = legendOf(el) + (isControl ? controlName(el) : contentName(el));
    const key = `${kind}|${name.toLowerCase()}`;
    const earlier = named.get(key);
    if (!earlier) named.set(key, targetOf(el));
    else if (earlier !== targetOf(el)) {
      report(`${kind} shares its name with one that acts on something else`, el);
    }
  });

  const ids = new Map();
  document.querySelectorAll("[id]").forEach((el) => ids.set(el.id, (ids.get(el.id) || 0) + 1));
  for (const [id, count] of ids) if (count > 1) problems.push(`id "${id}" is used ${count} times`);
  document.querySelectorAll("[tabindex]").forEach((el) => {
    if (el.tabIndex > 0) report("positive tabindex", el);
  });
  document.querySelectorAll("img:not([alt])").forEach((el) => report("img without alt", el));
  document.querySelectorAll("canvas, [role=img]").forEach((el) => {
    if (!ariaName(el)) report("image or chart without a name", el);
  });

  // Keyboard: what a pointer can use, a keyboard can reach.
  const userTriggered = (el) => {
    if (el.tagName === "FORM") return false;
    const trigger = el.getAttribute("hx-trigger");
    return !trigger || !/^\s*(load|revealed|intersect|every\b)/.test(trigger);
  };
  document.querySelectorAll("[onclick], [role=button], [role=link], [role=tab], [role=checkbox],"
    + " [role=menuitem], [hx-get], [hx-post], [hx-put], [hx-patch], [hx-delete]").forEach((el) => {
    const htmx = ["hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete"]
      .some((attr) => el.hasAttribute(attr));
    const clicky = el.hasAttribute("onclick") || el.hasAttribute("role")
      || (htmx && userTriggered(el));
    if (clicky && !focusable(el)) report("clickable but not focusable", el);
  });
  document.querySelectorAll("[draggable=true]").forEach((el) => {
    if (!focusable(el) && ![...el.querySelectorAll("button")].some(visible)) {
      report("draggable without a keyboard button inside", el);
    }
  });
  const reachable = NATIVE + ", label, [tabindex], [draggable=true]";
  document.querySelectorAll("body *").forEach((el) => {
    const cursor = getComputedStyle(el).cursor;
    if ((cursor === "pointer" || cursor === "grab") && !el.closest(reachable) && visible(el)) {
      report(`cursor ${cursor} on an element the keyboard cannot reach`, el);
    }
  });

  // Status in words, not colour alone.
  const indicators = ".status, .state, .item-status, .band, .badge, .stale-badge, .okr-plan-status,"
    + " .sprint-chip, .kr-chip, .step-state, .met, .load, [class*='status-'], [class*='state-'],"
    + " [class*='band-'], [class*='kr-change-'], [class*='load-']";
  document.querySelectorAll(indicators).forEach((el) => {
    if (el.tagName === "PROGRESS" || !visible(el)) return;
    if (!ownText(el) && !clean(el.getAttribute("aria-label"))) {
      report("status shown by colour alone", el);
    }
  });
  // A coloured status names itself, and no ellipsis or clipping hides those words.
  const wordsShown = (el, words) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent.toLowerCase().indexOf(words.toLowerCase());
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + words.length);
      const box = range.getBoundingClientRect();
      for (let up = node.parentElement; up; up = up.parentElement) {
        if (getComputedStyle(up).overflowX === "visible") continue;
        const clip = up.getBoundingClientRect();
        if (box.left < clip.left - 1 || box.right > clip.right + 1) return "cut off";
      }
      return box.width > 0 ? "shown" : "cut off";
    }
    return "missing";
  };
  document.querySelectorAll(indicators).forEach((el) => {
    if (el.tagName === "PROGRESS" || !visible(el)) return;
    for (const cls of el.classList) {
      const words = colourWords[cls];
      const shown = words && !el.getAttribute("aria-label") && wordsShown(el, words);
      if (shown === "missing") report(`coloured "${cls}" without the words "${words}"`, el);
      if (shown === "cut off") report(`the words "${words}" of "${cls}" are cut off`, el);
    }
  });
  document.querySelectorAll("progress").forEach((el) => {
    if (!visible(el)) return;
    if (!controlName(el)) report("progress bar without a name", el);
    for (const cls of el.classList) {
      const words = colourWords[cls];
      const row = el.closest(".progress-line, .pace, tr, li, section") || el.parentElement;
      if (words && !row.textContent.toLowerCase().includes(words.toLowerCase())) {
        report(`progress coloured "${cls}" without "${words}" in words beside it`, el);
      }
    }
  });
  // Small coloured shapes without any text are dots or swatches: they need a name.
  const replaced = ["INPUT", "SELECT", "TEXTAREA", "PROGRESS", "CANVAS", "IMG", "HR", "BR", "svg"];
  document.querySelectorAll("body *").forEach((el) => {
    if (el.children.length || clean(el.textContent) || !visible(el)) return;
    if (replaced.includes(el.tagName)) return;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const painted = style.backgroundColor !== "rgba(0, 0, 0, 0)"
      || parseFloat(style.borderTopWidth) > 0;
    if (painted && box.width > 0 && box.width <= 32 && box.height <= 32 && !ariaName(el)
        && el.getAttribute("aria-hidden") !== "true" && !clean(el.getAttribute("title"))) {
      report("coloured shape without words", el);
    }
  });
  return problems;
}
"""

OVERFLOW = r"""
() => {
  const problems = [];
  const width = window.innerWidth;
  for (const el of [document.documentElement, document.body, document.querySelector("main")]) {
    const overflow = el && getComputedStyle(el).overflowX;
    if (overflow === "hidden" || overflow === "clip") {
      problems.push(`<${el.tagName.toLowerCase()}> clips horizontal overflow (hides the problem)`);
    }
  }
  if (document.documentElement.scrollWidth <= width) return problems;
  problems.push(`page is ${document.documentElement.scrollWidth}px wide in a ${width}px window`);
  // Name the outermost elements that stick out and do not scroll inside their own container.
  const scrolls = (el) => ["auto", "scroll", "hidden", "clip"]
    .includes(getComputedStyle(el).overflowX);
  const wide = [];
  document.querySelectorAll("body *").forEach((el) => {
    const box = el.getBoundingClientRect();
    if (box.right <= width + 1 || box.width === 0) return;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (scrolls(up) || wide.includes(up)) return;
    }
    wide.push(el);
  });
  wide.slice(0, 6).forEach((el) => {
    const cls = el.getAttribute("class");
    const text = (el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 40);
    problems.push(`too wide (right edge ${Math.round(el.getBoundingClientRect().right)}px): `
      + `<${el.tagName.toLowerCase()}${cls ? ` class="${cls}"` : ""}> "${text}"`);
  });
  return problems;
}
"""


@dataclass
class Audit:
    page: Page
    screenshot: Shot
    failures: list[str]
    shot: set[str] = field(default_factory=set)

    def visit(self, who: str, path: str, widths: tuple[dict[str, int], ...]) -> None:
        self.page.set_viewport_size(widths[0])
        response = self.page.goto(path)
        assert response is not None
        if response.status >= 500:
            self.failures.append(f"{who} {path}: HTTP {response.status}")
            return
        self.page.wait_for_function(SETTLED)
        for width in widths:
            self.page.set_viewport_size(width)
            self.check(who, path, width)
            if width != widths[-1]:
                self.page.reload()
                self.page.wait_for_function(SETTLED)

    def check(self, who: str, path: str, width: dict[str, int]) -> None:
        where = f"{who} {path} at {width['width']}px"
        problems: list[str] = []
        problems += self.page.evaluate(OVERFLOW)
        if width == PHONE:
            self.maybe_shoot(who, path)
        found = self.page.evaluate(AUDIT, {"colourWords": COLOUR_WORDS, "openDetails": True})
        problems += found
        if width == PHONE:
            problems += [f"with every <details> open: {p}" for p in self.page.evaluate(OVERFLOW)]
        self.failures += [f"{where}: {problem}" for problem in problems]

    def maybe_shoot(self, who: str, path: str) -> None:
        name = next((n for n, pattern in SHOTS.items() if re.search(pattern, path)), None)
        if who == PRODUCT_OWNER and name and name not in self.shot:
            self.shot.add(name)
            self.screenshot(self.page, f"a11y-{name}-375")


def sign_in(page: Page, email: str) -> None:
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(builder.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(rf"/o/{story.ORG_SLUG}/$"))


def every_page(org: Organization) -> list[str]:
    """The main event pages of the demo test, and the pages one click further."""
    slug = org.slug
    checkout = Team.objects.for_org(org).get(key="CHK")
    running = Sprint.objects.get(team=checkout, state="active")
    closed = Sprint.objects.filter(team=checkout, state="closed").order_by("-number").first()
    cycle = Cycle.objects.for_org(org).get(state="active")
    objective = Objective.objects.for_org(org).filter(team=None, cycle=cycle).first()
    team_objective = Objective.objects.for_org(org).filter(team=checkout, cycle=cycle).first()
    kr = KeyResult.objects.filter(objective=team_objective).first()
    item = BacklogItem.objects.filter(team=checkout, sprint=running).first()
    product_goal = ProductGoal.objects.filter(team=checkout).first()
    goal = Goal.objects.for_org(org).first()
    assert closed, "the demo has a closed sprint of Checkout"
    assert objective, "the demo has a company objective"
    assert team_objective, "the demo has an objective of Checkout"
    assert kr, "the objective of Checkout has a key result"
    assert item, "the running sprint has an item"
    assert product_goal, "Checkout has a product goal"
    assert goal, "the demo has a goal"
    url = reverse
    extra = [
        url("okrs:objective", args=[slug, objective.pk]),
        url("okrs:objective", args=[slug, team_objective.pk]),
        url("okrs:edit_objective", args=[slug, team_objective.pk]),
        url("okrs:new_objective", args=[slug, cycle.pk]),
        url("okrs:new_key_result", args=[slug, team_objective.pk]),
        url("okrs:key_result", args=[slug, kr.pk]),
        url("okrs:edit_key_result", args=[slug, kr.pk]),
        url("okrs:edit_goal", args=[slug, goal.pk]),
        url("okrs:review", args=[slug, cycle.pk]),
        url("okrs:planning", args=[slug, cycle.pk]),
        url("okrs:check_in_session", args=[slug, cycle.pk]) + f"?team={checkout.pk}",
        url("okrs:edit_cycle", args=[slug, cycle.pk]),
        url("okrs:team_objectives", args=[slug, checkout.pk]),
        url("retros:cycle_retro", args=[slug, cycle.pk]),
        url("scrum:item", args=[slug, item.pk]),
        url("scrum:product_goal", args=[slug, product_goal.pk]),
        url("scrum:settings", args=[slug, checkout.pk]),
        url("scrum:planning", args=[slug, running.pk]),
        url("scrum:planning", args=[slug, closed.pk]),
        url("scrum:sprint", args=[slug, closed.pk]),
        url("scrum:daily", args=[slug, closed.pk]),
        url("retros:sprint_retro", args=[slug, running.pk]),
        url("teams:team", args=[slug, checkout.pk]),
        url("teams:edit_team", args=[slug, checkout.pk]),
        url("insights:alignment", args=[slug]),
        url("insights:key_result_insights", args=[slug, kr.pk]),
        url("insights:sprint_forecasts", args=[slug, running.pk]),
        url("tenancy:members", args=[slug]),
        url("tenancy:audit", args=[slug]),
        url("tenancy:settings", args=[slug]),
        url("tenancy:organizations"),
        url("accounts:tokens", args=[slug]),
        url("accounts:password_change"),
    ]
    return list(dict.fromkeys([*main_event_pages(org), *extra]))


def nav_links(page: Page) -> list[str]:
    hrefs: list[str] = page.evaluate(
        "() => [...document.querySelectorAll('header nav a[href^=\"/\"]')]"
        ".map((a) => a.getAttribute('href'))"
    )
    return hrefs


def test_every_page_has_names_keyboard_ways_worded_status_and_fits_a_phone(
    new_page: Callable[[], Page], screenshot: Shot
) -> None:
    with QUIET_MAIL:
        demo = builder.build()
    pages = every_page(demo.org)
    failures: list[str] = []

    anonymous = Audit(new_page(), screenshot, failures)
    for path in PUBLIC:
        anonymous.visit("signed out", path, (PHONE, DESKTOP))
    for email, widths in RUNS:
        audit = Audit(new_page(), screenshot, failures)
        sign_in(audit.page, email)
        for path in dict.fromkeys([*nav_links(audit.page), *pages]):
            audit.visit(email, path, widths)

    assert not failures, f"{len(failures)} accessibility problems:\n" + "\n".join(failures)


# A focused element shows it: its outline or box-shadow differs from when it has no focus.
FOCUS_RING = """(el) => {
  const ring = () => {
    const style = getComputedStyle(el);
    const outline = style.outlineStyle === "none" ? "" : style.outline;
    return `${outline} | ${style.boxShadow}`;
  };
  const focused = ring();
  el.blur();
  const unfocused = ring();
  el.focus();
  return focused !== unfocused;
}"""


def tab_to(page: Page, target: Locator, most: int = 80) -> None:
    """Press Tab until `target` has the focus (at most `most` times); it must show the focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("(el) => el === document.activeElement"):
            assert target.evaluate(FOCUS_RING), f"{target} has the focus but does not show it"
            return
    raise AssertionError(f"Tab did not reach {target} in {most} presses")


def test_the_keyboard_skips_to_the_content_and_moves_backlog_items_and_board_cards(
    new_page: Callable[[], Page],
) -> None:
    with QUIET_MAIL:
        demo = builder.build()
    checkout = Team.objects.for_org(demo.org).get(key="CHK")
    page = new_page()
    sign_in(page, PRODUCT_OWNER)

    # The first Tab shows the skip link; Enter on it puts the focus on the main content.
    page.goto(reverse("scrum:backlog", args=[demo.org.slug, checkout.pk]))
    skip = page.get_by_role("link", name="Skip to content")
    tab_to(page, skip, most=1)
    box = skip.bounding_box()
    assert box is not None
    assert box["y"] >= 0, "the focused skip link stays above the window"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # From there Tab reaches the first backlog row's buttons; Space moves the row down.
    rows = page.get_by_test_id("backlog-item")
    first, second = (rows.nth(n).locator(".item-key").inner_text() for n in (0, 1))
    down = rows.first.get_by_role("button", name=f"Move {first} down")
    tab_to(page, down)
    with page.expect_response(re.compile(r"/items/\d+/move/$")) as moved:
        page.keyboard.press("Space")
    assert moved.value.status == 204
    expect(rows.locator(".item-key").nth(0)).to_have_text(second)
    expect(rows.locator(".item-key").nth(1)).to_have_text(first)
    expect(page.get_by_role("button", name=f"Move {first} down")).to_be_focused()
    ranked = BacklogItem.objects.filter(team=checkout, status__in=["new", "ready", "in_progress"])
    ranked_keys = [item.key for item in ranked.order_by("rank")]
    assert ranked_keys.index(second) < ranked_keys.index(first)

    # The board: Tab reaches the first card's move button; Enter moves the card to that column.
    page.goto(reverse("scrum:board", args=[demo.org.slug, checkout.pk]))
    card = page.get_by_test_id("card").first
    key = card.locator(".item-key").inner_text()
    move = card.locator(".card-moves button").first
    label = move.get_attribute("aria-label") or ""
    column = re.fullmatch(rf"Move {key} (?:back|on) to (.+)", label)
    assert column, f"the first card's first button is {label!r}"
    tab_to(page, move)
    with page.expect_response(re.compile(r"/items/\d+/status/$")):
        page.keyboard.press("Enter")
    target = page.get_by_role("region", name=re.compile(f"^{column.group(1)} "))
    expect(target.get_by_test_id("card").filter(has_text=key)).to_be_visible()
    item = BacklogItem.objects.get(team=checkout, number=int(key.split("-")[1]))
    assert item.get_status_display() == column.group(1)
