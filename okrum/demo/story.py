"""What the demo tells: a fitness-wear store redesigning its checkout (people, OKRs, backlog)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from okrum.tenancy.roles import Role

ORG_NAME = "Fitwear Demo Store"
ORG_SLUG = "fitwear-demo-store"  # what signup makes of the name; `okrum demo` looks for it
VISION = "To become the best online store for fitness wear"
FOCUS = "Improve the online store's checkout procedure"
COMPANY_OBJECTIVE = (
    "Redesign the interface between adding products to the cart and checking out, "
    "so users find it easier to use"
)


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    email: str
    role: Role
    title: str


# The first four are the sign-in details `make run` has always printed; the rest staff the teams.
PEOPLE = [
    Person("owner", "Olivia Owner", "owner@demo.okrum.test", Role.OWNER, "CEO"),
    Person("admin", "Adam Admin", "admin@demo.okrum.test", Role.ADMIN, "Head of product"),
    Person(
        "member", "Mia Member", "member@demo.okrum.test", Role.MEMBER, "Product owner, Checkout"
    ),
    Person("viewer", "Victor Viewer", "viewer@demo.okrum.test", Role.VIEWER, "Stakeholder, sales"),
    Person("sam", "Sam Scrum", "scrum@demo.okrum.test", Role.MEMBER, "Scrum master"),
    Person("pia", "Pia Payne", "payments@demo.okrum.test", Role.MEMBER, "Product owner, Payments"),
    Person("gus", "Gus Grove", "growth@demo.okrum.test", Role.MEMBER, "Product owner, Growth"),
    Person("dan", "Dan Dev", "dev@demo.okrum.test", Role.MEMBER, "Developer"),
    Person("lena", "Lena Park", "lena@demo.okrum.test", Role.MEMBER, "Developer"),
    Person("tom", "Tom Berger", "tom@demo.okrum.test", Role.MEMBER, "Developer"),
    Person("ana", "Ana Costa", "ana@demo.okrum.test", Role.MEMBER, "Developer"),
    Person("ken", "Ken Ito", "ken@demo.okrum.test", Role.MEMBER, "Developer"),
    Person("nora", "Nora Ali", "nora@demo.okrum.test", Role.MEMBER, "Developer"),
]


@dataclass(frozen=True)
class TeamStory:
    key: str
    name: str
    description: str
    product_owner: str
    scrum_master: str
    developers: tuple[str, ...]
    stakeholder: str
    product_goal: str


TEAMS = [
    TeamStory(
        "CHK",
        "Checkout",
        "Everything between the cart and the order confirmation.",
        "member",
        "sam",
        ("dan", "lena", "tom"),
        "viewer",
        "A checkout so simple that nobody abandons a full cart",
    ),
    TeamStory(
        "PAY",
        "Payments",
        "Payment methods, payment providers and fraud checks.",
        "pia",
        "sam",
        ("ana", "ken"),
        "viewer",
        "Every customer can pay the way they prefer, and every payment goes through",
    ),
    TeamStory(
        "GRO",
        "Growth",
        "Returning customers, accounts, newsletters and analytics.",
        "gus",
        "sam",
        ("nora", "dan"),
        "owner",
        "Returning customers order again in seconds",
    ),
]


@dataclass(frozen=True)
class KrStory:
    """A key result and how its weekly check-ins move: `pace` 1 keeps up with the calendar."""

    tag: str
    title: str
    kind: str
    unit: str
    start: Decimal | None
    target: Decimal | None
    owner: str
    pace: float = 1.15  # a little ahead, so a week-old check-in is still on track
    places: int = 0


def _d(value: str) -> Decimal:
    return Decimal(value)


COMPANY_KRS = [
    KrStory(
        "bugs",
        "Bugs and technical issues reported against checkout this quarter",
        "decrease_to",
        "issues",
        _d("40"),
        _d("12"),
        "admin",
    ),
    KrStory(
        "share",
        "Share of orders placed through the new checkout",
        "increase_to",
        "%",
        _d("0"),
        _d("80"),
        "member",
        places=1,
    ),
    KrStory(
        "checkouts",
        "Checkouts per day, averaged over two weeks",
        "increase_to",
        "checkouts",
        _d("420"),
        _d("600"),
        "member",
        pace=0.4,
    ),
    KrStory(
        "prototype",
        "Checkout prototype validated with 20 customers",
        "milestone",
        "",
        None,
        None,
        "member",
    ),
]

TEAM_OBJECTIVES = {
    "CHK": (
        "Ship a checkout that feels effortless",
        [
            KrStory(
                "steps",
                "Steps from cart to order confirmation",
                "decrease_to",
                "steps",
                _d("7"),
                _d("3"),
                "member",
            ),
            KrStory(
                "sus",
                "Checkout usability score (SUS)",
                "increase_to",
                "points",
                _d("62"),
                _d("80"),
                "lena",
                places=1,
            ),
        ],
    ),
    "PAY": (
        "Offer the payment methods our customers ask for",
        [
            KrStory(
                "methods",
                "Payment methods available at checkout",
                "increase_to",
                "methods",
                _d("3"),
                _d("7"),
                "pia",
            ),
            KrStory(
                "failures",
                "Failed payments per 1,000 orders",
                "decrease_to",
                "failures",
                _d("18"),
                _d("5"),
                "ken",
                places=1,
            ),
        ],
    ),
}

# Last quarter's objectives: (team key or None, title, kind, KRs, how far each got).
PREVIOUS_OBJECTIVES = [
    (
        None,
        "Make the online store fast and reliable on every device",
        "committed",
        [
            KrStory(
                "load",
                "Product page load time on mobile (75th percentile)",
                "decrease_to",
                "s",
                _d("4.2"),
                _d("2.0"),
                "admin",
                pace=1.0,
                places=1,
            ),
            KrStory(
                "uptime",
                "Days without a checkout outage",
                "increase_to",
                "days",
                _d("60"),
                _d("88"),
                "owner",
                pace=0.9,
            ),
        ],
    ),
    (
        "CHK",
        "Find out where shoppers struggle between cart and checkout",
        "committed",
        [
            KrStory(
                "interviews",
                "Customer interviews about the checkout",
                "increase_to",
                "interviews",
                _d("0"),
                _d("12"),
                "member",
                pace=1.0,
            ),
            KrStory(
                "funnel",
                "Checkout funnel analytics live",
                "milestone",
                "",
                None,
                None,
                "lena",
                pace=1.0,
            ),
        ],
    ),
    (
        "GRO",
        "Bring returning customers back to the store",
        "aspirational",
        [
            KrStory(
                "repeat",
                "Returning customers who order again within 60 days",
                "increase_to",
                "%",
                _d("18"),
                _d("30"),
                "gus",
                pace=0.45,
                places=1,
            ),
            KrStory(
                "saved",
                "Orders placed with a saved address and card",
                "increase_to",
                "%",
                _d("10"),
                _d("40"),
                "nora",
                pace=0.5,
                places=1,
            ),
        ],
    ),
]
# The objective the OKR retro extends into this cycle (the Growth team's).
EXTENDED = "Bring returning customers back to the store"
OVERRIDE_REASON = (
    "The outage-free days came from a code freeze, not from sturdier code; we grade it lower."
)
