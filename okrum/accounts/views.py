"""HTML handlers for signup, sign-in, joining by invitation, and API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from okrum.accounts import forms, queries, services
from okrum.core.errors import DomainError, Invalid
from okrum.core.forms import add_errors
from okrum.tenancy import services as tenancy
from okrum.tenancy.access import org_of, roles
from okrum.tenancy.roles import Role


class SignInView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = forms.LoginForm
    redirect_authenticated_user = True


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = forms.SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user, org, _ = services.sign_up(
                    name=data["name"],
                    email=data["email"],
                    password=data["password"],
                    organization=data["organization"],
                )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome to Okrum! Your 90-day free trial has started.")
            return redirect("insights:home", org_slug=org.slug)
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation email: join with a new account, or accept while signed in."""
    try:
        invite = tenancy.open_invitation(token)
    except DomainError as exc:
        return render(request, "error.html", {"detail": exc.detail}, status=exc.status)
    user = request.user
    form = forms.JoinForm(request.POST or None)
    error = None
    if request.method == "POST":
        try:
            with transaction.atomic():
                if user.is_authenticated:
                    membership = tenancy.accept_invitation(raw_token=token, user=user)
                elif form.is_valid():
                    user, membership = services.join_by_invitation(
                        raw_token=token,
                        name=form.cleaned_data["name"],
                        password=form.cleaned_data["password"],
                    )
                    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                else:
                    raise Invalid({}, "Please correct the fields below.")
        except DomainError as exc:
            if exc.errors:
                add_errors(form, exc)
            else:
                error = exc.detail
        else:
            org = membership.organization
            messages.success(request, f"You joined {org.name} as {membership.get_role_display()}.")
            return redirect("insights:home", org_slug=org.slug)
    has_account = not user.is_authenticated and queries.email_taken(invite.email)
    context = {"invitation": invite, "form": form, "error": error, "has_account": has_account}
    return render(request, "accounts/invitation.html", context)


@roles(write=Role.VIEWER)
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest, org_slug: str) -> HttpResponse:
    _, membership = org_of(request)
    form = forms.TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                token, raw = services.create_api_token(
                    membership=membership,
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    expires_at=form.cleaned_data["expires_at"],
                )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            created = {"token": token, "raw": raw}
            form = forms.TokenForm()
    context = {"form": form, "created": created, "tokens": queries.tokens_of(membership)}
    return render(request, "accounts/tokens.html", context)


@roles(write=Role.VIEWER)
@require_POST
def revoke_token(request: HttpRequest, org_slug: str, token_id: int) -> HttpResponse:
    org, membership = org_of(request)
    with transaction.atomic():
        token = queries.token_of(membership, org, token_id)
        services.revoke_api_token(token=token, by=membership.user)
    messages.success(request, f"Token “{token.name}” revoked; it no longer works.")
    return redirect("accounts:tokens", org_slug=org.slug)
