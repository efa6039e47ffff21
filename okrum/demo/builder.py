"""The demo organization, built through the services so it is audited and consistent."""

from __future__ import annotations

from dataclasses import dataclass

from okrum.accounts import services as accounts
from okrum.accounts.models import User
from okrum.tenancy import services as tenancy
from okrum.tenancy.models import Organization
from okrum.tenancy.roles import Role

DEMO_PASSWORD = "okrum-demo"  # printed by `make run`; the demo is for trying Okrum out locally

# (name, email, role): one person per organization role.
PEOPLE = [
    ("Olivia Owner", "owner@demo.okrum.test", Role.OWNER),
    ("Adam Admin", "admin@demo.okrum.test", Role.ADMIN),
    ("Mia Member", "member@demo.okrum.test", Role.MEMBER),
    ("Victor Viewer", "viewer@demo.okrum.test", Role.VIEWER),
]


@dataclass(frozen=True)
class Demo:
    org: Organization
    people: list[tuple[User, str]]


def build() -> Demo:
    """The demo organization with one person per role; the caller owns the transaction."""
    owner_name, owner_email, _ = PEOPLE[0]
    owner, org, owner_membership = accounts.sign_up(
        name=owner_name, email=owner_email, password=DEMO_PASSWORD, organization="Demo Store"
    )
    people = [(owner, Role.OWNER)]
    for name, email, role in PEOPLE[1:]:
        _, raw = tenancy.invite(org=org, by=owner_membership, email=email, role=role)
        user, _ = accounts.join_by_invitation(raw_token=raw, name=name, password=DEMO_PASSWORD)
        people.append((user, role))
    return Demo(org=org, people=[(u, str(r)) for u, r in people])
