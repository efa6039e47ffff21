"""A new customer signs up, invites a colleague by email, and the colleague joins."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from playwright.sync_api import expect

from tests.factories.accounts import PASSWORD

INVITATION_LINK = re.compile(r"https?://\S+/invitations/\S+/")


def test_a_new_customer_signs_up_and_invites_a_colleague_who_joins(
    page, new_page, live_server, mailoutbox, screenshot
):
    page.goto("/")
    screenshot(page, "01-welcome")
    page.get_by_role("button", name="Start free trial", exact=True).click()

    expect(page.get_by_role("heading", name="Start your free trial")).to_be_visible()
    page.get_by_label("Your name").fill("Alice Archer")
    page.get_by_label("Work email").fill("alice@example.com")
    page.get_by_label("Password", exact=True).fill("rockets to the moon 42")
    page.get_by_label("Organization name").fill("Acme Rockets")
    screenshot(page, "02-signup")
    page.get_by_role("button", name="Create organization").click()

    expect(page).to_have_url(re.compile(r"/o/acme-rockets/$"))
    expect(page.get_by_role("heading", name="Acme Rockets", level=1)).to_be_visible()
    expect(page.get_by_test_id("trial-banner")).to_contain_text("90 days left")
    screenshot(page, "03-org-home")

    page.get_by_role("link", name="Members", exact=True).click()
    page.get_by_label("Email").fill("bob@example.com")
    page.get_by_label("Role", exact=True).select_option(label="Member")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status").filter(has_text="Invitation sent")).to_contain_text(
        "bob@example.com"
    )
    expect(page.get_by_test_id("pending-invitations")).to_contain_text("bob@example.com")
    screenshot(page, "04-members-after-invite")

    assert [m.to for m in mailoutbox] == [["bob@example.com"]]
    found = INVITATION_LINK.search(mailoutbox[0].body)
    assert found, mailoutbox[0].body
    link = found.group(0)
    assert link.startswith(settings.BASE_URL)
    invitation_path = urlsplit(link).path

    page.locator("header summary", has_text="Alice Archer").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    bob = new_page()
    bob.goto(live_server.url + invitation_path)
    expect(bob.get_by_role("heading", name="Join Acme Rockets")).to_be_visible()
    expect(bob.get_by_label("Email")).to_have_value("bob@example.com")
    bob.get_by_label("Your name").fill("Bob Baker")
    bob.get_by_label("Choose a password").fill("a sturdy passphrase 7")
    screenshot(bob, "05-invitation")
    bob.get_by_role("button", name="Create account and join").click()

    expect(bob).to_have_url(re.compile(r"/o/acme-rockets/$"))
    expect(bob.get_by_role("heading", name="Acme Rockets", level=1)).to_be_visible()
    expect(bob.get_by_role("status").filter(has_text="You joined")).to_contain_text("Member")
    screenshot(bob, "06-bob-home")

    bob.get_by_role("link", name="Members", exact=True).click()
    members = bob.get_by_test_id("members")
    expect(members.get_by_role("row").filter(has_text="Bob Baker")).to_contain_text("(you)")
    expect(members.get_by_role("row").filter(has_text="Alice Archer")).to_contain_text("Owner")
    screenshot(bob, "07-bob-members")


def test_sign_in_rejects_a_wrong_password_and_accepts_the_right_one(world, page, screenshot):
    page.goto("/login/")
    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_contain_text("correct")
    screenshot(page, "08-login-wrong-password")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/o/acme/$"))
    expect(page.get_by_role("heading", name="Acme", level=1)).to_be_visible()
