"""The demo's Scrum story: each team's backlog, sprint goals, review feedback and retro cards."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ItemStory:
    title: str
    kind: str
    estimate: int | None
    krs: tuple[str, ...] = ()


def _i(title: str, estimate: int | None, *krs: str, kind: str = "story") -> ItemStory:
    return ItemStory(title, kind, estimate, krs)


BACKLOG = {
    "CHK": [
        # Ordered in the chunks the sprints take (about 20 points each; the last item of each
        # sprint is unfinished and leads the next one), so every sprint's work fits its goal.
        _i("Show the order total with shipping before the address step", 3, "steps", "sus"),
        _i("Fix: cart loses items after signing in", 3, "bugs", kind="bug"),
        _i("Merge the address and shipping steps into one page", 8, "steps", "share"),
        _i("Fix: coupon code field rejects lowercase codes", 1, "bugs", kind="bug"),
        _i("Address autocomplete on the delivery form", 5, "steps", "sus"),
        _i("Clickable prototype of the one-page checkout", 5, "prototype"),
        _i(
            "Usability test of the new checkout with five customers",
            2,
            "sus",
            "prototype",
            kind="spike",
        ),
        _i("Inline validation for the delivery form", 3, "sus", "bugs"),
        _i("Fix: checkout button hidden behind the cookie banner on iPhone", 2, "bugs", kind="bug"),
        _i("Sticky order summary on mobile", 3, "sus"),
        _i("Guest checkout without creating an account", 5, "steps", "share"),
        _i("Route 10% of orders through the new checkout", 3, "share"),
        _i("Error messages that say how to fix the problem", 3, "bugs", "sus"),
        _i("Track checkout step timings in analytics", 2, "checkouts", kind="task"),
        _i("Fix: quantity stepper allows zero items", 1, "bugs", kind="bug"),
        _i("Keyboard navigation through the whole checkout", 3, "sus"),
        _i("Route half of all orders through the new checkout", 2, "share"),
        _i("Fix: totals round differently in cart and checkout", 2, "bugs", kind="bug"),
        _i("Fix: order confirmation email sent twice", 2, "bugs", kind="bug"),
        _i("Show delivery dates per item in the cart", 5, "checkouts", "sus"),
        _i("Remember the chosen size in the cart", 3, "checkouts"),
        _i("Apply vouchers on the one-page checkout", 3, "checkouts", "share"),
        _i("One-click order option", 8, "checkouts", "steps"),
        _i("Pre-fill the delivery form for signed-in customers", 3, "steps", "checkouts"),
        _i("Save the cart for signed-out visitors for 30 days", 5, "checkouts"),
        _i("Show the remaining stock of an item in the cart", 2, "checkouts"),
        _i("Route all orders through the new checkout", 3, "share"),
        _i("Express delivery option at checkout", 5, "checkouts"),
        _i("Load the checkout in under a second on mobile", 5, "checkouts", "sus"),
        _i("Cross-sell socks and bottles on the cart page", 5, "checkouts"),
        _i("Remove the old checkout code", 5, kind="task"),
        _i("Spike: can the checkout run as one page without reloads?", 3, kind="spike"),
        _i("Gift wrapping option", None),
    ],
    "PAY": [
        _i("Integrate more payment methods", 8, "methods", "share"),
        _i("Apple Pay and Google Pay", 5, "methods", "checkouts"),
        _i("Pay by invoice for returning customers", 8, "methods"),
        _i("PayPal Express from the cart page", 5, "methods", "steps"),
        _i("Retry a declined card payment without re-entering the address", 3, "failures", "bugs"),
        _i("Fix: 3-D Secure pop-up blocked on Safari", 3, "failures", "bugs", kind="bug"),
        _i("Show the reason when a payment is declined", 2, "failures", "sus"),
        _i("Switch card payments to the provider's new API", 8, "failures", kind="task"),
        _i("Alert on a rising payment failure rate", 3, "failures", kind="task"),
        _i(
            "Fix: double charge when the confirm button is clicked twice",
            5,
            "failures",
            "bugs",
            kind="bug",
        ),
        _i("Buy now, pay later for orders over 100 euros", 8, "methods"),
        _i("Store cards securely for one-click payment", 5, "methods", "checkouts"),
        _i("Dashboard of payment methods by share of orders", 3, "methods", kind="task"),
        _i(
            "Spike: which payment methods do customers in Austria expect?",
            2,
            "methods",
            kind="spike",
        ),
        _i("Refunds to the original payment method in one click", 5),
        _i("Update the PCI compliance documentation", 2, kind="task"),
    ],
    "GRO": [
        _i(
            "Analyze the acceptance of the new checkout by returning customers",
            3,
            "share",
            "repeat",
            kind="spike",
        ),
        _i("Save the delivery address at the first order", 3, "saved"),
        _i("Reorder a previous order from the account page", 5, "repeat", "checkouts"),
        _i("Reminder email for carts left for 24 hours", 5, "checkouts", "repeat"),
        _i("Newsletter sign-up on the order confirmation page", 2, "repeat"),
        _i("Personal size profile for returning customers", 8, "repeat", "saved"),
        _i("Loyalty points shown in the cart", 5, "repeat"),
        _i("Sign in with a magic link instead of a password", 5, "saved", "steps"),
        _i("A/B test: free shipping threshold banner in the cart", 3, "checkouts"),
        _i("Cohort report of returning customers", 3, "repeat", kind="task"),
        _i("Fix: saved addresses lose the house number", 2, "saved", "bugs", kind="bug"),
        _i("Back-in-stock notifications", 5, "repeat"),
        _i("Referral code for friends", 5),
        _i("Survey returning customers about the new checkout", 2, "share", "sus", kind="task"),
        _i("Clean up tracking consent for marketing tags", 3, kind="task"),
    ],
}

SPRINT_GOALS = {
    "CHK": [
        ("Customers see what they pay before they type an address", ("steps",)),
        ("The prototype of the one-page checkout is tested with customers", ("prototype", "sus")),
        ("A tenth of all orders go through the new checkout", ("share",)),
        ("Half of all orders go through the new checkout without new bugs", ("share", "bugs")),
        ("Returning customers can order with one click", ("checkouts",)),
    ],
    "PAY": [
        ("Customers can pay with Apple Pay and Google Pay", ("methods",)),
        ("A declined card no longer ends the order", ("failures",)),
        ("Card payments run on the provider's new API without new failures", ("failures", "bugs")),
        ("Returning customers can pay by invoice", ("methods",)),
        ("Buy now, pay later is ready for orders over 100 euros", ("methods", "share")),
    ],
    "GRO": [
        ("We know how returning customers take to the new checkout", ("share", "repeat")),
        ("Returning customers find their address already filled in", ("saved",)),
        ("A forgotten cart brings its customer back", ("repeat", "checkouts")),
        ("Returning customers can reorder in two clicks", ("repeat",)),
    ],
}

REVIEW_FEEDBACK = [
    "Sales likes the total shown early; asks whether vouchers can appear there too.",
    "Customers in the test found the one-page checkout faster; the size question confused two.",
    "Support reports fewer calls about lost carts. Marketing wants the new checkout on campaigns.",
    "Stakeholders want a date for all orders on the new checkout; the bug count is still too high.",
]

RETRO_CARDS = [
    (
        ["Pairing on the cart bug found the cause in an hour"],
        ["Too many items entered the sprint without acceptance criteria"],
        "Write acceptance criteria before an item is ready",
    ),
    (
        ["Testing the prototype with real customers", "Design and development sat together"],
        ["The staging environment was down for two days"],
        "Monitor staging and alert the team when it is down",
    ),
    (
        ["The feature flag let us roll out to 10% safely"],
        ["Daily scrum drifted into problem solving", "Late review of the analytics events"],
        "Keep the daily scrum to 15 minutes; solve problems right after",
    ),
    (
        ["Bug count went down two weeks in a row"],
        ["Checkouts per day barely moved: we build, but do customers notice?"],
        "Ask support for the top three checkout complaints every sprint",
    ),
]
