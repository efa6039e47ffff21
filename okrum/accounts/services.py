"""Writes about people: signup, joining through an invitation, API tokens."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from okrum.accounts import queries
from okrum.accounts.models import ApiToken, TokenScope, User
from okrum.core.errors import Conflict, Invalid
from okrum.core.secrets import digest, new_secret
from okrum.core.time import now
from okrum.tenancy import audit
from okrum.tenancy import services as tenancy
from okrum.tenancy.models import Membership, Organization
from okrum.tenancy.roles import Role, role_at_least

# Recording every request's use would turn each read into a write; a few minutes is precise enough.
_LAST_USED_PRECISION = timedelta(minutes=5)


def _clean_person(
    *, name: str, email: str, password: str, extra_errors: dict[str, str] | None = None
) -> tuple[str, str]:
    """The tidied name and address, or Invalid naming every bad field at once."""
    errors = dict(extra_errors or {})
    cleaned_name = " ".join(name.split())
    address = email.strip().lower()
    if not cleaned_name:
        errors["name"] = "Tell us your name."
    try:
        validate_email(address)
    except ValidationError:
        errors["email"] = "Enter a valid email address."
    try:
        validate_password(password, User(email=address, name=cleaned_name))
    except ValidationError as exc:
        errors["password"] = " ".join(exc.messages)
    if errors:
        raise Invalid(errors)
    if queries.email_taken(address):
        raise Conflict(
            f"An account with {address} already exists; sign in instead.",
            {"email": "An account with this email already exists."},
        )
    return cleaned_name, address


def sign_up(
    *, name: str, email: str, password: str, organization: str
) -> tuple[User, Organization, Membership]:
    """A new user who owns a new organization on a 90-day free trial."""
    org_errors = {} if organization.strip() else {"organization": "Name your organization."}
    cleaned_name, address = _clean_person(
        name=name, email=email, password=password, extra_errors=org_errors
    )
    user = User.objects.create_user(address, password, name=cleaned_name)
    org, membership = tenancy.create_organization(name=organization, owner=user)
    return user, org, membership


def join_by_invitation(*, raw_token: str, name: str, password: str) -> tuple[User, Membership]:
    """A new account for the invited address, which becomes a member at once."""
    invitation = tenancy.open_invitation(raw_token)
    cleaned_name, address = _clean_person(name=name, email=invitation.email, password=password)
    user = User.objects.create_user(address, password, name=cleaned_name)
    membership = tenancy.accept_invitation(raw_token=raw_token, user=user)
    return user, membership


def create_api_token(
    *, membership: Membership, name: str, scope: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A token of `membership`; the raw secret is returned once and never stored."""
    errors: dict[str, str] = {}
    cleaned = " ".join(name.split())
    if not cleaned:
        errors["name"] = "Name the token after what will use it."
    elif len(cleaned) > 80:
        errors["name"] = "Keep the name under 80 characters."
    if scope not in TokenScope.values:
        errors["scope"] = "Choose read or write."
    elif scope == TokenScope.WRITE and not role_at_least(membership.role, Role.MEMBER):
        errors["scope"] = "Viewers can only create read tokens."
    if expires_at is not None and expires_at <= now():
        errors["expires_at"] = "The expiry must be in the future."
    if errors:
        raise Invalid(errors)
    raw = new_secret("okr")
    token = ApiToken.objects.create(
        organization=membership.organization,
        membership=membership,
        name=cleaned,
        prefix=raw[:10],
        token_hash=digest(raw),
        scope=scope,
        expires_at=expires_at,
    )
    audit.record(
        org=membership.organization,
        actor=membership.user,
        action="api_token.created",
        obj=token,
        after={"name": cleaned, "scope": scope, "prefix": token.prefix},
    )
    return token, raw


def revoke_api_token(*, token: ApiToken, by: User) -> ApiToken:
    if token.revoked_at is not None:
        raise Conflict("This token is already revoked.")
    token.revoked_at = now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        org=token.organization,
        actor=by,
        action="api_token.revoked",
        obj=token,
        before={"name": token.name, "prefix": token.prefix},
    )
    return token


def authenticate_token(raw: str) -> ApiToken | None:
    """The usable token behind a bearer secret, or None."""
    token = queries.token_by_hash(digest(raw))
    if token is None or not token.is_usable or not token.membership.user.is_active:
        return None
    moment = now()
    if token.last_used_at is None or moment - token.last_used_at > _LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=moment)
        token.last_used_at = moment
    return token
